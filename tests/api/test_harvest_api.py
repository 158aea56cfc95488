"""Harvest sources and run reports through the API: signed-in people read them, administrators
configure sources and start runs; a source's access token is taken and never shown."""

import pytest

from catalog.models import Database, HarvestReportLine, HarvestRun, HarvestSource, HarvestStatus
from tests.catalog.harvest_fixtures.server import feed_server, source_make  # noqa: F401

SOURCES = "/api/v1/harvest-sources/"


@pytest.fixture
def source(bodies):
    return source_make(bodies["province"], "https://du-lieu.hanoi.gov.vn/catalog.ttl", name="Hà Nội",
                       access_token="bi-mat")


def test_signed_in_people_read_sources_without_their_token(clients, source):
    assert clients["anonymous"].get(SOURCES).status_code == 401
    for role in ("owner", "other", "monitor", "admin"):
        response = clients[role].get(SOURCES)
        assert response.status_code == 200, role
        row = response.json()["results"][0]
        assert row["name"] == "Hà Nội" and row["owner"] == "01" and row["has_access_token"] is True
        assert "access_token" not in row and b"bi-mat" not in response.content
        assert row["last_run_status"] is None


def test_only_administrators_configure_sources(clients, bodies, source):
    new = {"name": "Huế", "url": "https://hue.gov.vn/dcat.ttl", "owner": "01", "interval_minutes": 60}
    for role in ("owner", "parent", "reviewer", "monitor"):
        assert clients[role].post(SOURCES, new).status_code == 403, role
        url = f"{SOURCES}{source.pk}/"
        etag = clients[role].get(url)["ETag"]
        assert clients[role].patch(url, {"enabled": False}, HTTP_IF_MATCH=etag).status_code == 403, role
    assert HarvestSource.objects.count() == 1 and HarvestSource.objects.get().enabled

    created = clients["admin"].post(SOURCES, {**new, "access_token": "khoa-moi"})
    assert created.status_code == 201, created.content
    assert "access_token" not in created.json()
    assert HarvestSource.objects.get(name="Huế").access_token == "khoa-moi"


def test_bad_settings_are_400_naming_the_field(clients, source):
    response = clients["admin"].post(SOURCES, {"name": "X", "url": "ftp://x.gov.vn/feed", "owner": "01",
                                               "interval_minutes": 1})
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"url", "interval_minutes"} <= fields
    assert HarvestSource.objects.count() == 1


def test_a_source_with_runs_is_kept(clients, source):
    run = HarvestRun.objects.create(source=source, started_at=source.created_at)
    url = f"{SOURCES}{source.pk}/"
    assert clients["admin"].delete(url).status_code == 409
    run.delete()
    assert clients["admin"].delete(url).status_code == 204


def test_an_administrator_starts_a_run_and_reads_its_report(clients, bodies, feed_server,
                                                            django_capture_on_commit_callbacks):
    source = source_make(bodies["province"], feed_server.url("/ttl/bad_record"), name="Lỗi")
    assert clients["owner"].post(f"{SOURCES}{source.pk}/run/").status_code == 403
    assert not HarvestRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the task is sent once the request commits
        assert clients["admin"].post(f"{SOURCES}{source.pk}/run/").status_code == 202  # Celery runs eagerly here
    run = HarvestRun.objects.get(source=source)
    assert run.status != HarvestStatus.RUNNING and HarvestReportLine.objects.filter(run=run).exists()

    listed = clients["other"].get("/api/v1/harvest-runs/", {"source": source.pk}).json()["results"]
    assert [row["id"] for row in listed] == [run.pk] and "lines" not in listed[0]
    report = clients["other"].get(f"/api/v1/harvest-runs/{run.pk}/").json()
    assert report["errors"] == run.errors and report["lines"]
    assert {line["subject"] for line in report["lines"]} == set(run.lines.values_list("subject", flat=True))
    source_row = clients["other"].get(f"{SOURCES}{source.pk}/").json()
    assert source_row["last_run_status"] == run.status
    assert Database.objects.filter(harvest_record__source=source).count() == run.created
