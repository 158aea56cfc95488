"""Writes to the database register: databases, their review, their parts (tables, fields, services,
standard links) and the register of standards. Each function checks the caller through
architecture.access, validates, writes in one transaction and leaves the change in the history
signed by the user (the admin, the pages and the API all come here)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from architecture.access import can_edit, can_review, is_administrator
from catalog.checks import database_checks_refresh_later
from catalog.models import Database, DatabaseReview, Field, ReviewAction, ReviewState, Standard
from dictionary.models import DataElement
from dictionary.selectors import MAPPABLE_STATUSES

# Resolution 214/NQ-CP review: which state each step may start from, and where it leads.
REVIEW_STEPS: dict[str, tuple[frozenset[str], str]] = {
    ReviewAction.SUBMIT: (frozenset({ReviewState.NOT_REVIEWED, ReviewState.RETURNED}), ReviewState.SUBMITTED),
    ReviewAction.RETURN: (frozenset({ReviewState.SUBMITTED, ReviewState.REVIEWED}), ReviewState.RETURNED),
    ReviewAction.MARK_REVIEWED: (frozenset({ReviewState.SUBMITTED}), ReviewState.REVIEWED),
    ReviewAction.MARK_STANDARDIZED: (
        frozenset({ReviewState.SUBMITTED, ReviewState.REVIEWED}), ReviewState.STANDARDIZED,
    ),
}


def _next_version(database: Database) -> int:
    """Lock the row and count one more version: concurrent writers queue instead of losing updates."""
    return Database.objects.select_for_update().values_list("version", flat=True).get(pk=database.pk) + 1


def _require_edit(user, owner) -> None:
    if not can_edit(user, owner=owner):
        raise PermissionDenied(_("You may not change the entries of this body."))


def _relations_set(database: Database, relations: dict) -> None:
    """Set the many-to-many facts given (legal basis, themes); simple_history records each with
    database._history_user."""
    for name, values in relations.items():
        if values is not None:
            getattr(database, name).set(values)


@transaction.atomic
def database_create(*, user, **fields) -> Database:
    relations = {name: fields.pop(name, None) for name in ("legal_basis", "themes")}
    database = Database(**fields)
    _require_edit(user, database.owner)
    database.full_clean()
    database._history_user = user
    database.save()
    _relations_set(database, relations)
    database_checks_refresh_later([database.pk])
    return database


@transaction.atomic
def database_update(*, user, database: Database, **changes) -> Database:
    """Apply `changes`; moving an entry to another owner needs edit rights on both owners."""
    _require_edit(user, database.owner)
    relations = {name: changes.pop(name, None) for name in ("legal_basis", "themes")}
    for name, value in changes.items():
        setattr(database, name, value)
    _require_edit(user, database.owner)
    database.full_clean()
    database.version = _next_version(database)
    database._history_user = user
    database.save()
    _relations_set(database, relations)
    database_checks_refresh_later([database.pk])
    return database


@transaction.atomic
def database_review_step(*, user, database: Database, action: str, comment: str = "") -> DatabaseReview:
    """Take one step of the review: the owner's editor submits; a reviewer returns, marks
    reviewed or marks standardized. Each step is dated, attributed and kept."""
    if action not in REVIEW_STEPS:
        raise ValidationError({"action": _("Unknown review step.")})
    if action == ReviewAction.SUBMIT:
        _require_edit(user, database.owner)
    elif not can_review(user):
        raise PermissionDenied(_("Only reviewers may decide on a review."))
    comment = comment.strip()
    if action == ReviewAction.RETURN and not comment:
        raise ValidationError({"comment": _("Say why the entry is returned.")})

    database = Database.objects.select_for_update().get(pk=database.pk)
    allowed_from, to_state = REVIEW_STEPS[action]
    if database.review_state not in allowed_from:
        raise ValidationError({"action": _("This step is not possible from the state “%(state)s”.")
                               % {"state": database.get_review_state_display()}})

    today = timezone.localdate()
    from_state = database.review_state
    database.review_state = to_state
    if action == ReviewAction.SUBMIT:
        database.submitted_on = today
    elif action == ReviewAction.MARK_REVIEWED:
        database.reviewed_on = today
    elif action == ReviewAction.MARK_STANDARDIZED:
        database.reviewed_on = database.reviewed_on or today
        database.standardized_on = today
    elif action == ReviewAction.RETURN:
        database.reviewed_on = None
        database.standardized_on = None
    database._change_reason = f"{action}: {comment}" if comment else action
    database._history_user = user
    database.version += 1
    database.save()
    database_checks_refresh_later([database.pk])
    return DatabaseReview.objects.create(
        database=database, action=action, from_state=from_state, to_state=to_state, actor=user, comment=comment,
    )


def _field_owner(field: Field):
    return Database.objects.only("owner").select_related("owner").get(tables__fields=field).owner


@transaction.atomic
def field_map(*, user, field: Field, element: DataElement | None) -> Field:
    """Map a field to a shared data element (or remove its mapping with element=None)."""
    _require_edit(user, _field_owner(field))
    if element is not None and element.status not in MAPPABLE_STATUSES:
        raise ValidationError({"element": _("“%(element)s” is no longer in force; map to its successor.")
                               % {"element": element}})
    field.element, field.is_local, field.local_reason = element, False, ""
    field._history_user = user
    field.full_clean()
    field.save()
    database_checks_refresh_later(Field.objects.filter(pk=field.pk).values_list("table__database_id", flat=True))
    return field


@transaction.atomic
def field_mark_local(*, user, field: Field, reason: str) -> Field:
    """Declare that a field has no shared equivalent, and why."""
    _require_edit(user, _field_owner(field))
    if not reason.strip():
        raise ValidationError({"local_reason": _("Say why the field has no shared equivalent.")})
    field.element, field.is_local, field.local_reason = None, True, reason.strip()
    field._history_user = user
    field.full_clean()
    field.save()
    database_checks_refresh_later(Field.objects.filter(pk=field.pk).values_list("table__database_id", flat=True))
    return field


# --- the parts of an entry: tables, fields, services, standard links

LOCAL = "local"  # the mapping of a field with no shared equivalent
UNCHANGED = object()


def _database_of(part: models.Model, changes: dict) -> Database:
    if isinstance(part, Field):
        table = changes.get("table") or part.table
        return table.database
    return changes.get("database") or part.database


def _database_touch(database: Database) -> None:
    """A part's change is a change of the entry's description: harvesters and caches that read
    the database's modified time see it (its version, the entry's own ETag, stays), and its
    checks and quality (tables registered, fields mapped, standards declared) are recomputed."""
    Database.objects.filter(pk=database.pk).update(modified_at=timezone.now())
    database_checks_refresh_later([database.pk])


@transaction.atomic
def part_save(*, user, part: models.Model, changes: dict) -> models.Model:
    """Create or change a table, field, service or standard link (the database's owner decides).
    A part never moves to another database: callers take its database on creation only."""
    database = _database_of(part, changes)
    _require_edit(user, database.owner)
    for name, value in changes.items():
        setattr(part, name, value)
    part.full_clean()
    part._history_user = user
    part.save()
    _database_touch(database)
    return part


@transaction.atomic
def part_delete(*, user, part: models.Model) -> None:
    database = _database_of(part, {})
    _require_edit(user, database.owner)
    part._history_user = user
    part.delete()
    _database_touch(database)


@transaction.atomic
def field_save(*, user, field: Field, changes: dict, mapping=UNCHANGED, local_reason: str | None = None) -> Field:
    """Create or change a field; its mapping (an element, LOCAL with a reason, or None) goes
    through field_map / field_mark_local, which hold the mapping rules."""
    field = part_save(user=user, part=field, changes=changes)
    if mapping is UNCHANGED and local_reason is not None:
        if not field.is_local:
            raise ValidationError({"local_reason": _("Only a field marked local says why it is local.")})
        mapping = LOCAL
    if isinstance(mapping, str) and mapping == LOCAL:
        return field_mark_local(user=user, field=field, reason=local_reason or "")
    if mapping is not UNCHANGED:
        return field_map(user=user, field=field, element=mapping)
    return field


# --- the register of standards (administrators)

def _require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied(_("Only administrators change this register."))


@transaction.atomic
def standard_save(*, user, standard: Standard, changes: dict) -> Standard:
    _require_administrator(user)
    for name, value in changes.items():
        setattr(standard, name, value)
    standard.full_clean()
    standard._history_user = user
    standard.save()
    return standard


@transaction.atomic
def standard_delete(*, user, standard: Standard) -> None:
    _require_administrator(user)
    standard._history_user = user
    standard.delete()  # a standard some database follows is protected: 409
