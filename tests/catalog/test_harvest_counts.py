"""Created, updated, unchanged and withdrawn across runs; nothing withdrawn before the grace period
or after a run that did not read the whole feed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.harvest.run import source_harvest
from catalog.models import Database, HarvestRecord, HarvestStatus
from tests.catalog.harvest_fixtures.server import feed_server, fixture_text, source_make  # noqa: F401

pytestmark = pytest.mark.django_db

COUNTS = ("created", "updated", "unchanged", "withdrawn", "errors")


def _counts(run):
    return tuple(getattr(run, name) for name in COUNTS)


def _serve(server, page1=None, page2=None):
    server.route("/ttl/page1", page1 if page1 is not None else fixture_text("page1.ttl"))
    server.route("/ttl/page2", page2 if page2 is not None else fixture_text("page2.ttl"))


def _without_health_dataset(page2: str) -> str:
    return page2.split("# A blank-node dataset")[0]


@pytest.fixture
def source(bodies, feed_server):
    _serve(feed_server)
    return source_make(bodies["province"], feed_server.url("/ttl/page1"), grace_days=7)


def test_it_counts_each_outcome_across_runs(source, feed_server):
    assert _counts(source_harvest(source=source)) == (4, 0, 0, 0, 0)
    assert _counts(source_harvest(source=source)) == (0, 0, 4, 0, 0)

    # One dataset changed, one gone: the gone one is only marked missing (grace period of 7 days).
    changed = fixture_text("page1.ttl").replace("Cơ sở dữ liệu đất đai Hà Nội", "Cơ sở dữ liệu đất đai (mới)")
    _serve(feed_server, changed, _without_health_dataset(fixture_text("page2.ttl")))
    run = source_harvest(source=source)
    assert (_counts(run), run.status) == ((0, 1, 2, 0, 0), HarvestStatus.SUCCEEDED)
    land = Database.objects.get(identifier="HN-DAT-DAI")
    assert (land.name_vi, land.version) == ("Cơ sở dữ liệu đất đai (mới)", 2)
    assert land.history.first().history_user.username == "harvester"
    health = HarvestRecord.objects.get(remote_identifier="HN-Y-TE")
    assert health.missing_since is not None and health.database.withdrawn_at is None

    # Still missing, past the grace period: withdrawn, never deleted.
    HarvestRecord.objects.filter(pk=health.pk).update(missing_since=health.missing_since - timedelta(days=8))
    assert _counts(source_harvest(source=source)) == (0, 0, 3, 1, 0)
    health.database.refresh_from_db()
    assert health.database.withdrawn_at is not None
    assert health.database.history.first().history_change_reason.startswith("withdrawn")
    assert _counts(source_harvest(source=source)) == (0, 0, 3, 0, 0)  # withdrawn once

    # Listed again: reinstated.
    _serve(feed_server, changed)
    assert _counts(source_harvest(source=source)) == (0, 1, 3, 0, 0)
    health.refresh_from_db()
    health.database.refresh_from_db()
    assert (health.missing_since, health.database.withdrawn_at) == (None, None)


def test_a_record_back_within_the_grace_period_is_no_longer_missing(source, feed_server):
    source_harvest(source=source)
    _serve(feed_server, page2=_without_health_dataset(fixture_text("page2.ttl")))
    source_harvest(source=source)
    _serve(feed_server)
    run = source_harvest(source=source)
    assert _counts(run) == (0, 0, 4, 0, 0)
    record = HarvestRecord.objects.get(remote_identifier="HN-Y-TE")
    assert (record.missing_since, record.last_seen_run) == (None, run)


def test_a_partial_run_withdraws_nothing(source, feed_server):
    source.grace_days = 0
    source.save()
    source_harvest(source=source)
    feed_server.route("/ttl/page2", "lỗi máy chủ", status=500, content_type="text/plain")
    run = source_harvest(source=source)
    assert (run.status, run.complete, run.pages_read) == (HarvestStatus.PARTIAL, False, 1)
    assert _counts(run) == (0, 0, 2, 0, 1)
    line = run.lines.get()
    assert (line.subject, line.reason) == (feed_server.url("/ttl/page2"), "HTTP 500 Internal Server Error")
    assert not HarvestRecord.objects.filter(missing_since__isnull=False).exists()
    assert not Database.objects.filter(withdrawn_at__isnull=False).exists()


def test_an_unchanged_dataset_costs_no_write(bodies, feed_server):
    """Three hundred unchanged datasets on a page that is parsed again (its bytes differ): no
    statement per dataset, nothing written outside the harvest's own bookkeeping, no history."""
    datasets = "\n".join(
        f'<https://example.org/dataset/{n}> a dcat:Dataset ; dct:identifier "BULK-{n}" ; dct:title "Bộ {n}"@vi ; '
        f'dcat:distribution [ dcat:accessURL <https://example.org/api/{n}> ] .' for n in range(300)
    )
    feed = "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n" + datasets
    feed_server.route("/bulk", feed)
    source = source_make(bodies["ministry"], feed_server.url("/bulk"))
    assert source_harvest(source=source).created == 300
    history_rows = Database.history.count()
    feed_server.route("/bulk", "# rendered again\n" + feed)
    with CaptureQueriesContext(connection) as queries:
        run = source_harvest(source=source)
    assert (run.unchanged, run.pages_read) == (300, 1)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert len(queries) < 30 and len(writes) < 10, writes
    harvest_tables = ("catalog_harvestrun", "catalog_harvestrecord", "catalog_harvestpage", "catalog_harvestreportline")
    assert all(any(table in sql for table in harvest_tables) for sql in writes), writes
    assert Database.history.count() == history_rows
