"""Writes behind the editing pages (issue #8): a database entry saved with the version its form
was read at, and its parts (a table with many fields, its standards and services) saved many at
once, all or nothing, through catalog.services where it has the rule (create, update, mapping).

Optimistic locking: the page carries the entry's `version` and, for pages of parts, a token of the
parts as read (parts_token). Saving locks the entry's row, compares both, and refuses a stale save
(StaleEntry) rather than overwriting what someone else saved in between.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from architecture.access import can_edit
from catalog.models import Database, DatabaseStandard, Field, Service, Table
from catalog.services import LOCAL, database_create, database_update, field_map, field_mark_local

__all__ = ["LOCAL", "FieldRow", "PartRow", "RowError", "StaleEntry", "database_links_save", "database_save",
           "links_token", "parts_token", "table_delete", "table_save", "table_token"]


class StaleEntry(Exception):
    """Someone saved the entry (or its parts) after the page was read: nothing was written."""


class RowError(Exception):
    """A part of a multi-row save was refused: which row (its index on the page) and why."""

    def __init__(self, group: str, index: int, error: ValidationError):
        super().__init__(f"{group}[{index}]: {error}")
        self.group, self.index, self.error = group, index, error


def _require_edit(user, database_or_owner) -> None:
    owner = database_or_owner.owner if isinstance(database_or_owner, Database) else database_or_owner
    if not can_edit(user, owner=owner):
        raise PermissionDenied(_("You may not change the entries of this body."))


def parts_token(rows) -> str:
    """A short digest of rows as they are stored (every concrete column), to tell on save whether
    someone changed them since the page was read."""
    digest = hashlib.sha256()
    for row in rows:
        values = [getattr(row, f.attname) for f in row._meta.concrete_fields]
        digest.update(repr(values).encode())
    return digest.hexdigest()[:32]


def _lock(database: Database, version: int | None) -> Database:
    locked = Database.objects.select_for_update().get(pk=database.pk)
    if version is None or locked.version != version:
        raise StaleEntry
    return locked


@transaction.atomic
def database_save(*, user, database: Database | None, version: int | None, changes: dict) -> Database:
    """Create (database=None) or change an entry through catalog.services; a change names the
    version it was read at, and a stale one raises StaleEntry."""
    if database is None:
        return database_create(user=user, **changes)
    _require_edit(user, database)
    return database_update(user=user, database=_lock(database, version), **changes)


# --- Parts, many at once ------------------------------------------------------------------------

@dataclass
class FieldRow:
    """One row of the fields grid: the field (None for a new one), its values, its mapping
    (an element, LOCAL, or None for no mapping) and whether it is to be deleted."""

    field: Field | None
    values: dict
    mapping: object = None
    local_reason: str = ""
    delete: bool = False


@dataclass
class PartRow:
    """One row of a standards or services grid."""

    part: models.Model | None
    values: dict
    delete: bool = False


def _write(user, instance: models.Model) -> None:
    instance.full_clean()
    instance._history_user = user
    instance.save()


def _changed(stored: models.Model | None, values: dict) -> bool:
    """Whether a row differs from its stored version (a new row always does): unchanged rows are
    not written again, so their history shows only real changes."""
    return stored is None or any(getattr(stored, name) != value for name, value in values.items())


def _touch(database: Database) -> None:
    """A part's change is a change of the entry's description: readers of its modified time see it."""
    Database.objects.filter(pk=database.pk).update(modified_at=timezone.now())


def _check_token_value(current: str, token: str | None) -> None:
    if token is None or current != token:
        raise StaleEntry


def table_token(table: Table | None) -> str:
    if table is None:
        return ""
    return parts_token([Table.objects.get(pk=table.pk), *table.fields.order_by("pk")])


@transaction.atomic
def table_save(*, user, database: Database, version: int | None, token: str | None, table: Table | None,
               table_values: dict, rows: list[FieldRow]) -> Table:
    """Create or change one table of `database` and its fields, in the order given, with each field's
    mapping to the Shared Data Dictionary (through catalog.services.field_map / field_mark_local).
    Nothing is written unless everything is valid; RowError says which row failed."""
    _require_edit(user, database)
    database = _lock(database, version)
    if table is not None:
        if table.database_id != database.pk:
            raise PermissionDenied(_("This table belongs to another database."))
        _check_token_value(table_token(table), token)
    else:
        table = Table(database=database, position=database.tables.count())
    # The rows as stored: the forms have already set their values on the instances they were given.
    stored_table = Table.objects.filter(pk=table.pk).first() if table.pk else None
    stored = {field.pk: field for field in Field.objects.filter(table_id=table.pk)} if table.pk else {}
    for name, value in table_values.items():
        setattr(table, name, value)
    if _changed(stored_table, table_values):
        _write(user, table)
    # Deletions and renames first, so that a name freed by one row may be taken by another.
    for row in rows:
        if row.delete and row.field is not None:
            row.field._history_user = user
            row.field.delete()
    position = 0
    for index, row in enumerate(rows):
        if row.delete:
            continue
        current = row.field or Field(table=table)
        if current.table_id != table.pk:
            raise PermissionDenied(_("This field belongs to another table."))
        for name, value in row.values.items():
            setattr(current, name, value)
        current.position = position
        position += 1
        if row.field is None:  # a new field is stored unmapped, then mapped by the services below
            current.element, current.is_local, current.local_reason = None, False, ""
        try:
            if _changed(stored.get(current.pk), {**row.values, "position": current.position}):
                _write(user, current)
            if row.mapping == LOCAL:
                reason = (row.local_reason or "").strip()
                if not (current.is_local and current.local_reason == reason):
                    field_mark_local(user=user, field=current, reason=reason)
            elif current.is_local or current.element_id != getattr(row.mapping, "pk", None):
                field_map(user=user, field=current, element=row.mapping)
        except ValidationError as error:
            raise RowError("fields", index, error) from None
    _touch(database)
    return table


@transaction.atomic
def table_delete(*, user, database: Database, version: int | None, token: str | None, table: Table) -> None:
    _require_edit(user, database)
    database = _lock(database, version)
    if table.database_id != database.pk:
        raise PermissionDenied(_("This table belongs to another database."))
    _check_token_value(table_token(table), token)
    table._history_user = user
    table.delete()
    _touch(database)


def links_token(database: Database) -> str:
    return parts_token([*database.standard_links.order_by("pk"), *database.services.order_by("pk")])


@transaction.atomic
def database_links_save(*, user, database: Database, version: int | None, token: str | None,
                        standards: list[PartRow], services: list[PartRow]) -> None:
    """The standards a database follows and the services that reach it, many rows at once."""
    _require_edit(user, database)
    database = _lock(database, version)
    _check_token_value(links_token(database), token)
    stored = {**{("standards", link.pk): link for link in database.standard_links.all()},
              **{("services", service.pk): service for service in database.services.all()}}
    for group, model, rows in (("standards", DatabaseStandard, standards), ("services", Service, services)):
        for row in rows:  # deletions first: a freed standard or endpoint may be taken by another row
            if row.delete and row.part is not None:
                row.part._history_user = user
                row.part.delete()
        for index, row in enumerate(rows):
            if row.delete:
                continue
            part = row.part or model(database=database)
            if part.database_id != database.pk:
                raise PermissionDenied(_("This row belongs to another database."))
            for name, value in row.values.items():
                setattr(part, name, value)
            try:
                if _changed(stored.get((group, part.pk)), row.values):
                    _write(user, part)
            except ValidationError as error:
                raise RowError(group, index, error) from None
    _touch(database)
