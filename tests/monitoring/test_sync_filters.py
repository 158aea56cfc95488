"""monitoring.figures.sync_status_filters states catalog.sync.sync_status's rule as filters: each
database falls in exactly the status the function gives it."""

import datetime

import pytest

from catalog.models import (
    Database,
    Lifecycle,
    SyncFrequency,
    SyncMode,
    SyncOutcome,
    SyncReport,
)
from catalog.sync import sync_status
from monitoring.figures import sync_status_filters
from tests.conftest import make_database
from tests.monitoring.conftest import NOW

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
CASES = [
    # (lifecycle, mode, frequency, last synced minutes ago or None, latest report failed)
    (Lifecycle.IN_OPERATION, SyncMode.NONE, "", None, False),
    (Lifecycle.RETIRED, SyncMode.REALTIME, "", 5, False),
    (Lifecycle.PLANNED, SyncMode.REALTIME, "", None, False),
    (Lifecycle.IN_OPERATION, SyncMode.REALTIME, "", None, False),
    (Lifecycle.IN_OPERATION, SyncMode.REALTIME, "", 5, False),
    (Lifecycle.IN_OPERATION, SyncMode.REALTIME, "", 20, False),
    (Lifecycle.IN_OPERATION, SyncMode.REALTIME, "", 40, False),
    (Lifecycle.IN_OPERATION, SyncMode.REALTIME, "", 5, True),
    (Lifecycle.IN_OPERATION, SyncMode.PERIODIC, SyncFrequency.DAILY, 60 * 30, False),
    (Lifecycle.IN_OPERATION, SyncMode.PERIODIC, SyncFrequency.DAILY, 60 * 30, True),
    (Lifecycle.IN_OPERATION, SyncMode.PERIODIC, SyncFrequency.DAILY, 60 * 50, True),
    (Lifecycle.UNDER_CONSTRUCTION, SyncMode.PERIODIC, SyncFrequency.IRREGULAR, 60 * 24 * 400, False),
    (Lifecycle.IN_OPERATION, SyncMode.PERIODIC, SyncFrequency.WEEKLY, 60 * 24 * 3, False),
]


def test_each_database_is_in_exactly_the_status_sync_status_gives(bodies):
    for index, (lifecycle, mode, frequency, minutes, failed) in enumerate(CASES):
        last = NOW - minutes * MINUTE if minutes is not None else None
        database = make_database(bodies["commune"], f"S-{index}", lifecycle=lifecycle, sync_mode=mode,
                                 sync_frequency=frequency, last_synced_at=last,
                                 last_sync_error="timeout" if failed else "")
        if failed:
            SyncReport.objects.create(database=database, report_id="r1", started_at=NOW - 2 * MINUTE,
                                      finished_at=NOW - MINUTE, outcome=SyncOutcome.FAILURE, error="timeout")
    filters = sync_status_filters(NOW)
    for database in Database.objects.all():
        expected = sync_status(database, now=NOW).status
        matching = [name.removeprefix("sync_") for name, condition in filters.items()
                    if Database.objects.filter(condition, pk=database.pk).exists()]
        assert matching == [expected], database.identifier
