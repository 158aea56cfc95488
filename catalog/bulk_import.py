"""Bulk import of a body's databases, with their tables and fields, from CSV, XLSX or JSON.

CSV and XLSX: one row per FIELD, the header in row 1, the database's and the table's columns
repeated on every row of their fields:

    database_identifier, database_name_vi, database_name_en, database_description_vi,
    database_description_en, database_kind, database_access_level, database_lifecycle,
    database_data_layer, database_security_level, database_sync_mode, database_sync_frequency,
    database_contact_name, database_contact_email, database_contact_phone,
    database_has_personal_data, table_name, table_description, field_name, field_description,
    field_datatype, field_length, field_format, field_required, field_personal_data,
    field_master_data, field_element

- database_identifier, database_name_vi, database_kind, table_name, field_name and field_datatype
  are required columns; the others may be left out (the model's default then applies).
- Every row naming a database must give it the same database_* values, else the row is an error
  at that column. An empty field_name declares a table without fields; an empty table_name a
  database without tables.
- Yes/no cells: 1/0, true/false, yes/no, x/empty, có/không. field_element is the identifier of a
  Shared Data Dictionary element in force, or empty.
- Reading (encodings, separators, size limits, formula protection, XLSX's first sheet) is
  dictionary.codelist_io_read's, as for code lists.

JSON: {"databases": [{"identifier": ..., "name_vi": ..., "kind": ..., (the database_* names
without the prefix), "tables": [{"name": ..., "description": ..., "fields": [{"name": ...,
"datatype": ..., "length": ..., "required": ..., "personal_data": ..., "element": ...}]}]}]};
an error's "line" is then the JSON pointer of the object ("/databases/0/tables/1/fields/2").

Rules: the owner is the body imported for (the caller must be allowed to edit it). An entry
already registered with that identifier and that owner is UPDATED: its facts take the file's
values and its tables and fields are REPLACED by the file's. An identifier owned by another body
is an error; that entry is never touched. Everything is checked first (choices, lengths,
datatypes, elements, duplicates, the models' full_clean with their constraints) and every error
is reported with its line, column and reason; any error stores nothing. A clean file is stored
in one transaction, each database with a history row signed by the user, tables and fields with
bulk_create_with_history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from architecture.access import can_edit
from catalog.checks import database_checks_refresh_later
from catalog.models import Database, Field, Table
from catalog.models.structure import field_search_text
from dictionary.codelist_io_read import MAX_ROWS, MAX_UPLOAD_BYTES, RowError, cell_text, table_read
from dictionary.models import DataElement
from dictionary.selectors import MAPPABLE_STATUSES

__all__ = ["ASYNC_THRESHOLD_BYTES", "FORMATS", "ImportReport", "RowError", "databases_import", "is_large"]

FORMATS = ("csv", "xlsx", "json")
# Above this size an upload runs as a Celery task (catalog.tasks.databases_import_run).
ASYNC_THRESHOLD_BYTES = 2 * 1024 * 1024
BATCH_SIZE = 500

# file column (without its prefix) -> model field, and how its cell is read
DATABASE_COLUMNS = {
    "identifier": "text", "name_vi": "text", "name_en": "text", "description_vi": "text",
    "description_en": "text", "kind": "text", "access_level": "text", "lifecycle": "text",
    "data_layer": "text", "security_level": "int", "sync_mode": "text", "sync_frequency": "text",
    "contact_name": "text", "contact_email": "text", "contact_phone": "text", "has_personal_data": "bool",
}
TABLE_COLUMNS = {"name": "text", "description": "text"}
FIELD_COLUMNS = {
    "name": "text", "description": "text", "datatype": "text", "length": "int", "format": "text",
    "required": "bool", "personal_data": "bool", "master_data": "bool", "element": "text",
}
FIELD_MODEL_NAMES = {"personal_data": "is_personal_data", "master_data": "is_master_data"}
REQUIRED = ("database_identifier", "database_name_vi", "database_kind", "table_name", "field_name",
            "field_datatype")
# The column a model constraint's message belongs to (full_clean gives it as a non-field error).
CONSTRAINT_COLUMNS = {
    "field_length_positive": "length", "database_security_level_1_to_5": "security_level",
    "database_periodic_sync_has_frequency": "sync_frequency", "database_no_sync_no_frequency": "sync_frequency",
}
_TRUE = {"1", "true", "yes", "x", "có", "co"}
_FALSE = {"", "0", "false", "no", "không", "khong"}


@dataclass
class ImportReport:
    databases_created: int = 0
    databases_updated: int = 0
    tables: int = 0
    fields: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {"databases_created": self.databases_created, "databases_updated": self.databases_updated,
                "tables": self.tables, "fields": self.fields}


@dataclass
class _Item:
    """A database, table or field of the file: its values, where it is and how its columns are named."""

    line: int | str
    column: Callable[[str], str]
    values: dict = field(default_factory=dict)
    children: list[_Item] = field(default_factory=list)
    instance: object = None


def is_large(data: bytes) -> bool:
    return len(data) > ASYNC_THRESHOLD_BYTES


# --- Reading cells


def _cell(value, kind: str):
    """The cell as the model wants it, or ValueError with the reason."""
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": text})
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = cell_text(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(text)
    return cell_text(value)


def _values(raw: dict, columns: dict, item: _Item, errors: list[RowError]) -> dict:
    values = {}
    for name, kind in columns.items():
        if name not in raw:
            continue
        try:
            values[name] = _cell(raw[name], kind)
        except ValueError as error:
            errors.append(RowError(item.line, item.column(name), str(error)))
    return values


# --- CSV and XLSX: one row per field


def _prefixed(prefix: str) -> Callable[[str], str]:
    return lambda name: f"{prefix}_{name}"


def _table_parse(data: bytes, fmt: str) -> tuple[list[_Item], list[RowError]]:
    rows, errors = table_read(data=data, fmt=fmt)
    if errors:
        return [], errors
    header = [cell_text(cell).lower() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [RowError(1, name, _("This column is missing.")) for name in missing]
    databases: dict[str, _Item] = {}
    first_seen: dict[str, tuple[int, dict]] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, list(row) + [None] * (len(header) - len(row))))
        if not any(cell_text(cell) for cell in cells.values()):
            continue  # a blank line
        part = {prefix: {name[len(prefix) + 1:]: cell for name, cell in cells.items() if name.startswith(prefix + "_")}
                for prefix in ("database", "table", "field")}
        db_item = _Item(number, _prefixed("database"))
        db_values = _values(part["database"], DATABASE_COLUMNS, db_item, errors)
        identifier = db_values.get("identifier", "")
        if not identifier:
            errors.append(RowError(number, "database_identifier", _("This field is required.")))
            continue
        if identifier not in databases:
            db_item.values = db_values
            databases[identifier] = db_item
            first_seen[identifier] = (number, db_values)
        else:
            first_line, first = first_seen[identifier]
            for name in sorted(set(first) | set(db_values)):
                if first.get(name) != db_values.get(name):
                    errors.append(RowError(number, f"database_{name}", _(
                        "Differs from line %(line)s for the same database.") % {"line": first_line}))
        database = databases[identifier]
        table_item = _Item(number, _prefixed("table"))
        table_values = _values(part["table"], TABLE_COLUMNS, table_item, errors)
        if not table_values.get("name"):
            continue
        table = next((t for t in database.children if t.values["name"] == table_values["name"]), None)
        if table is None:
            table_item.values = table_values
            database.children.append(table_item)
            table = table_item
        field_item = _Item(number, _prefixed("field"))
        field_item.values = _values(part["field"], FIELD_COLUMNS, field_item, errors)
        if field_item.values.get("name"):
            table.children.append(field_item)
    return list(databases.values()), errors


# --- JSON: nested objects


def _json_parse(data: bytes) -> tuple[list[_Item], list[RowError]]:
    if len(data) > MAX_UPLOAD_BYTES:
        return [], [RowError(0, "", _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // 2**20})]
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        return [], [RowError(0, "", _("The file is not valid JSON: %(error)s") % {"error": error})]
    if not isinstance(document, dict) or not isinstance(document.get("databases"), list):
        return [], [RowError("/", "databases", _("Expected an object with a list “databases”."))]
    errors: list[RowError] = []
    same = lambda name: name  # noqa: E731

    def objects(value, pointer: str) -> list[tuple[str, dict]]:
        if value is None:
            return []
        if not isinstance(value, list):
            errors.append(RowError(pointer, "", _("Expected a list.")))
            return []
        found = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                found.append((f"{pointer}/{index}", entry))
            else:
                errors.append(RowError(f"{pointer}/{index}", "", _("Expected an object.")))
        return found

    databases = []
    if sum(len(t.get("fields") or []) for d in document["databases"] if isinstance(d, dict)
           for t in (d.get("tables") or []) if isinstance(t, dict)) > MAX_ROWS:
        return [], [RowError(0, "", _("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})]
    for pointer, raw in objects(document["databases"], "/databases"):
        database = _Item(pointer, same)
        database.values = _values(raw, DATABASE_COLUMNS, database, errors)
        for table_pointer, raw_table in objects(raw.get("tables"), f"{pointer}/tables"):
            table = _Item(table_pointer, same)
            table.values = _values(raw_table, TABLE_COLUMNS, table, errors)
            for field_pointer, raw_field in objects(raw_table.get("fields"), f"{table_pointer}/fields"):
                entry = _Item(field_pointer, same)
                entry.values = _values(raw_field, FIELD_COLUMNS, entry, errors)
                table.children.append(entry)
            database.children.append(table)
        databases.append(database)
    return databases, errors


# --- Checking


def _clean(instance, item: _Item, errors: list[RowError], *, exclude: list[str], key: str,
           names: dict[str, str] | None = None) -> None:
    """full_clean on the unsaved instance; its messages (constraints' too) at the item's columns."""
    back = {model: column for column, model in (names or {}).items()}
    constraints = {str(constraint.get_violation_error_message()): CONSTRAINT_COLUMNS[constraint.name]
                   for constraint in type(instance)._meta.constraints if constraint.name in CONSTRAINT_COLUMNS}
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                column = constraints.get(message, key) if name == NON_FIELD_ERRORS else back.get(name, name)
                errors.append(RowError(item.line, item.column(column), message))


def _duplicates(items: list[_Item], key: str, what: str, errors: list[RowError]) -> None:
    seen: dict[str, int | str] = {}
    for item in items:
        name = item.values.get(key, "")
        if name and name in seen:
            errors.append(RowError(item.line, item.column(key), _(
                "Duplicate %(what)s “%(name)s” (also at line %(line)s).") % {"what": what, "name": name,
                                                                              "line": seen[name]}))
        seen.setdefault(name, item.line)


def _check(*, body, databases: list[_Item], errors: list[RowError]) -> None:
    identifiers = [item.values.get("identifier", "") for item in databases]
    stored = {database.identifier: database for database in Database.objects.filter(identifier__in=identifiers)}
    wanted = {entry.values.get("element") for item in databases for table in item.children
              for entry in table.children} - {"", None}
    elements = {element.identifier: element for element in DataElement.objects.filter(identifier__in=wanted)}
    _duplicates(databases, "identifier", _("database"), errors)
    for item in databases:
        existing = stored.get(item.values.get("identifier"))
        if existing is not None and existing.owner_id != body.pk:
            errors.append(RowError(item.line, item.column("identifier"), _(
                "This identifier is registered by another body; it cannot be imported here.")))
        else:  # the other body's entry is never touched; its tables and fields are still checked
            database = existing or Database()
            for name, value in item.values.items():
                setattr(database, name, value if value is not None or name == "security_level" else "")
            database.owner = body
            item.instance = database
            _clean(database, item, errors, exclude=[], key="identifier")
        _duplicates(item.children, "name", _("table"), errors)
        for table_item in item.children:
            table_item.instance = Table(name=table_item.values.get("name", ""),
                                        description=table_item.values.get("description", ""))
            _clean(table_item.instance, table_item, errors, exclude=["database"], key="name")
            _duplicates(table_item.children, "name", _("field in this table"), errors)
            for position, entry in enumerate(table_item.children):
                entry.instance = _field(entry, position, elements, errors)


def _field(entry: _Item, position: int, elements: dict, errors: list[RowError]) -> Field:
    values = dict(entry.values)
    identifier = values.pop("element", "") or ""
    instance = Field(position=position, **{FIELD_MODEL_NAMES.get(name, name): value
                                           for name, value in values.items()
                                           if value is not None or name == "length"})
    instance.search_text = field_search_text(instance)  # bulk_create_with_history does not call save()
    if identifier:
        element = elements.get(identifier)
        if element is None:
            errors.append(RowError(entry.line, entry.column("element"), _(
                "No shared data element has the identifier “%(identifier)s”.") % {"identifier": identifier}))
        elif element.status not in MAPPABLE_STATUSES:
            errors.append(RowError(entry.line, entry.column("element"), _(
                "“%(element)s” is no longer in force; map to its successor.") % {"element": element}))
        else:
            instance.element = element
    _clean(instance, entry, errors, exclude=["table", "element"], key="name", names=FIELD_MODEL_NAMES)
    return instance


# --- The import


def parse(*, data: bytes, fmt: str) -> tuple[list[_Item], list[RowError]]:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; expected one of {FORMATS}.")
    return _json_parse(data) if fmt == "json" else _table_parse(data, fmt)


def _line_key(error: RowError):
    return (isinstance(error.line, str), error.line if isinstance(error.line, int) else 0, str(error.line))


def databases_import(*, user, body, data: bytes, fmt: str, progress: Callable[[int], None] | None = None,
                     ) -> ImportReport:
    """Check the whole file, then store all of it in one transaction, or none of it."""
    if not can_edit(user, owner=body):
        raise PermissionDenied(_("You may not change the entries of this body."))
    progress = progress or (lambda percent: None)
    databases, errors = parse(data=data, fmt=fmt)
    progress(20)
    if errors and all(error.line in (0, 1, "/") for error in errors):
        return ImportReport(errors=errors)  # the file as a whole is unusable
    with transaction.atomic():
        _check(body=body, databases=databases, errors=errors)
        progress(60)
        if errors:
            return ImportReport(errors=sorted(set(errors), key=_line_key))
        report = _apply(user=user, databases=databases, reason=f"Import ({fmt})")
    progress(100)
    return report


def _apply(*, user, databases: list[_Item], reason: str) -> ImportReport:
    report = ImportReport()
    for item in databases:
        database = item.instance
        database._history_user, database._change_reason = user, reason
        if database.pk:
            database.version = Database.objects.select_for_update().values_list(
                "version", flat=True).get(pk=database.pk) + 1
            for table in database.tables.all():  # replaced by the file's
                table._history_user = user
                table.delete()
            report.databases_updated += 1
        else:
            report.databases_created += 1
        database.save()
    history = {"batch_size": BATCH_SIZE, "default_user": user, "default_change_reason": reason}
    tables = []
    for item in databases:
        for position, table_item in enumerate(item.children):
            table_item.instance.database, table_item.instance.position = item.instance, position
            tables.append(table_item)
    created = bulk_create_with_history([t.instance for t in tables], Table, **history)
    fields = []
    for table_item, table in zip(tables, created):
        for entry in table_item.children:
            entry.instance.table = table
            fields.append(entry.instance)
    bulk_create_with_history(fields, Field, **history)
    database_checks_refresh_later([item.instance.pk for item in databases])
    report.tables, report.fields = len(tables), len(fields)
    return report
