"""Writes the catalog's services do not cover yet, for the API: the parts of a database entry
(tables, fields, services, standard links), the database's themes, and the register of standards.
Each checks the caller through architecture.access, validates, writes in one transaction and
signs the history, like catalog.services, which does the rest (databases, review, mapping)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from architecture.access import can_edit, is_administrator
from catalog.models import Database, Field, Standard
from catalog.services import database_create, database_update, field_map, field_mark_local

LOCAL = "local"  # the mapping of a field with no shared equivalent


def _require_edit(user, database: Database) -> None:
    if not can_edit(user, owner=database.owner):
        raise PermissionDenied(_("You may not change the entries of this body."))


@transaction.atomic
def database_save(*, user, database: Database | None, changes: dict) -> Database:
    """Create (database=None) or change a database through catalog.services, then its themes,
    which those services do not take; the theme change is signed by the same user."""
    themes = changes.pop("themes", None)
    if database is None:
        database = database_create(user=user, **changes)
    else:
        database = database_update(user=user, database=database, **changes)
    if themes is not None:
        database.themes.set(themes)  # simple_history records it with database._history_user
    return database


def _database_of(part: models.Model, changes: dict) -> Database:
    if isinstance(part, Field):
        table = changes.get("table") or part.table
        return table.database
    return changes.get("database") or part.database


@transaction.atomic
def part_save(*, user, part: models.Model, changes: dict) -> models.Model:
    """Create or change a table, service or standard link (the database's owner decides).
    A part never moves to another database: the API takes its database on creation only."""
    _require_edit(user, _database_of(part, changes))
    for name, value in changes.items():
        setattr(part, name, value)
    part.full_clean()
    part._history_user = user
    part.save()
    return part


@transaction.atomic
def part_delete(*, user, part: models.Model) -> None:
    _require_edit(user, _database_of(part, {}))
    part._history_user = user
    part.delete()


UNCHANGED = object()


@transaction.atomic
def field_save(*, user, field: Field, changes: dict, mapping=UNCHANGED, local_reason: str | None = None) -> Field:
    """Create or change a field; its mapping (an element, LOCAL with a reason, or None) goes
    through catalog.services.field_map / field_mark_local, which hold the mapping rules."""
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
