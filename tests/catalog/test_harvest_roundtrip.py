"""The round trip: a catalog harvesting this registry's own DCAT-AP feed (catalog.dcat, Turtle,
Hydra paging, served by live_server) ends with the same public entries, and harvesting again
changes nothing.

Both catalogs share one database here, so the feed soon lists the harvested copies too: the
harvester knows them for its own entries echoed back (their identifiers are the ones it gave) and
leaves them alone, as a province harvesting the national catalog that harvests it must.
"""

import pytest

from architecture.access import AccessLevel
from catalog.harvest.run import source_harvest
from catalog.models import Database, HarvestStatus, Service, SyncFrequency, SyncMode, Theme
from tests.catalog.harvest_fixtures.server import source_make
from tests.conftest import make_database

PUBLIC = 5


def _entries(bodies) -> list[Database]:
    themes = list(Theme.objects.order_by("code"))
    made = []
    for n in range(PUBLIC):
        entry = make_database(
            bodies["ministry" if n % 2 else "commune"], f"CSDL-RT-{n}", AccessLevel.PUBLIC,
            name_vi=f"Cơ sở dữ liệu thử {n}", name_en=f"Test database {n}",
            description_vi=f"Mô tả {n}", description_en=f"Description {n}",
            keywords=f"dữ liệu {n}\nthử nghiệm", landing_page=f"https://dulieu.gov.vn/csdl/{n}",
            sync_mode=SyncMode.PERIODIC if n % 2 else SyncMode.NONE,
            sync_frequency=SyncFrequency.WEEKLY if n % 2 else "",
            contact_name=f"Phòng dữ liệu {n}", contact_email=f"csdl{n}@dulieu.gov.vn", contact_phone="0243825353",
        )
        entry.themes.set(themes[n:n + 2])
        Service.objects.create(database=entry, title=f"API {n}", endpoint_url=f"https://api.dulieu.gov.vn/{n}",
                               media_type="application/json" if n % 2 else "",
                               endpoint_description_url=f"https://api.dulieu.gov.vn/{n}/openapi" if n == 1 else "")
        made.append(entry)
    make_database(bodies["commune"], "CSDL-RT-NOI-BO", AccessLevel.INTERNAL)  # not in the public feed
    make_database(bodies["commune"], "CSDL-RT-MAT", AccessLevel.RESTRICTED)
    return made


def _public_view(entry: Database) -> tuple:
    """What the feed says of an entry (the copy's owner, kind and identifier are the harvester's)."""
    return (
        entry.name_vi, entry.name_en, entry.description_vi, entry.description_en, frozenset(entry.keyword_list()),
        entry.access_level, entry.sync_mode, entry.sync_frequency, entry.landing_page,
        entry.contact_name, entry.contact_email, entry.contact_phone,
        frozenset(entry.themes.values_list("code", flat=True)),
        frozenset(entry.services.values_list("title", "endpoint_url", "media_type", "endpoint_description_url")),
    )


def _snapshot():
    return sorted(Database.objects.values_list("identifier", "version", "modified_at", "withdrawn_at"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_harvesting_this_registry_ends_with_its_public_entries(live_server, settings, bodies):
    settings.SITE_URL = live_server.url  # the feed's IRIs and next links point at the live server
    originals = _entries(bodies)
    source = source_make(bodies["office"], f"{live_server.url}/catalog.ttl?page_size=2", name="Danh mục này")

    run = source_harvest(source=source)
    assert (run.status, run.complete, run.created, run.errors) == (HarvestStatus.SUCCEEDED, True, PUBLIC, 0), \
        list(run.lines.values_list("subject", "reason"))
    assert run.pages_read >= 3  # five entries, two a page: the paging was followed
    copies = Database.objects.filter(harvest_record__source=source)
    assert sorted(map(_public_view, copies)) == sorted(map(_public_view, originals))
    assert set(copies.values_list("owner", flat=True)) == {bodies["office"].pk}

    before = _snapshot()
    again = source_harvest(source=source)
    assert (again.status, again.created, again.updated, again.withdrawn, again.errors, again.unchanged) == (
        HarvestStatus.SUCCEEDED, 0, 0, 0, 0, PUBLIC)
    assert _snapshot() == before
