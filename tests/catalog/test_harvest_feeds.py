"""Reading feeds: the three RDF formats, both kinds of Hydra paging, and what one dataset becomes."""

from hashlib import sha256

import pytest

from architecture.access import AccessLevel
from catalog.harvest.run import source_harvest
from catalog.models import Database, DatabaseKind, HarvestRecord, HarvestStatus, SyncFrequency, SyncMode
from tests.catalog.harvest_fixtures.server import feed_server, source_make  # noqa: F401
from tests.conftest import make_database

pytestmark = pytest.mark.django_db

IDENTIFIERS = {"HN-DAN-CU", "HN-DAT-DAI", "HN-Y-TE"}


def _harvested(source):
    return Database.objects.filter(harvest_record__source=source)


@pytest.mark.parametrize("kind", ["ttl", "jsonld", "rdf"])
def test_it_reads_a_two_page_feed_in_each_format(bodies, feed_server, kind):
    source = source_make(bodies["province"], feed_server.url(f"/{kind}/page1"))
    run = source_harvest(source=source)
    assert (run.status, run.complete, run.pages_read) == (HarvestStatus.SUCCEEDED, True, 2)
    assert (run.created, run.errors) == (4, 0)
    identifiers = set(_harvested(source).values_list("identifier", flat=True))
    assert IDENTIFIERS < identifiers
    derived = (identifiers - IDENTIFIERS).pop()
    assert derived.startswith(f"h{source.pk}-")
    record = HarvestRecord.objects.get(database__identifier=derived)
    assert record.remote_identifier == "https://dulieu.hanoi.gov.vn/id/3"


def test_an_identifier_taken_in_the_register_is_not_reused(bodies, feed_server):
    """The remote dct:identifier becomes the entry's identifier only while no other entry holds it."""
    make_database(bodies["ministry"], "HN-DAN-CU")
    source = source_make(bodies["province"], feed_server.url("/ttl/page1"))
    source_harvest(source=source)
    record = HarvestRecord.objects.get(remote_identifier="HN-DAN-CU")
    assert record.database.identifier == f"h{source.pk}-" + sha256(b"HN-DAN-CU").hexdigest()[:16]
    assert Database.objects.get(identifier="HN-DAN-CU").owner == bodies["ministry"]  # left alone


def test_it_asks_for_the_configured_format(bodies, feed_server):
    source_harvest(source=source_make(bodies["province"], feed_server.url("/ttl/page1"), format="turtle"))
    assert feed_server.requests[0][1].startswith("text/turtle")
    source_harvest(source=source_make(bodies["province"], feed_server.url("/rdf/page1"), format="rdfxml", name="x"))
    assert feed_server.requests[-1][1].startswith("application/rdf+xml")


def test_it_follows_the_older_paged_collection(bodies, feed_server):
    source = source_make(bodies["ministry"], feed_server.url("/ttl/paged1"))
    run = source_harvest(source=source)
    assert (run.status, run.pages_read, run.created) == (HarvestStatus.SUCCEEDED, 2, 2)
    assert set(_harvested(source).values_list("identifier", "kind")) == {
        ("DN-1", DatabaseKind.SPECIALIZED), ("DN-2", DatabaseKind.SPECIALIZED),
    }


def test_it_maps_a_dataset_onto_the_register(bodies, feed_server):
    source = source_make(bodies["province"], feed_server.url("/ttl/page1"))
    source_harvest(source=source)
    entry = Database.objects.get(identifier="HN-DAN-CU")
    assert (entry.name_vi, entry.name_en) == ("Cơ sở dữ liệu dân cư Hà Nội", "Hanoi population database")
    assert entry.description_vi == "Dữ liệu dân cư của thành phố"
    assert entry.description_en == "The city's population data"
    assert entry.keyword_list() == ["dân cư", "hộ tịch"]
    assert sorted(entry.themes.values_list("code", flat=True)) == ["GOVE", "SOCI"]
    assert (entry.owner, entry.kind, entry.access_level) == (bodies["province"], DatabaseKind.LOCAL, AccessLevel.PUBLIC)
    assert (entry.sync_mode, entry.sync_frequency) == (SyncMode.PERIODIC, SyncFrequency.DAILY)
    assert entry.landing_page == "https://dulieu.hanoi.gov.vn/dan-cu"
    assert (entry.contact_name, entry.contact_email, entry.contact_phone) == (
        "Sở Khoa học và Công nghệ Hà Nội", "dulieu@hanoi.gov.vn", "+842438253536")
    assert entry.source == "https://dulieu.hanoi.gov.vn/dataset/dan-cu"
    services = sorted(entry.services.values_list("endpoint_url", "title", "media_type", "endpoint_description_url"))
    assert services == [
        ("https://api.hanoi.gov.vn/dan-cu", "API dân cư", "application/json", ""),
        ("https://api.hanoi.gov.vn/dan-cu/sparql", "SPARQL dân cư", "", "https://api.hanoi.gov.vn/dan-cu/sparql/mo-ta"),
    ]
    history = entry.history.get()
    assert (history.history_type, history.history_user.username) == ("+", "harvester")
    assert sorted(t.theme.code for t in history.themes.all()) == ["GOVE", "SOCI"]
    assert entry.services.first().history.get().history_user.username == "harvester"


def test_a_long_source_name_fits_the_history(bodies, feed_server):
    source = source_make(bodies["province"], feed_server.url("/ttl/page1"), name="Danh mục dữ liệu " * 11)
    assert source_harvest(source=source).created == 4
    reason = Database.objects.get(identifier="HN-DAN-CU").history.get().history_change_reason
    assert reason.startswith("harvested from Danh mục") and len(reason) == 100


def test_it_reads_closed_rather_than_open(bodies, feed_server):
    """No access right: within the political system; one it cannot read: restricted."""
    source_harvest(source=source_make(bodies["commune"], feed_server.url("/ttl/page1")))
    land = Database.objects.get(identifier="HN-DAT-DAI")
    assert (land.access_level, land.name_en, land.sync_mode, land.sync_frequency) == (
        AccessLevel.INTERNAL, "", SyncMode.NONE, "")
    assert land.contact_phone == "0243000111"
    assert list(land.themes.values_list("code", flat=True)) == ["AGRI"]  # the province's own theme is not an EU one
    assert Database.objects.get(identifier="HN-Y-TE").access_level == AccessLevel.RESTRICTED
    traffic = Database.objects.get(harvest_record__remote_identifier="https://dulieu.hanoi.gov.vn/id/3")
    assert (traffic.access_level, traffic.sync_mode, traffic.sync_frequency) == (
        AccessLevel.RESTRICTED, SyncMode.REALTIME, SyncFrequency.CONTINUOUS)
