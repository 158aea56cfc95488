"""The lists behind the figures: which entries make up a count, sortable and exportable.

A list uses the very filter its figure counts with, over the same visible entries under the same
body, so a list always has exactly as many rows as its figure says. Three kinds of entries are
listed: databases (monitoring.figures.database_filters), milestones and obligated bodies
(monitoring.figures_plans).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from architecture.models import Body
from catalog.models import HarvestStatus
from monitoring.figures import (
    DEFINITIONS_BY_KEY,
    HARVEST_FILTERS,
    database_filters,
    database_list_counted,
    harvest_sources_counted,
)


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    order: str  # ordering field
    value: Callable  # entry -> plain value (exports)
    href: Callable | None = None  # entry -> link (pages)


def _local(value):
    return timezone.localtime(value) if isinstance(value, datetime.datetime) and timezone.is_aware(value) else value


def _body_link(body: Body) -> str:
    return reverse("monitoring:dashboard-body", kwargs={"code": body.code})


DATABASE_COLUMNS = [
    Column("identifier", _("Identifier"), "identifier", lambda d: d.identifier,
           lambda d: reverse("catalog:database", kwargs={"identifier": d.identifier})),
    Column("name", _("Name"), "name_vi", lambda d: d.name_vi),
    Column("owner", _("Owning body"), "owner__path", lambda d: d.owner.name_vi, lambda d: _body_link(d.owner)),
    Column("kind", _("Kind"), "kind", lambda d: d.get_kind_display()),
    Column("lifecycle", _("Lifecycle"), "lifecycle", lambda d: d.get_lifecycle_display()),
    Column("review", _("Review state"), "review_state", lambda d: d.get_review_state_display()),
    Column("sync", _("Synchronization"), "sync_mode", lambda d: d.get_sync_mode_display()),
    Column("last_synced", _("Last successful synchronization"), "last_synced_at", lambda d: _local(d.last_synced_at)),
    Column("modified", _("Modified"), "modified_at", lambda d: _local(d.modified_at)),
]


@dataclass(frozen=True)
class ListKind:
    columns: list[Column]
    filters: Callable  # now -> {name: Q}
    queryset: Callable  # (user, body) -> the visible entries under body
    export_extra: Callable | None = None  # entry -> [code of the owner] etc.


LIST_KINDS: dict[str, ListKind] = {
    "databases": ListKind(
        DATABASE_COLUMNS, database_filters,
        lambda user, body: database_list_counted(user=user, body=body).select_related("owner")),
}

def _status_label(source) -> str:
    return str(HarvestStatus(source.latest_status).label) if source.latest_status else ""


LIST_KINDS["harvest"] = ListKind(
    [Column("name", _("Harvest source"), "name", lambda s: s.name),
     Column("owner", _("Owning body"), "owner__path", lambda s: s.owner.name_vi, lambda s: _body_link(s.owner)),
     Column("url", _("Feed URL"), "url", lambda s: s.url),
     Column("status", _("Latest run"), "latest_status", _status_label)],
    lambda now: HARVEST_FILTERS,
    lambda user, body: harvest_sources_counted(user=user, body=body).select_related("owner"))

EXTRA_LIST_TITLES = {
    "not_reviewed_yet": _("Not yet reviewed or standardized"),
    "sync_not_configured": _("Synchronization not expected"),
}


class UnknownList(LookupError):
    pass


@dataclass(frozen=True)
class SortOrder:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def list_kind(name: str, now: datetime.datetime) -> tuple[ListKind, Q]:
    for kind in LIST_KINDS.values():
        filters = kind.filters(now)
        if name in filters:
            return kind, filters[name]
    raise UnknownList(name)


def sort_parse(raw: str | None, columns: list[Column]) -> SortOrder:
    """?sort=owner or ?sort=-last_synced; anything unknown falls back to the first column."""
    raw = (raw or "").strip()
    key = raw.lstrip("-")
    if key not in {column.key for column in columns}:
        return SortOrder(columns[0].key, False)
    return SortOrder(key, raw.startswith("-"))


def list_title(name: str):
    if name in DEFINITIONS_BY_KEY:
        return DEFINITIONS_BY_KEY[name].label
    return EXTRA_LIST_TITLES.get(name, name)


def entries_for_figure(*, user, body: Body | None, name: str, now: datetime.datetime | None = None,
                       sort_param: str | None = None) -> tuple[QuerySet, list[Column], SortOrder]:
    """The visible entries under `body` that figure `name` counts, sorted by ?sort=."""
    now = now or timezone.now()
    kind, condition = list_kind(name, now)
    sort = sort_parse(sort_param, kind.columns)
    field = next(column.order for column in kind.columns if column.key == sort.key)
    entries = kind.queryset(user, body).filter(condition).order_by(
        f"-{field}" if sort.descending else field, "pk")
    return entries, kind.columns, sort


def database_list_for_figure(*, user, body: Body | None, name: str, now: datetime.datetime) -> QuerySet:
    return entries_for_figure(user=user, body=body, name=name, now=now)[0]


def table_rows(entries, columns: list[Column]) -> tuple[list, list[list]]:
    """Headers and plain rows of a list, for the CSV and XLSX exports."""
    return [str(column.label) for column in columns], [[column.value(entry) for column in columns]
                                                        for entry in entries]


def _text(value):
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def page_rows(entries, columns: list[Column]) -> list[list[tuple]]:
    """(text, link) cells of a page of a list."""
    return [[(_text(column.value(entry)), column.href(entry) if column.href else "") for column in columns]
            for entry in entries]


# The lists of the bodies' obligations (obligated bodies, milestones).
from monitoring.figures_plans import PLAN_LIST_TITLES, plan_list_kinds

LIST_KINDS.update(plan_list_kinds())
EXTRA_LIST_TITLES.update(PLAN_LIST_TITLES)

# The lists of the scores (databases by conformance and quality score band).
from monitoring.figures_scores import score_list_kinds

LIST_KINDS.update(score_list_kinds())
