"""Writes to a body's obligations: its architecture, strategies, milestones and chief engineers,
and the Resolution 214/NQ-CP milestone templates applied to every matching body.

Each function asks architecture.access first (the admin, the API and the commands all call these),
validates the entry with its database constraints, and signs the history with the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from architecture import access
from architecture.models import (
    Body,
    BodyArchitecture,
    ChiefEngineer,
    FrameworkRequirement,
    FrameworkVersion,
    Milestone,
    MilestoneTemplate,
    Strategy,
)

PLAN_MODELS = (BodyArchitecture, Strategy, Milestone, ChiefEngineer)


def _require_plans(user, body: Body | None) -> None:
    if body is None or not access.can_edit_body_plans(user, body=body):
        raise PermissionDenied(_("You may not change the plans of this body."))


@transaction.atomic
def plan_entry_save(*, user, entry: Model, changes: dict | None = None) -> Model:
    """Create (entry without pk) or change a body's architecture, strategy, milestone or chief
    engineer. The editor must be allowed both the body it had and the body it gets."""
    if not isinstance(entry, PLAN_MODELS):
        raise TypeError(f"not a plan entry: {type(entry).__name__}")
    if entry.pk is not None:
        _require_plans(user, type(entry).objects.get(pk=entry.pk).body)
    for name, value in (changes or {}).items():
        setattr(entry, name, value)
    _require_plans(user, getattr(entry, "body", None) if entry.body_id else None)
    entry.full_clean()
    entry._history_user = user
    entry.save()
    return entry


def strategy_save(*, user, strategy: Strategy, changes: dict | None = None) -> Strategy:
    return plan_entry_save(user=user, entry=strategy, changes=changes)


def milestone_save(*, user, milestone: Milestone, changes: dict | None = None) -> Milestone:
    return plan_entry_save(user=user, entry=milestone, changes=changes)


def body_architecture_save(*, user, architecture: BodyArchitecture, changes: dict | None = None) -> BodyArchitecture:
    return plan_entry_save(user=user, entry=architecture, changes=changes)


def chief_engineer_save(*, user, engineer: ChiefEngineer, changes: dict | None = None) -> ChiefEngineer:
    """Correct a holder's facts or end their term (end_date). A new holder is appointed with
    chief_engineer_appoint, which ends the previous one."""
    return plan_entry_save(user=user, entry=engineer, changes=changes)


@transaction.atomic
def plan_entry_delete(*, user, entry: Model) -> None:
    """Delete an entry typed by mistake (the history keeps it). A former chief engineer is ended,
    not deleted; deleting is for mistakes."""
    if not isinstance(entry, PLAN_MODELS):
        raise TypeError(f"not a plan entry: {type(entry).__name__}")
    _require_plans(user, entry.body)
    entry._history_user = user
    entry.delete()


@transaction.atomic
def chief_engineer_appoint(*, user, body: Body, role: str, person_name: str, start_date: date,
                           position: str = "", email: str = "", phone: str = "", decision_number: str = "",
                           decision_date: date | None = None, note: str = "") -> ChiefEngineer:
    """Appoint the holder of `role` for `body` from `start_date`, ending the current holder's term
    on the same day, in one transaction (the current row is locked, so two appointments at once
    cannot both end it). The database allows one current holder per role and body."""
    _require_plans(user, body)
    previous = (ChiefEngineer.objects.select_for_update()
                .filter(body=body, role=role, end_date__isnull=True).first())
    if previous is not None:
        if start_date < previous.start_date:
            raise ValidationError({"start_date": _(
                "The new term cannot start before the current holder's term started (%(date)s)."
            ) % {"date": previous.start_date.isoformat()}})
        previous.end_date = start_date
        previous._history_user = user
        previous._change_reason = "ended by a new appointment"
        previous.save(update_fields=["end_date", "modified_at"])
    engineer = ChiefEngineer(
        body=body, role=role, person_name=person_name, position=position, email=email, phone=phone,
        decision_number=decision_number, decision_date=decision_date, start_date=start_date, note=note,
    )
    engineer.full_clean()
    engineer._history_user = user
    engineer.save()
    return engineer


@transaction.atomic
def milestone_templates_apply(*, templates: Iterable[MilestoneTemplate] | None = None,
                              bodies: Iterable[Body] | None = None, user) -> dict[str, int]:
    """Create, for each template (default: all), one milestone for every current body it applies
    to (restricted to `bodies` when given) that has none from it yet, in bulk with history.
    Idempotent: applying twice creates nothing twice (and the database has a unique constraint on
    body and template). `user=None` is the system (the management command run by an operator).
    Returns the number of milestones created per template code."""
    if user is not None and not access.can_apply_milestone_templates(user):
        raise PermissionDenied(_("Only administrators apply milestone templates."))
    chosen = list(templates) if templates is not None else list(MilestoneTemplate.objects.all())
    body_ids = None if bodies is None else [body.pk for body in bodies]
    created: dict[str, int] = {}
    for template in chosen:
        matching = Body.objects.filter(template.body_filter())
        if body_ids is not None:
            matching = matching.filter(pk__in=body_ids)
        missing = matching.exclude(milestones__template=template).values_list("pk", flat=True)
        new = [Milestone(body_id=pk, template=template, title=template.title_vi, description=template.description,
                         target_date=template.target_date) for pk in missing.iterator()]
        bulk_create_with_history(new, Milestone, batch_size=1000, default_user=user,
                                 default_change_reason=f"template {template.code}")
        created[template.code] = len(new)
    return created


# --- the framework register: administrators only

def _require_frameworks(user) -> None:
    if not access.can_manage_frameworks(user):
        raise PermissionDenied(_("Only administrators change this register."))


@transaction.atomic
def framework_register_save(*, user, entry: Model, changes: dict | None = None) -> Model:
    """Create or change a framework version, a requirement or a milestone template (administrators)."""
    if not isinstance(entry, (FrameworkVersion, FrameworkRequirement, MilestoneTemplate)):
        raise TypeError(f"not a framework register entry: {type(entry).__name__}")
    _require_frameworks(user)
    for name, value in (changes or {}).items():
        setattr(entry, name, value)
    entry.full_clean()
    entry._history_user = user
    entry.save()
    return entry


@transaction.atomic
def framework_register_delete(*, user, entry: Model) -> None:
    _require_frameworks(user)
    entry._history_user = user
    entry.delete()
