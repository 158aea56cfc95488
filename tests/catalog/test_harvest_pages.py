"""An unchanged page costs neither parsing nor writing: the server answers 304 to the ETag kept
from the last run, or sends the same bytes. Anything that makes the kept page doubtful reads it afresh."""

import pytest

from catalog.harvest import run as harvest_run
from catalog.harvest.run import source_harvest
from catalog.models import Database, HarvestPage, HarvestStatus
from tests.catalog.harvest_fixtures.server import feed_server, fixture_text, source_make  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def parses(monkeypatch):
    """The URLs of the pages parsed."""
    parsed, parse = [], harvest_run.page_parse

    def counting(page, fmt):
        parsed.append(page.url)
        return parse(page, fmt)

    monkeypatch.setattr(harvest_run, "page_parse", counting)
    return parsed


def _serve(server, *, etag=False, page2=None):
    server.route("/ttl/page1", fixture_text("page1.ttl"), etag='"trang-1"' if etag else "")
    server.route("/ttl/page2", page2 or fixture_text("page2.ttl"), etag='"trang-2"' if etag else "")


@pytest.fixture
def source(bodies, feed_server):
    return source_make(bodies["province"], feed_server.url("/ttl/page1"))


def test_a_page_not_modified_is_not_read_again(source, feed_server, parses):
    _serve(feed_server, etag=True)
    source_harvest(source=source)
    assert len(parses) == 2 and HarvestPage.objects.count() == 2
    run = source_harvest(source=source)
    assert (run.status, run.unchanged, run.pages_read, len(parses)) == (HarvestStatus.SUCCEEDED, 4, 2, 2)
    assert [etag for _, _, etag in feed_server.requests[-2:]] == ['"trang-1"', '"trang-2"']


def test_the_same_bytes_are_not_parsed_again(source, feed_server, parses):
    _serve(feed_server)
    source_harvest(source=source)
    assert source_harvest(source=source).unchanged == 4
    assert len(parses) == 2


def test_a_changed_page_is_read_again(source, feed_server, parses):
    _serve(feed_server, etag=True)
    source_harvest(source=source)
    _serve(feed_server, page2=fixture_text("page2.ttl").replace("giao thông", "giao thông vận tải"))
    run = source_harvest(source=source)
    assert (run.updated, run.unchanged, parses[-1]) == (1, 3, feed_server.url("/ttl/page2"))


def test_a_page_whose_entry_was_deleted_is_read_again(source, feed_server, parses):
    _serve(feed_server, etag=True)
    source_harvest(source=source)
    Database.objects.get(identifier="HN-DAT-DAI").delete()
    run = source_harvest(source=source)
    assert (run.created, run.unchanged, len(parses)) == (1, 3, 3)
    assert feed_server.requests[-2][2] == ""  # asked for afresh, without the kept ETag


def test_a_page_with_problems_is_read_and_reported_every_time(bodies, feed_server, parses):
    source = source_make(bodies["province"], feed_server.url("/ttl/bad_record"))
    assert source_harvest(source=source).errors == 2
    assert source_harvest(source=source).errors == 2
    assert len(parses) == 2 and not HarvestPage.objects.exists()
