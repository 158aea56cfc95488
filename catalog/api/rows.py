"""The database list's read path: the page's rows as plain values, shaped exactly as
DatabaseSerializer shapes one entry, without building model instances or running a DRF field
per column (at 100 rows x 39 properties that machinery, not PostgreSQL, was most of the answer's
time). The equivalence is a test (tests/api/test_list_rows.py)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, QuerySet
from rest_framework import serializers

from catalog.api.serializers import DatabaseSerializer
from catalog.models import Database

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
