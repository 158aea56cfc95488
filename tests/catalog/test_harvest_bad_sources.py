"""A source that cannot be read gives a failed run with one clear report line, and changes nothing."""

import pytest
from django.db import IntegrityError

from catalog.harvest.run import source_harvest
from catalog.models import Database, HarvestRecord, HarvestSource, HarvestStatus
from tests.catalog.harvest_fixtures.server import FIXTURES, feed_server, fixture_text, source_make  # noqa: F401

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _file(name):
    return (FIXTURES / name).read_bytes()


BAD = {
    "malformed Turtle": ({"body": _file("malformed.ttl")}, "malformed Turtle"),
    "malformed JSON-LD": ({"body": _file("malformed.jsonld"), "content_type": "application/ld+json"},
                          "malformed JSON-LD"),
    "malformed RDF/XML": ({"body": _file("malformed.rdf"), "content_type": "application/rdf+xml"},
                          "malformed RDF/XML"),
    "HTML": ({"body": _file("portal.html"), "content_type": "text/html; charset=utf-8"}, "HTML page, not RDF"),
    "HTML labelled as Turtle": ({"body": _file("portal.html")}, "HTML page, not RDF"),
    "unknown Content-Type": ({"body": fixture_text("page2.ttl"), "content_type": "text/plain"},
                             "unknown Content-Type text/plain"),
    "404": ({"body": "không có", "status": 404, "content_type": "text/plain"}, "HTTP 404 Not Found"),
    "500": ({"body": "lỗi", "status": 500, "content_type": "text/plain"}, "HTTP 500 Internal Server Error"),
    "timeout": ({"body": fixture_text("page2.ttl"), "delay": 2.0}, "no complete answer within 0.5 s"),
    "page over the size limit": ({"body": b"#" * (2 * MB)}, "page larger than the limit of 1 MB"),
    "page over the size limit, undeclared": ({"body": b"#" * (2 * MB), "declare_length": False},
                                             "page larger than the limit of 1 MB"),
    "billion laughs": ({"body": _file("billion_laughs.rdf"), "content_type": "application/rdf+xml"},
                       "RDF/XML with a DTD (<!DOCTYPE>) is refused"),
    "remote JSON-LD context": ({"body": '{"@context": "https://example.org/ctx.jsonld", "@id": "x"}',
                                "content_type": "application/ld+json"}, "remote @context"),
    "redirect out of HTTP": ({"status": 302, "headers": {"Location": "ftp://example.org/feed.ttl"}},
                             "redirected to a non-HTTP address"),
}


@pytest.fixture
def harvested(bodies, feed_server):
    """A source harvested once from a good feed, so each bad answer has something it could spoil."""
    feed_server.route("/feed", fixture_text("page2.ttl"))
    source = source_make(bodies["province"], feed_server.url("/feed"), grace_days=0)
    assert source_harvest(source=source).created == 2
    return source


def _snapshot():
    return (list(Database.objects.values_list("identifier", "name_vi", "version", "withdrawn_at", "modified_at")),
            list(HarvestRecord.objects.values_list("content_hash", "missing_since", "last_seen_run")))


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_source_fails_clearly_and_changes_nothing(harvested, feed_server, case):
    route, reason = BAD[case]
    feed_server.route("/feed", **route)
    before = _snapshot()
    run = source_harvest(source=harvested, time_limit=0.5, size_limit=1 * MB)
    assert (run.status, run.complete, run.pages_read, run.errors) == (HarvestStatus.FAILED, False, 0, 1)
    line = run.lines.get()
    assert line.subject == feed_server.url("/feed")
    assert reason in line.reason
    assert _snapshot() == before


def test_the_default_size_limit_is_50_mb(harvested, feed_server):
    feed_server.route("/feed", b"#" * (50 * MB + 1), declare_length=False)
    run = source_harvest(source=harvested)
    assert run.lines.get().reason == "page larger than the limit of 50 MB"


def test_a_next_link_that_loops_stops_the_run_as_partial(bodies, feed_server):
    source = source_make(bodies["province"], feed_server.url("/ttl/loop1"), grace_days=0)
    run = source_harvest(source=source)
    assert (run.status, run.complete, run.pages_read, run.created) == (HarvestStatus.PARTIAL, False, 2, 2)
    line = run.lines.get()
    assert line.subject == feed_server.url("/ttl/loop1")
    assert "loops" in line.reason


def test_the_page_limit_stops_the_run_as_partial(bodies, feed_server):
    source = source_make(bodies["province"], feed_server.url("/ttl/page1"))
    run = source_harvest(source=source, page_limit=1)
    assert (run.status, run.complete, run.pages_read) == (HarvestStatus.PARTIAL, False, 1)
    assert "page limit" in run.lines.get().reason


def test_one_bad_record_is_reported_and_the_others_stored(bodies, feed_server):
    source = source_make(bodies["province"], feed_server.url("/ttl/bad_record"))
    run = source_harvest(source=source)
    assert (run.status, run.complete, run.created, run.errors) == (HarvestStatus.PARTIAL, True, 3, 2)
    assert set(Database.objects.values_list("identifier", flat=True)) == {"GOOD-1", "GOOD-2", "GOOD-3"}
    lines = dict(run.lines.values_list("subject", "reason"))
    assert lines["NO-TITLE"].startswith("no dct:title")
    assert lines["BAD-EMAIL"].startswith("contact_email:")


def test_a_record_the_database_refuses_is_reported_and_the_batch_kept(bodies, feed_server, monkeypatch):
    """When a batch fails in the database, each record is written alone: only the bad one is lost,
    and nothing of it is left behind."""
    from catalog.harvest import store

    insert = store.entries_insert

    def refusing(built, **write):
        records = insert(built, **write)  # written, then refused: the transaction must take all of it back
        if any(item.identifier == "GOOD-2" for item, _, _ in built):
            raise IntegrityError("simulated refusal")
        return records

    monkeypatch.setattr(store, "entries_insert", refusing)
    source = source_make(bodies["province"], feed_server.url("/ttl/bad_record"))
    run = source_harvest(source=source)
    assert (run.created, run.errors) == (2, 3)
    assert set(Database.objects.values_list("identifier", flat=True)) == {"GOOD-1", "GOOD-3"}
    assert set(HarvestRecord.objects.values_list("remote_identifier", flat=True)) == {"GOOD-1", "GOOD-3"}
    assert not Database.history.filter(identifier="GOOD-2").exists()
    assert "simulated refusal" in run.lines.get(subject="GOOD-2").reason


def test_a_source_must_be_http(bodies):
    with pytest.raises(IntegrityError):
        HarvestSource.objects.create(name="tệp", url="file:///etc/passwd", owner=bodies["province"])
