"""The read path of the two big lists (databases, fields): the page's rows as plain values, shaped
exactly as DatabaseSerializer / FieldSerializer shape one entry, without building model instances
with their joined rows or running a DRF field per column (at 100 rows that machinery, not
PostgreSQL, was most of the answer's time). The equivalence is a test (tests/api/test_list_rows.py)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, QuerySet
from rest_framework import serializers

from catalog.api.serializers import DatabaseSerializer, FieldSerializer
from catalog.mapping import field_mismatches
from catalog.models import Database, Field
from catalog.services import LOCAL
from dictionary.models import DataElement

_RELATED = {"owner", "operator", "legal_basis", "themes"}
_DATETIME = serializers.DateTimeField()


def _formatters() -> dict:
    """How each column's stored value becomes its JSON value: dates and datetimes as the
    serializer writes them, everything else as stored."""
    formats = {}
    for field in Database._meta.concrete_fields:
        if field.get_internal_type() == "DateTimeField":
            formats[field.name] = lambda value: None if value is None else _DATETIME.to_representation(value)
        elif field.get_internal_type() == "DateField":
            formats[field.name] = lambda value: None if value is None else value.isoformat()
    return formats


FIELDS = DatabaseSerializer.Meta.fields
COLUMNS = [name for name in FIELDS if name not in _RELATED]
FORMATS = _formatters()


def database_rows(queryset: QuerySet[Database]) -> QuerySet:
    """The filtered, ordered queryset as rows of values (ordering and cursor read id/identifier)."""
    return queryset.values("id", *COLUMNS, owner_code=F("owner__code"), operator_code=F("operator__code"))


def _grouped(pairs) -> dict[int, list[str]]:
    grouped = defaultdict(list)
    for database_id, value in pairs:
        grouped[database_id].append(value)
    return grouped


def database_rows_represent(rows: list[dict]) -> list[dict]:
    """The page's rows in DatabaseSerializer's shape, with two more queries for the whole page
    (themes and legal basis, in their models' own order), whatever its size."""
    ids = [row["id"] for row in rows]
    themes = _grouped(Database.themes.through.objects.filter(database_id__in=ids)
                      .order_by("theme__code").values_list("database_id", "theme__code"))
    legal_basis = _grouped(Database.legal_basis.through.objects.filter(database_id__in=ids)
                           .order_by("-legaldocument__issued_on", "legaldocument__number")
                           .values_list("database_id", "legaldocument__number"))
    represented = []
    for row in rows:
        values = {name: FORMATS[name](row[name]) if name in FORMATS else row[name] for name in COLUMNS}
        values.update(owner=row["owner_code"], operator=row["operator_code"],
                      legal_basis=legal_basis.get(row["id"], []), themes=themes.get(row["id"], []))
        represented.append({name: values[name] for name in FIELDS})
    return represented


FIELD_FIELDS = FieldSerializer.Meta.fields
FIELD_COLUMNS = ["id", "name", "description", "datatype", "length", "format", "required", "is_personal_data",
                 "is_master_data", "local_reason", "position"]


def field_rows(queryset: QuerySet[Field]) -> QuerySet:
    return queryset.values(
        *FIELD_COLUMNS, "table_id", "is_local", "element_id", database_identifier=F("table__database__identifier"),
        element_identifier=F("element__identifier"), element_datatype=F("element__datatype"),
        element_max_length=F("element__max_length"))


def _field_mismatches(row: dict) -> list[str]:
    if row["element_id"] is None:
        return []
    field = Field(datatype=row["datatype"], length=row["length"])
    element = DataElement(datatype=row["element_datatype"], max_length=row["element_max_length"])
    return field_mismatches(field, element)


def field_rows_represent(rows: list[dict]) -> list[dict]:
    represented = []
    for row in rows:
        values = {name: row[name] for name in FIELD_COLUMNS}
        values.update(table=row["table_id"], database=row["database_identifier"], mismatches=_field_mismatches(row),
                      element=LOCAL if row["is_local"] else row["element_identifier"])
        represented.append({name: values[name] for name in FIELD_FIELDS})
    return represented
