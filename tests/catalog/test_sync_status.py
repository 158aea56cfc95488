"""The synchronization status derived from the reports (catalog.sync): thresholds per frequency,
overdue by itself, failing, not configured; and the queryset filter agrees with the function."""

import datetime
import itertools

import pytest

from catalog.models import Database, SyncReport, SyncReporter
from catalog.sync import (
    sync_overdue_filter,
    sync_report_record,
    sync_reporter_create,
    sync_status,
)
from tests.conftest import make_database

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
MIN = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def database(owner, identifier="CSDL-SYNC", *, mode="periodic", frequency="daily", lifecycle="in_operation",
             last=None):
    return make_database(owner, identifier, sync_mode=mode, sync_frequency=frequency if mode == "periodic" else "",
                         lifecycle=lifecycle, last_synced_at=last)


@pytest.mark.parametrize("mode, frequency, interval", [
    ("realtime", "", 15 * MIN), ("periodic", "continuous", 15 * MIN), ("periodic", "hourly", HOUR),
    ("periodic", "daily", DAY), ("periodic", "weekly", 7 * DAY), ("periodic", "monthly", 31 * DAY),
    ("periodic", "quarterly", 92 * DAY), ("periodic", "annual", 366 * DAY),
])
def test_thresholds(bodies, mode, frequency, interval):
    entry = database(bodies["commune"], mode=mode, frequency=frequency, last=NOW)
    second = datetime.timedelta(seconds=1)
    for lag, expected in [(interval, "ok"), (interval + second, "late"), (2 * interval, "late"),
                          (2 * interval + second, "overdue")]:
        found = sync_status(entry, now=NOW + lag)
        assert (found.status, found.lag, found.expected_interval) == (expected, lag, interval), lag


def test_irregular_is_never_late_once_synced(bodies):
    entry = database(bodies["commune"], frequency="irregular", last=NOW)
    assert sync_status(entry, now=NOW + 1000 * DAY).status == "ok"


def test_never_synced(bodies):
    assert sync_status(database(bodies["commune"]), now=NOW).status == "overdue"
    planned = database(bodies["commune"], "CSDL-PLANNED", lifecycle="planned")
    assert sync_status(planned, now=NOW).status == "not_configured"


def test_not_configured(bodies):
    assert sync_status(database(bodies["commune"], mode="none", last=NOW), now=NOW).status == "not_configured"
    retired = database(bodies["commune"], "CSDL-RETIRED", lifecycle="retired", last=NOW - 100 * DAY)
    assert sync_status(retired, now=NOW).status == "not_configured"


def test_overdue_by_itself_when_reports_stop_and_failing_after_a_failure(users, bodies):
    entry = database(bodies["commune"], frequency="hourly")
    reporter, _plain = sync_reporter_create(user=users["owner"], database=entry)
    sync_report_record(reporter=reporter, report_id="1", started_at=NOW - MIN, finished_at=NOW, records_sent=5,
                       outcome="success")
    entry.refresh_from_db()
    assert sync_status(entry, now=NOW + 30 * MIN).status == "ok"
    assert sync_status(entry, now=NOW + 90 * MIN).status == "late"
    assert sync_status(entry, now=NOW + 3 * HOUR).status == "overdue"  # nobody had to say so
    sync_report_record(reporter=reporter, report_id="2", started_at=NOW + 10 * MIN, finished_at=NOW + 11 * MIN,
                       records_sent=0, outcome="failure", error="connection refused")
    entry.refresh_from_db()
    assert sync_status(entry, now=NOW + 20 * MIN).status == "failing"
    assert entry.last_sync_error == "connection refused" and entry.last_synced_at == NOW
    sync_report_record(reporter=reporter, report_id="3", started_at=NOW + 20 * MIN, finished_at=NOW + 21 * MIN,
                       records_sent=3, outcome="success")
    entry.refresh_from_db()
    assert sync_status(entry, now=NOW + 30 * MIN).status == "ok" and entry.last_sync_error == ""


def test_a_repeated_report_counts_once(users, bodies):
    entry = database(bodies["commune"])
    reporter, _plain = sync_reporter_create(user=users["owner"], database=entry)
    kwargs = {"reporter": reporter, "report_id": "x", "started_at": NOW, "finished_at": NOW, "records_sent": 1,
              "outcome": "success"}
    first, created = sync_report_record(**kwargs)
    again, created_again = sync_report_record(**kwargs)
    assert (created, created_again, first.pk) == (True, False, again.pk)
    assert SyncReport.objects.count() == 1 and SyncReporter.objects.get().token.user.username == "sync:CSDL-SYNC"


def test_the_filter_agrees_with_the_function(bodies):
    """The overdue rule is written twice (Python and SQL): on every combination, both answer alike."""
    owner = bodies["commune"]
    lags = [None, 10 * MIN, 20 * MIN, 31 * MIN, 90 * MIN, 3 * HOUR, 2 * DAY + MIN, 15 * DAY, 63 * DAY, 800 * DAY]
    settings = [("none", ""), ("realtime", ""), *[("periodic", f) for f in (
        "continuous", "hourly", "daily", "weekly", "monthly", "quarterly", "annual", "irregular")]]
    lifecycles = ["planned", "under_construction", "in_operation", "retired"]
    for number, ((mode, frequency), lifecycle, lag) in enumerate(itertools.product(settings, lifecycles, lags)):
        make_database(owner, f"CSDL-{number}", sync_mode=mode, sync_frequency=frequency, lifecycle=lifecycle,
                      last_synced_at=None if lag is None else NOW - lag)
    by_function = {d.identifier for d in Database.objects.all() if sync_status(d, now=NOW).status == "overdue"}
    by_filter = set(Database.objects.filter(sync_overdue_filter(NOW)).values_list("identifier", flat=True))
    assert by_function == by_filter and len(by_filter) > 20
