"""Synchronization with the National Data Center (Resolution 214/NQ-CP), from the reports of the
systems themselves: the services that issue reporter credentials and record reports, and the
derived status shown by the pages, the DCAT feed and the dashboard.

The status rule, in order (the first that applies wins):

- not_configured: the database is not synchronized (sync_mode "none"), or it is retired, or it
  has never synchronized and is not in operation yet (nothing is expected of it);
- overdue: in operation and never synchronized, or the last successful synchronization is older
  than twice the expected interval. A database that stops reporting becomes overdue by itself:
  the rule reads the clock, not a flag;
- failing: the latest report (by its end) is a failure;
- late: the last successful synchronization is older than the expected interval;
- ok: otherwise.

The expected interval is 15 minutes for real-time synchronization and, for a periodic one, that
of its frequency; an irregular synchronization has none, so it is never late nor overdue once it
has synchronized. Lag is now minus the last successful synchronization.

`sync_status` (one database) and `sync_overdue_filter` (a Q for querysets and aggregates) state
the overdue rule twice; tests/catalog/test_sync_status.py proves them equal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from architecture.access import can_edit
from architecture.models import ApiToken, User
from architecture.tokens import token_create
from catalog.models import (
    Database,
    Lifecycle,
    SyncFrequency,
    SyncMode,
    SyncOutcome,
    SyncReport,
    SyncReporter,
)

REALTIME_INTERVAL = datetime.timedelta(minutes=15)
FREQUENCY_INTERVALS: dict[str, datetime.timedelta | None] = {
    SyncFrequency.CONTINUOUS: REALTIME_INTERVAL,
    SyncFrequency.HOURLY: datetime.timedelta(hours=1),
    SyncFrequency.DAILY: datetime.timedelta(days=1),
    SyncFrequency.WEEKLY: datetime.timedelta(days=7),
    SyncFrequency.MONTHLY: datetime.timedelta(days=31),
    SyncFrequency.QUARTERLY: datetime.timedelta(days=92),
    SyncFrequency.ANNUAL: datetime.timedelta(days=366),
    SyncFrequency.IRREGULAR: None,
}
OVERDUE_FACTOR = 2


class SyncStatusCode:
    OK = "ok"
    LATE = "late"
    OVERDUE = "overdue"
    FAILING = "failing"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class SyncStatus:
    status: str
    lag: datetime.timedelta | None
    last_synced_at: datetime.datetime | None
    expected_interval: datetime.timedelta | None


def expected_interval(database: Database) -> datetime.timedelta | None:
    if database.sync_mode == SyncMode.REALTIME:
        return REALTIME_INTERVAL
    if database.sync_mode == SyncMode.PERIODIC:
        return FREQUENCY_INTERVALS.get(database.sync_frequency)
    return None


def _latest_report(database: Database) -> SyncReport | None:
    return database.sync_reports.order_by("-finished_at", "-id").first()


def sync_status(database: Database, now: datetime.datetime | None = None) -> SyncStatus:
    """The synchronization status of `database` at `now` (see the module's rule)."""
    now = now or timezone.now()
    interval = expected_interval(database)
    last = database.last_synced_at
    lag = now - last if last is not None else None

    def result(status: str) -> SyncStatus:
        return SyncStatus(status=status, lag=lag, last_synced_at=last, expected_interval=interval)

    if database.sync_mode == SyncMode.NONE or database.lifecycle == Lifecycle.RETIRED:
        return result(SyncStatusCode.NOT_CONFIGURED)
    if last is None:
        if database.lifecycle != Lifecycle.IN_OPERATION:
            return result(SyncStatusCode.NOT_CONFIGURED)
        return result(SyncStatusCode.OVERDUE)
    if interval is not None and lag > OVERDUE_FACTOR * interval:
        return result(SyncStatusCode.OVERDUE)
    latest = _latest_report(database)
    if latest is not None and latest.outcome == SyncOutcome.FAILURE:
        return result(SyncStatusCode.FAILING)
    if interval is not None and lag > interval:
        return result(SyncStatusCode.LATE)
    return result(SyncStatusCode.OK)


def sync_overdue_filter(now: datetime.datetime) -> Q:
    """The databases whose status at `now` is overdue, as a filter on Database: for querysets and
    aggregates such as `Database.objects.aggregate(overdue=Count("id", filter=sync_overdue_filter(now)))`."""
    expected = ~Q(sync_mode=SyncMode.NONE) & ~Q(lifecycle=Lifecycle.RETIRED)
    stale = Q(sync_mode=SyncMode.REALTIME, last_synced_at__lt=now - OVERDUE_FACTOR * REALTIME_INTERVAL)
    for frequency, interval in FREQUENCY_INTERVALS.items():
        if interval is not None:
            stale |= Q(sync_mode=SyncMode.PERIODIC, sync_frequency=frequency,
                       last_synced_at__lt=now - OVERDUE_FACTOR * interval)
    never = Q(last_synced_at__isnull=True, lifecycle=Lifecycle.IN_OPERATION)
    return expected & (never | stale)


# --- reporter credentials

def _service_user(database: Database) -> User:
    """The per-database machine user "sync:<identifier>": active (its tokens must authenticate),
    no password (it cannot sign in), no body and no role (access gives it no write anywhere). The
    colon keeps it apart from people, whose usernames cannot hold one."""
    user, created = User.objects.get_or_create(username=f"sync:{database.identifier}",
                                               defaults={"is_active": True, "is_service_account": True})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def sync_reporter_create(*, user: User, database: Database) -> tuple[SyncReporter, str]:
    """A reporter credential for `database`, by an editor of its owner; returns the plain token,
    which is shown this once."""
    if not can_edit(user, owner=database.owner):
        raise PermissionDenied(_("Only the editors of the owning body issue synchronization reporters."))
    token, plain = token_create(user=_service_user(database),
                                name=f"Synchronization reports of {database.identifier}"[:100])
    reporter = SyncReporter.objects.create(database=database, token=token, created_by=user)
    return reporter, plain


@transaction.atomic
def sync_reporter_revoke(*, user: User, reporter: SyncReporter) -> None:
    """Revokes the reporter's token, and any other token its machine user holds (a token can mint
    personal tokens for its own user), then deletes the reporter; its reports stay."""
    if not can_edit(user, owner=reporter.database.owner):
        raise PermissionDenied(_("Only the editors of the owning body revoke synchronization reporters."))
    now = timezone.now()
    ApiToken.objects.filter(pk=reporter.token_id, revoked_at__isnull=True).update(revoked_at=now)
    if not SyncReporter.objects.filter(token__user=reporter.token.user).exclude(pk=reporter.pk).exists():
        ApiToken.objects.filter(user=reporter.token.user, revoked_at__isnull=True).update(revoked_at=now)
    reporter.delete()


def reporter_for(token, database: Database) -> SyncReporter | None:
    """The reporter of `database` that `token` (request.auth) is, if any."""
    if not isinstance(token, ApiToken):
        return None
    return SyncReporter.objects.filter(token=token, database=database).first()


# --- reports

def _check(report: SyncReport) -> None:
    errors = {}
    if report.finished_at < report.started_at:
        errors["finished_at"] = _("A synchronization finishes after it starts.")
    if report.records_sent is not None and report.records_sent < 0:
        errors["records_sent"] = _("The number of records sent cannot be negative.")
    if report.outcome not in SyncOutcome.values:
        errors["outcome"] = _("Unknown outcome.")
    if report.outcome == SyncOutcome.FAILURE and not report.error.strip():
        errors["error"] = _("A failed synchronization says what went wrong.")
    if errors:
        raise ValidationError(errors)
    report.full_clean(validate_unique=False)


def sync_report_record(*, reporter: SyncReporter, report_id: str, started_at: datetime.datetime,
                       finished_at: datetime.datetime, records_sent: int, outcome: str,
                       error: str = "") -> tuple[SyncReport, bool]:
    """Record one synchronization of the reporter's database; returns (report, created).

    The same report_id twice is one report: the stored one is returned and nothing changes. In
    the same transaction the database's last successful synchronization moves forward (never
    back) on success, and its last error follows the newest report (cleared on success, set
    otherwise). That is a queryset update: neither a new version nor a history row nor a review
    change, but modified_at moves so the DCAT feed's ETag does."""
    database = reporter.database
    existing = SyncReport.objects.filter(database=database, report_id=report_id).first()
    if existing is not None:
        return existing, False
    report = SyncReport(database=database, reporter=reporter, report_id=report_id, started_at=started_at,
                        finished_at=finished_at, records_sent=records_sent, outcome=outcome,
                        error=(error or "").strip())
    _check(report)
    try:
        with transaction.atomic():
            current = Database.objects.select_for_update().only("pk", "last_synced_at").get(pk=database.pk)
            report.save()
            _apply(current, report)
            # "live" and the sync check follow the report (catalog.checks reads this module: import here).
            from catalog.checks import database_checks_refresh_later

            database_checks_refresh_later([database.pk])
    except IntegrityError:
        # A retry that raced the first delivery: the first one stands.
        existing = SyncReport.objects.filter(database=database, report_id=report_id).first()
        if existing is None:
            raise
        return existing, False
    return report, True


def _apply(database: Database, report: SyncReport) -> None:
    changes: dict = {}
    if report.outcome == SyncOutcome.SUCCESS and (
            database.last_synced_at is None or report.finished_at > database.last_synced_at):
        changes["last_synced_at"] = report.finished_at
    newest = not database.sync_reports.filter(finished_at__gt=report.finished_at).exists()
    if newest:
        changes["last_sync_error"] = "" if report.outcome == SyncOutcome.SUCCESS else report.error
    if changes:
        Database.objects.filter(pk=database.pk).update(modified_at=timezone.now(), **changes)
