"""The figures of the progress dashboard (issue #7): what each one counts, and how it is computed.

Every figure is computed over the entries the reader may see (architecture.access.visible_filter):
a monitor counts everything, a province's editor their province plus the public and internal
entries of everyone, an anonymous visitor public entries only, so no count reveals a restricted
entry to someone who could not open it. Withdrawn entries (harvested ones their source no longer
lists) are not counted.

Roll-up: a body's figures cover the body and every body under it (Body.path prefix). Each figure
family is ONE aggregate query grouped by the child body the owner falls under (the first path
segment below the body; conditional COUNT/SUM per figure), so the breakdown rows and, by their
sum, the body's own totals come from the same query. Shares and averages are derived after the
sums (an average of averages would be wrong), from the `*_sum`/`*_count` pairs.

The definition of every figure is in DEFINITIONS below (and in monitoring.figures_plans and
monitoring.figures_scores for strategies, chief engineers, milestones and scores); the pages show
it next to the figure and /api/v1/monitoring/definitions/ lists them. Dictionary coverage reads
field counts kept per database while they are recent (monitoring.coverage).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Concat, StrIndex, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from architecture.access import AccessLevel, can_view, visible_filter
from architecture.models import Body
from architecture.models.bodies import PATH_SEPARATOR
from catalog.mapping import MISMATCHED
from catalog.models import (
    Database,
    DatabaseKind,
    Field,
    HarvestRun,
    HarvestSource,
    HarvestStatus,
    Lifecycle,
    ReviewState,
    SyncMode,
)
from catalog.sync import (
    FREQUENCY_INTERVALS,
    REALTIME_INTERVAL,
    sync_overdue_filter,
)

# Who the figures are computed for when no person asks (the monthly snapshots and report): the
# whole register, as a monitor sees it.
EVERYTHING = object()


# --- definitions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Definition:
    key: str
    label: object  # lazy text
    definition: object
    family: str
    unit: str = "count"  # count, percent or score
    list_name: str | None = None  # the list of entries behind the figure (monitoring.lists)


def _d(key, label, definition, family, unit="count", list_name=None) -> Definition:
    return Definition(key, label, definition, family, unit, list_name)


DEFINITIONS: list[Definition] = [
    # Databases by kind and lifecycle.
    _d("databases_total", _("Databases"), _("Registered databases, not withdrawn."), "databases",
       list_name="databases_total"),
    *[_d(f"kind_{kind.value}", kind.label, _("Databases of this kind."), "databases", list_name=f"kind_{kind.value}")
      for kind in DatabaseKind],
    *[_d(f"lifecycle_{stage.value}", stage.label, _("Databases at this stage of their lifecycle."), "databases",
         list_name=f"lifecycle_{stage.value}") for stage in Lifecycle],
    # The Resolution 214/NQ-CP review.
    *[_d(f"review_{state.value}", state.label, _("Databases in this review state (Resolution 214/NQ-CP)."),
         "databases", list_name=f"review_{state.value}") for state in ReviewState],
    _d("reviewed_share", _("Reviewed or standardized (%)"),
       _("Share of databases marked reviewed or standardized by the Ministry of Public Security; the target is "
         "100% (Resolution 214/NQ-CP)."), "databases", "percent", "not_reviewed_yet"),
    _d("standardized_share", _("Standardized (%)"), _("Share of databases marked standardized."), "databases",
       "percent"),
    *[_d(f"access_{level.value}", level.label, _("Databases with this access level."), "databases",
         list_name=f"access_{level.value}") for level in AccessLevel],
    # Synchronization with the National Data Center (catalog.sync's status rule).
    _d("sync_realtime", _("Synchronized in real time"), _("Databases synchronized with the National Data Center "
       "in real time."), "databases", list_name="sync_realtime"),
    _d("sync_periodic", _("Synchronized on schedule"), _("Databases synchronized periodically."), "databases",
       list_name="sync_periodic"),
    _d("sync_none", _("Not synchronized"), _("Databases not synchronized with the National Data Center."),
       "databases", list_name="sync_none"),
    _d("sync_share", _("Synchronized (%)"), _("Share of databases synchronized in real time or on schedule."),
       "databases", "percent"),
    _d("sync_ok", _("Synchronization on time"), _("Synchronized within the expected interval."), "databases",
       list_name="sync_ok"),
    _d("sync_late", _("Synchronization late"), _("Last successful synchronization older than the expected "
       "interval, not yet twice it."), "databases", list_name="sync_late"),
    _d("sync_overdue", _("Synchronization overdue"), _("In operation and never synchronized, or last successful "
       "synchronization older than twice the expected interval."), "databases", list_name="sync_overdue"),
    _d("sync_failing", _("Synchronization failing"), _("The latest synchronization report is a failure."),
       "databases", list_name="sync_failing"),
    # Dictionary coverage of fields (catalog.coverage).
    _d("fields_total", _("Fields"), _("Fields of the databases counted."), "fields"),
    _d("fields_mapped", _("Fields mapped to the dictionary"), _("Fields mapped to a Shared Data Dictionary "
       "element, mismatched ones included."), "fields"),
    _d("fields_mismatched", _("Mapped fields that do not fit"), _("Mapped fields that break a rule of their "
       "element (datatype, length, format)."), "fields"),
    _d("fields_local", _("Local fields"), _("Fields marked local: no shared equivalent, with a reason."), "fields"),
    _d("coverage_share", _("Dictionary coverage (%)"), _("Share of fields mapped to an element they fit."),
       "fields", "percent"),
    # Harvesting of other catalogs.
    _d("harvest_sources", _("Harvest sources"), _("Enabled DCAT-AP sources harvested into the register (signed-in "
       "readers only)."), "harvest", list_name="harvest_sources"),
    _d("harvest_failing", _("Harvest sources failing"), _("Enabled sources whose latest run failed."), "harvest",
       list_name="harvest_failing"),
]
DEFINITIONS_BY_KEY = {definition.key: definition for definition in DEFINITIONS}


# --- visibility and grouping -----------------------------------------------------------------

def _visible(user) -> Q:
    return Q() if user is EVERYTHING else visible_filter(user)


def database_list_counted(*, user, body: Body | None) -> QuerySet[Database]:
    """The databases the figures of `body` (None: national) count for `user`."""
    databases = Database.objects.filter(_visible(user), withdrawn_at__isnull=True)
    if body is not None:
        databases = databases.filter(owner__path__startswith=body.path)
    return databases


def child_code(path_field: str, body: Body | None):
    """The code of the child of `body` (or of a top-level body) that the owner at `path_field`
    falls under; the body's own entries give its own code (see catalog.coverage.coverage_by_child)."""
    prefix = body.path if body is not None else ""
    rest = Concat(Substr(path_field, len(prefix) + 1), Value(PATH_SEPARATOR))
    code = Substr(rest, 1, StrIndex(rest, Value(PATH_SEPARATOR)) - 1)
    if body is None:
        return code
    # The body's own entries: the rest of the path is empty, so the code is empty; name them.
    return Case(When(**{path_field: body.path}, then=Value(body.code)), default=code)


def counts_grouped(queryset: QuerySet, path_field: str, body: Body | None, counts: dict) -> dict[str, Counter]:
    rows = queryset.annotate(group=child_code(path_field, body)).values("group").annotate(**counts).order_by()
    return {row.pop("group"): Counter({k: v or 0 for k, v in row.items()}) for row in rows}


# --- synchronization status as filters (catalog.sync's rule, for aggregates) ------------------

def _stale(now: datetime.datetime, factor: int) -> Q:
    stale = Q(sync_mode=SyncMode.REALTIME, last_synced_at__lt=now - factor * REALTIME_INTERVAL)
    for frequency, interval in FREQUENCY_INTERVALS.items():
        if interval is not None:
            stale |= Q(sync_mode=SyncMode.PERIODIC, sync_frequency=frequency, last_synced_at__lt=now - factor * interval)
    return stale


def sync_status_filters(now: datetime.datetime) -> dict[str, Q]:
    """catalog.sync.sync_status as one filter per status. "failing" reads last_sync_error, which
    catalog.sync keeps equal to the error of the newest report (empty when it succeeded), so no
    per-database subquery is needed; tests/monitoring/test_sync_filters.py proves the rule equal."""
    not_configured = (Q(sync_mode=SyncMode.NONE) | Q(lifecycle=Lifecycle.RETIRED)
                      | (Q(last_synced_at__isnull=True) & ~Q(lifecycle=Lifecycle.IN_OPERATION)))
    overdue = sync_overdue_filter(now)
    failing = ~not_configured & ~overdue & ~Q(last_sync_error="") & Q(last_synced_at__isnull=False)
    late = ~not_configured & ~overdue & ~failing & _stale(now, 1)
    ok = ~not_configured & ~overdue & ~failing & ~late
    return {"sync_ok": ok, "sync_late": late, "sync_overdue": overdue, "sync_failing": failing,
            "sync_not_configured": not_configured}


def database_filters(now: datetime.datetime) -> dict[str, Q]:
    """Each database-family count as a filter: the count is Count(filter=Q) and the list behind it
    is the same Q, so a list always has exactly as many rows as its figure."""
    filters = {"databases_total": Q()}
    filters.update({f"kind_{kind.value}": Q(kind=kind) for kind in DatabaseKind})
    filters.update({f"lifecycle_{stage.value}": Q(lifecycle=stage) for stage in Lifecycle})
    filters.update({f"review_{state.value}": Q(review_state=state) for state in ReviewState})
    filters["not_reviewed_yet"] = ~Q(review_state__in=[ReviewState.REVIEWED, ReviewState.STANDARDIZED])
    filters.update({f"access_{level.value}": Q(access_level=level) for level in AccessLevel})
    filters.update({f"sync_{mode.value}": Q(sync_mode=mode) for mode in SyncMode})
    filters.update(sync_status_filters(now))
    return filters


def _database_counts(now) -> dict:
    counts = {}
    for key, condition in database_filters(now).items():
        if key in ("databases_total", "not_reviewed_yet"):
            continue
        counts[key] = Count("id", filter=condition)
    counts["databases_total"] = Count("id")
    return counts


FIELD_COUNTS = {
    "fields_total": Count("id"),
    "fields_mapped": Count("id", filter=Q(element__isnull=False)),
    "fields_mismatched": Count("id", filter=MISMATCHED),
    "fields_local": Count("id", filter=Q(is_local=True)),
}


# --- families ---------------------------------------------------------------------------------

def databases_grouped(*, user, body: Body | None, now: datetime.datetime,
                      fields_at: datetime.datetime | None = None) -> dict[str, Counter]:
    """The database counts; with `fields_at` (kept field counts recent enough, monitoring.coverage)
    the same scan also sums the dictionary coverage of their fields."""
    counts = _database_counts(now)
    if fields_at is not None:
        from monitoring.coverage import COLUMNS

        counts.update({key: Sum(f"field_counts__{column}") for key, column in COLUMNS.items()})
    return counts_grouped(database_list_counted(user=user, body=body), "owner__path", body, counts)


def fields_grouped(*, user, body: Body | None, fields_at: datetime.datetime | None = None) -> dict[str, Counter]:
    """Dictionary coverage by counting the fields, when no recent kept field counts exist
    (otherwise databases_grouped sums those)."""
    if fields_at is not None:
        return {}
    databases = database_list_counted(user=user, body=body)
    fields = Field.objects.filter(table__database__in=databases.values("pk"))
    return counts_grouped(fields, "table__database__owner__path", body, FIELD_COUNTS)


def harvest_sources_visible(*, user) -> QuerySet[HarvestSource]:
    """Harvest sources are settings of the register, not entries with an access level: they are
    counted like internal entries (signed-in readers see them, anonymous visitors do not)."""
    if user is EVERYTHING or can_view(user, owner=None, access_level=AccessLevel.INTERNAL):
        return HarvestSource.objects.all()
    return HarvestSource.objects.none()


def harvest_sources_counted(*, user, body: Body | None) -> QuerySet[HarvestSource]:
    """The enabled sources under `body` the reader may see, with the status of their latest
    finished run."""
    sources = harvest_sources_visible(user=user).filter(enabled=True)
    if body is not None:
        sources = sources.filter(owner__path__startswith=body.path)
    latest = HarvestRun.objects.filter(source=OuterRef("pk")).exclude(status=HarvestStatus.RUNNING).order_by(
        "-started_at", "-id").values("status")[:1]
    return sources.annotate(latest_status=Subquery(latest))


HARVEST_FILTERS = {"harvest_sources": Q(), "harvest_failing": Q(latest_status=HarvestStatus.FAILED)}


def harvest_grouped(*, user, body: Body | None) -> dict[str, Counter]:
    return counts_grouped(harvest_sources_counted(user=user, body=body), "owner__path", body, {
        "harvest_sources": Count("id"), "harvest_failing": Count("id", filter=HARVEST_FILTERS["harvest_failing"]),
    })


@dataclass(frozen=True)
class Scope:
    """What a family counts for: the reader, the body (None: national), the moment, and when the
    kept field counts were refreshed (None: count the fields)."""

    user: object
    body: Body | None
    now: datetime.datetime
    fields_at: datetime.datetime | None = None


# Each family: Scope -> {child code: counts}, one grouped query. The families of the other
# registers (monitoring.figures_plans, monitoring.figures_scores) append theirs at the end of this module.
FAMILIES = [
    lambda scope: databases_grouped(user=scope.user, body=scope.body, now=scope.now, fields_at=scope.fields_at),
    lambda scope: fields_grouped(user=scope.user, body=scope.body, fields_at=scope.fields_at),
    lambda scope: harvest_grouped(user=scope.user, body=scope.body),
]


def percent_of(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures_derive(raw: Counter) -> dict:
    """The counts of one row with its shares and averages added."""
    values = dict(raw)
    total = raw["databases_total"]
    values["reviewed_share"] = percent_of(raw["review_reviewed"] + raw["review_standardized"], total)
    values["standardized_share"] = percent_of(raw["review_standardized"], total)
    values["sync_share"] = percent_of(raw["sync_realtime"] + raw["sync_periodic"], total)
    values["coverage_share"] = percent_of(raw["fields_mapped"] - raw["fields_mismatched"], raw["fields_total"])
    for derive in EXTRA_DERIVATIONS:
        derive(raw, values)
    for definition in DEFINITIONS:
        values.setdefault(definition.key, 0 if definition.unit == "count" else None)
    return values


EXTRA_DERIVATIONS: list = []  # (raw counts, values) -> None, from the families registered below


# --- the view of one body ---------------------------------------------------------------------

@dataclass
class Row:
    """One line of the breakdown: a child body with everything under it, or the body's own entries."""

    body: Body
    own: bool
    values: dict = field(default_factory=dict)


@dataclass
class BodyFigures:
    body: Body | None
    computed_at: datetime.datetime
    totals: dict
    rows: list[Row]
    fields_counted_at: datetime.datetime | None = None  # when the field counts used were refreshed


def body_children(*, body: Body | None) -> QuerySet[Body]:
    """The bodies one level below `body` (the top-level bodies for the national view)."""
    children = Body.objects.filter(parent=body) if body is not None else Body.objects.filter(parent__isnull=True)
    return children.order_by("level", "kind", "code")


def figures_compute(*, user, body: Body | None = None, now: datetime.datetime | None = None) -> BodyFigures:
    """The figures of `body` (None: the whole political system) for `user`, with one breakdown
    row per child body (plus the body's own entries when it has any)."""
    from monitoring.coverage import field_counts_as_of

    now = now or timezone.now()
    fields_at = field_counts_as_of(now=now)
    scope = Scope(user=user, body=body, now=now, fields_at=fields_at)
    grouped: dict[str, Counter] = {}
    for family in FAMILIES:
        for code, counts in family(scope).items():
            grouped.setdefault(code, Counter()).update(counts)
    children = list(body_children(body=body))
    rows = [Row(body=child, own=False, values=figures_derive(grouped.get(child.code, Counter())))
            for child in children]
    if body is not None and body.code in grouped:
        rows.insert(0, Row(body=body, own=True, values=figures_derive(grouped[body.code])))
    total = Counter()
    for counts in grouped.values():
        total.update(counts)
    return BodyFigures(body=body, computed_at=now, totals=figures_derive(total), rows=rows,
                       fields_counted_at=fields_at or now)


def figures_national(*, user, now: datetime.datetime | None = None) -> BodyFigures:
    return figures_compute(user=user, body=None, now=now)


# The families of the bodies' obligations (strategies, milestones, chief engineers) register
# themselves here: DEFINITIONS, FAMILIES and EXTRA_DERIVATIONS grow by theirs.
from monitoring import figures_plans, figures_scores  # noqa: F401
