"""Figures of the bodies' own obligations (architecture: strategies, milestones, chief engineers).

These are public obligations (architecture.access: everyone reads them), so these figures are the
same for every reader. Registered into monitoring.figures' families when that module loads.

- Obligated bodies: the current ministries, ministerial-level agencies, government agencies and
  provinces, which Resolution 214/NQ-CP asks to issue a Data Strategy and a Digital Transformation
  Strategy and to appoint a chief IT engineer and a chief engineer for professional activities.
- Milestone states are architecture.models.milestones' derived states on the local date.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from architecture.models import (
    Body,
    BodyKind,
    ChiefEngineer,
    ChiefEngineerRole,
    Milestone,
    MilestoneState,
    Strategy,
    StrategyKind,
)
from architecture.models.milestones import milestone_state_filter
from architecture.models.plans import StrategyStatus
from monitoring import figures
from monitoring.figures import Definition, counts_grouped, percent_of

OBLIGATED_KINDS = [BodyKind.MINISTRY, BodyKind.MINISTERIAL_AGENCY, BodyKind.GOVERNMENT_AGENCY, BodyKind.PROVINCE]

DEFINITIONS = [
    Definition("bodies_obligated", _("Bodies that must issue strategies"), _("Current ministries, ministerial-level "
               "agencies, government agencies and provinces (Resolution 214/NQ-CP)."), "plans",
               list_name="bodies_obligated"),
    Definition("strategy_data_issued", _("Data strategy issued"), _("Obligated bodies with an issued Data "
               "Strategy."), "plans", list_name="strategy_data_issued"),
    Definition("strategy_dx_issued", _("Digital transformation strategy issued"), _("Obligated bodies with an "
               "issued Digital Transformation Strategy."), "plans", list_name="strategy_dx_issued"),
    Definition("strategies_share", _("Both strategies issued (%)"), _("Share of obligated bodies that issued both "
               "strategies (deadline September 2025)."), "plans", "percent", "strategies_missing"),
    Definition("chief_it_appointed", _("Chief IT engineer appointed"), _("Obligated bodies with a current chief IT "
               "engineer."), "plans", list_name="chief_it_appointed"),
    Definition("chief_professional_appointed", _("Chief professional engineer appointed"), _("Obligated bodies with "
               "a current chief engineer for professional activities."), "plans",
               list_name="chief_professional_appointed"),
    Definition("chief_engineers_share", _("Both chief engineers appointed (%)"), _("Share of obligated bodies with "
               "both chief engineers appointed."), "plans", "percent", "chief_engineers_missing"),
    Definition("milestones_total", _("Milestones"), _("Milestones of the bodies, cancelled ones excluded."),
               "milestones", list_name="milestones_total"),
    Definition("milestones_on_time", _("Milestones on time"), _("Open milestones whose target date has not passed "
               "(due soon included)."), "milestones", list_name="milestones_on_time"),
    Definition("milestones_late", _("Milestones late"), _("Open milestones past their target date by at most 30 "
               "days."), "milestones", list_name="milestones_late"),
    Definition("milestones_overdue", _("Milestones overdue"), _("Open milestones past their target date by more "
               "than 30 days."), "milestones", list_name="milestones_overdue"),
    Definition("milestones_done", _("Milestones done"), _("Milestones done, on time or late."), "milestones",
               list_name="milestones_done"),
    Definition("milestones_done_share", _("Milestones done (%)"), _("Share of milestones done."), "milestones",
               "percent", "milestones_behind"),
]


def _current(model, **conditions):
    return Exists(model.objects.filter(body=OuterRef("pk"), **conditions))


def _obligated_bodies():
    return Body.objects.filter(kind__in=OBLIGATED_KINDS, effective_to__isnull=True).annotate(
        has_data=_current(Strategy, kind=StrategyKind.DATA, status=StrategyStatus.ISSUED),
        has_dx=_current(Strategy, kind=StrategyKind.DIGITAL_TRANSFORMATION, status=StrategyStatus.ISSUED),
        has_chief_it=_current(ChiefEngineer, role=ChiefEngineerRole.IT, end_date__isnull=True),
        has_chief_professional=_current(ChiefEngineer, role=ChiefEngineerRole.PROFESSIONAL, end_date__isnull=True),
    )


def body_filters(now) -> dict[str, Q]:
    return {
        "bodies_obligated": Q(),
        "strategy_data_issued": Q(has_data=True),
        "strategy_dx_issued": Q(has_dx=True),
        "strategies_missing": Q(has_data=False) | Q(has_dx=False),
        "chief_it_appointed": Q(has_chief_it=True),
        "chief_professional_appointed": Q(has_chief_professional=True),
        "chief_engineers_missing": Q(has_chief_it=False) | Q(has_chief_professional=False),
    }


def milestone_filters(now: datetime.datetime) -> dict[str, Q]:
    today = timezone.localdate(now)

    def state(*states):
        return milestone_state_filter(*states, today=today)

    return {
        "milestones_total": ~state(MilestoneState.CANCELLED),
        "milestones_on_time": state(MilestoneState.ON_TIME, MilestoneState.DUE_SOON),
        "milestones_late": state(MilestoneState.LATE),
        "milestones_overdue": state(MilestoneState.OVERDUE),
        "milestones_behind": state(MilestoneState.LATE, MilestoneState.OVERDUE),
        "milestones_done": state(MilestoneState.DONE, MilestoneState.DONE_LATE),
    }


def bodies_grouped(*, body: Body | None) -> dict[str, Counter]:
    bodies = _obligated_bodies()
    if body is not None:
        bodies = bodies.filter(path__startswith=body.path)
    counts = {key: Count("id", filter=condition) for key, condition in body_filters(None).items()
              if not key.endswith("_missing")}
    counts["strategies_both"] = Count("id", filter=Q(has_data=True, has_dx=True))
    counts["chief_engineers_both"] = Count("id", filter=Q(has_chief_it=True, has_chief_professional=True))
    return counts_grouped(bodies, "path", body, counts)


def milestones_in(*, body: Body | None):
    milestones = Milestone.objects.all()
    return milestones.filter(body__path__startswith=body.path) if body is not None else milestones


def milestones_grouped(*, body: Body | None, now: datetime.datetime) -> dict[str, Counter]:
    counts = {key: Count("id", filter=condition) for key, condition in milestone_filters(now).items()
              if key != "milestones_behind"}
    return counts_grouped(milestones_in(body=body), "body__path", body, counts)


def milestone_progress_by_deadline(*, body: Body | None, now: datetime.datetime) -> list[dict]:
    """Progress against each deadline set by a milestone template: of the milestones made from it
    under `body`, how many are done, late or overdue. One grouped query."""
    filters = milestone_filters(now)
    rows = (milestones_in(body=body).filter(template__isnull=False)
            .values("template__code", "template__title_vi", "template__target_date")
            .annotate(total=Count("id", filter=filters["milestones_total"]),
                      done=Count("id", filter=filters["milestones_done"]),
                      behind=Count("id", filter=filters["milestones_behind"]))
            .order_by("template__target_date", "template__code"))
    return [{**row, "done_share": percent_of(row["done"], row["total"])} for row in rows]


def milestone_snapshot_lists(now: datetime.datetime) -> dict[str, list[list]]:
    """The late and overdue milestones, kept with the national snapshot for the monthly report."""
    filters = milestone_filters(now)
    lists = {}
    for name in ("milestones_late", "milestones_overdue"):
        lists[name] = [[f"#{milestone.pk}", milestone.title, milestone.body.code, milestone.body.name_vi,
                        milestone.target_date.isoformat()]
                       for milestone in Milestone.objects.filter(filters[name]).select_related("body")
                       .order_by("target_date", "body__path", "pk")]
    return lists


def _derive(raw: Counter, values: dict) -> None:
    obligated = raw["bodies_obligated"]
    values["strategies_share"] = percent_of(raw["strategies_both"], obligated)
    values["chief_engineers_share"] = percent_of(raw["chief_engineers_both"], obligated)
    values["milestones_done_share"] = percent_of(raw["milestones_done"], raw["milestones_total"])


def _body_link(entry) -> str:
    return reverse("monitoring:dashboard-body", kwargs={"code": entry.code})


def _milestone_body_link(entry) -> str:
    return reverse("monitoring:dashboard-body", kwargs={"code": entry.body.code})


PLAN_LIST_TITLES = {
    "strategies_missing": _("Obligated bodies without both strategies"),
    "chief_engineers_missing": _("Obligated bodies without both chief engineers"),
    "milestones_behind": _("Milestones late or overdue"),
}


def plan_list_kinds() -> dict:
    """The lists behind these figures, for monitoring.lists (which calls this when it loads)."""
    from monitoring.lists import Column, ListKind

    yes, no = _("yes"), _("no")

    def flag(value):
        return yes if value else no

    bodies = ListKind(
        [Column("code", _("Code"), "code", lambda b: b.code),
         Column("name", _("Body"), "name_vi", lambda b: b.name_vi, _body_link),
         Column("kind", _("Kind"), "kind", lambda b: b.get_kind_display()),
         Column("data", _("Data strategy issued"), "has_data", lambda b: flag(b.has_data)),
         Column("dx", _("Digital transformation strategy issued"), "has_dx", lambda b: flag(b.has_dx)),
         Column("chief_it", _("Chief IT engineer appointed"), "has_chief_it", lambda b: flag(b.has_chief_it)),
         Column("chief_professional", _("Chief professional engineer appointed"), "has_chief_professional",
                lambda b: flag(b.has_chief_professional))],
        body_filters,
        lambda user, body: _obligated_bodies().filter(path__startswith=body.path) if body else _obligated_bodies())
    milestones = ListKind(
        [Column("target", _("Target date"), "target_date", lambda m: m.target_date),
         Column("title", _("Milestone"), "title", lambda m: m.title),
         Column("body", _("Body"), "body__path", lambda m: m.body.name_vi, _milestone_body_link),
         Column("status", _("Status"), "status", lambda m: m.get_status_display()),
         Column("state", _("State"), "target_date", lambda m: MilestoneState(m.state).label),
         Column("completed", _("Completion date"), "completion_date", lambda m: m.completion_date)],
        milestone_filters,
        lambda user, body: milestones_in(body=body).select_related("body"))
    return {"bodies": bodies, "milestones": milestones}


figures.DEFINITIONS.extend(DEFINITIONS)
figures.DEFINITIONS_BY_KEY.update({definition.key: definition for definition in DEFINITIONS})
figures.FAMILIES.append(lambda scope: bodies_grouped(body=scope.body))
figures.FAMILIES.append(lambda scope: milestones_grouped(body=scope.body, now=scope.now))
figures.EXTRA_DERIVATIONS.append(_derive)
