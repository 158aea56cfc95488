"""Dictionary coverage of registered fields: how many are mapped, mismatched, local or unmapped.

Figures are always computed over a queryset of databases the caller may see (see
catalog.selectors.database_list_visible), so restricted entries never show in a count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Concat, StrIndex, Substr

from architecture.models import Body
from architecture.models.bodies import PATH_SEPARATOR
from catalog.mapping import MISMATCHED
from catalog.models import Database, Field


@dataclass(frozen=True)
class Coverage:
    total: int = 0
    mapped: int = 0  # mapped to an element, including mismatched ones
    mismatched: int = 0
    local: int = 0

    @property
    def unmapped(self) -> int:
        return self.total - self.mapped - self.local

    @property
    def conforming(self) -> int:
        return self.mapped - self.mismatched

    def share(self, part: str) -> float:
        """Share of all fields in `part` (e.g. "conforming"), as a percentage rounded to 0.1."""
        return round(100 * getattr(self, part) / self.total, 1) if self.total else 0.0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.total + other.total, self.mapped + other.mapped,
                        self.mismatched + other.mismatched, self.local + other.local)


COUNTS = {
    "total": Count("id"),
    "mapped": Count("id", filter=Q(element__isnull=False)),
    "mismatched": Count("id", filter=MISMATCHED),
    "local": Count("id", filter=Q(is_local=True)),
}


def _fields(databases: QuerySet[Database]) -> QuerySet[Field]:
    return Field.objects.filter(table__database__in=databases.values("pk"))


def _grouped(databases: QuerySet[Database], key) -> dict:
    rows = _fields(databases).annotate(group=key).values("group").annotate(**COUNTS)
    return {row.pop("group"): Coverage(**row) for row in rows}


def coverage_total(*, databases: QuerySet[Database]) -> Coverage:
    return Coverage(**_fields(databases).aggregate(**COUNTS))


def coverage_by_database(*, databases: QuerySet[Database]) -> dict[int, Coverage]:
    """Database id -> its coverage. Databases without fields are absent."""
    return _grouped(databases, F("table__database_id"))


def coverage_by_level(*, databases: QuerySet[Database]) -> dict[str, Coverage]:
    """Owner level (central, provincial, communal) -> coverage."""
    return _grouped(databases, F("table__database__owner__level"))


def coverage_by_child(*, databases: QuerySet[Database], parent: Body | None) -> dict[str, Coverage]:
    """Roll-up one level below `parent` (or below the top): each child body's code -> the coverage
    of every database owned by that child or by any body under it. The parent's own databases
    are under its own code."""
    prefix = parent.path if parent is not None else ""
    databases = databases.filter(owner__path__startswith=prefix) if prefix else databases
    # The path below the parent, with one more separator so that the parent's own path ("")
    # gives an empty code instead of a negative length.
    rest = Concat(Substr("table__database__owner__path", len(prefix) + 1), Value(PATH_SEPARATOR))
    child_code = Substr(rest, 1, StrIndex(rest, Value(PATH_SEPARATOR)) - 1)
    return _grouped(databases, child_code)
