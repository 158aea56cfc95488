"""Synchronization reports sent by the systems themselves, with a reporter token bound to one
database (catalog.api.sync, catalog.sync)."""

import datetime

import pytest
from django.utils import timezone

from catalog.models import Database, SyncReport, SyncReporter
from tests.api.conftest import bearer

T0 = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)


def url(identifier, tail="sync-reports"):
    return f"/api/v1/databases/{identifier}/{tail}/"


def report(report_id="r-1", *, start=T0, minutes=5, outcome="success", records=10, error=""):
    return {"report_id": report_id, "started_at": start.isoformat(),
            "finished_at": (start + datetime.timedelta(minutes=minutes)).isoformat(),
            "records_sent": records, "outcome": outcome, "error": error}


@pytest.fixture
def synced(databases):
    for database in databases.values():
        database.sync_mode, database.sync_frequency, database.lifecycle = "periodic", "daily", "in_operation"
        database.save()
    return databases


@pytest.fixture
def reporter(clients, synced):
    response = clients["owner"].post(url("CSDL-MAT", "sync-reporters"))
    assert response.status_code == 201, response.json()
    return bearer(response.json()["token"])


def test_the_owners_editor_issues_a_reporter_shown_once(clients, synced):
    response = clients["owner"].post(url("CSDL-MAT", "sync-reporters"))
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("rgt_") and body["token_prefix"] in body["token"]
    listed = clients["owner"].get(url("CSDL-MAT", "sync-reporters")).json()
    assert [r["id"] for r in listed] == [body["id"]] and "token" not in listed[0]
    assert clients["parent"].post(url("CSDL-MAT", "sync-reporters")).status_code == 201


@pytest.mark.parametrize("role, expected", [("other", 404), ("sibling", 404), ("monitor", 403), ("reviewer", 403),
                                            ("anonymous", 401)])
def test_others_may_not_issue_reporters(clients, synced, role, expected):
    # The restricted database is invisible to other bodies' editors (404) and visible to monitors (403).
    assert clients[role].post(url("CSDL-MAT", "sync-reporters")).status_code == expected
    assert clients["other"].post(url("CSDL-CONG-KHAI", "sync-reporters")).status_code == 403
    assert not SyncReporter.objects.exists()


def test_the_reporter_reports_for_its_database_once(reporter, synced):
    first = reporter.post(url("CSDL-MAT"), report("abc"), format="json")
    assert first.status_code == 201, first.json()
    again = reporter.post(url("CSDL-MAT"), report("abc", records=99), format="json")
    assert again.status_code == 200 and again.json()["records_sent"] == 10
    assert SyncReport.objects.filter(report_id="abc").count() == 1
    database = Database.objects.get(identifier="CSDL-MAT")
    assert database.last_synced_at == T0 + datetime.timedelta(minutes=5)
    assert database.version == synced["restricted"].version  # no new version, no review change
    assert database.modified_at > synced["restricted"].modified_at  # but the feed's ETag moves


def test_the_reporter_may_do_nothing_else(reporter, synced, clients):
    assert reporter.post(url("CSDL-CONG-KHAI"), report(), format="json").status_code == 403
    detail = "/api/v1/databases/CSDL-CONG-KHAI/"
    etag = reporter.get(detail)["ETag"]
    assert reporter.patch(detail, {"name_vi": "x"}, format="json", HTTP_IF_MATCH=etag).status_code == 403
    assert reporter.post(url("CSDL-MAT", "sync-reporters")).status_code == 403
    assert reporter.post("/api/v1/databases/", {}, format="json").status_code == 403
    assert reporter.post("/api/v1/tokens/", {"name": "thêm"}, format="json").status_code == 403
    assert not SyncReport.objects.exists()


def test_the_reporter_reads_like_an_anonymous_visitor(reporter, synced):
    """A machine account sees public entries only, whatever it may report."""
    listed = {row["identifier"] for row in reporter.get("/api/v1/databases/").json()["results"]}
    assert listed == {"CSDL-CONG-KHAI"}
    assert reporter.get("/api/v1/databases/CSDL-NOI-BO/").status_code == 404


@pytest.mark.parametrize("role", ["owner", "admin", "monitor"])
def test_people_do_not_report(clients, synced, role):
    assert clients[role].post(url("CSDL-MAT"), report(), format="json").status_code == 403


def test_anonymous_is_401_and_missing_database_404(clients, reporter):
    assert clients["anonymous"].post(url("CSDL-MAT"), report(), format="json").status_code == 401
    assert reporter.post(url("KHONG-CO"), report(), format="json").status_code == 404


@pytest.mark.parametrize("changes, field", [
    ({"finished_at": (T0 - datetime.timedelta(minutes=1)).isoformat()}, "finished_at"),
    ({"records_sent": -1}, "records_sent"),
    ({"outcome": "maybe"}, "outcome"),
    ({"outcome": "failure", "error": ""}, "error"),
    ({"report_id": ""}, "report_id"),
])
def test_bad_input_names_the_field_and_stores_nothing(reporter, changes, field):
    response = reporter.post(url("CSDL-MAT"), {**report(), **changes}, format="json")
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not SyncReport.objects.exists()
    assert Database.objects.get(identifier="CSDL-MAT").last_synced_at is None


def test_last_synced_moves_forward_only_and_errors_follow_the_newest(reporter):
    newer, older = T0, T0 - datetime.timedelta(hours=3)
    assert reporter.post(url("CSDL-MAT"), report("new", start=newer), format="json").status_code == 201
    assert reporter.post(url("CSDL-MAT"), report("old", start=older), format="json").status_code == 201
    assert reporter.post(url("CSDL-MAT"), report("old-fail", start=older, outcome="failure", error="timeout"),
                         format="json").status_code == 201
    database = Database.objects.get(identifier="CSDL-MAT")
    assert database.last_synced_at == newer + datetime.timedelta(minutes=5)
    assert database.last_sync_error == ""  # an old failure does not hide a newer success
    later = newer + datetime.timedelta(hours=1)
    reporter.post(url("CSDL-MAT"), report("fail", start=later, outcome="failure", error="TLS refused"), format="json")
    database.refresh_from_db()
    assert database.last_synced_at == newer + datetime.timedelta(minutes=5)
    assert database.last_sync_error == "TLS refused"
    status = reporter.get(url("CSDL-MAT", "sync-status")).json()
    assert status["status"] == "failing" and status["expected_interval_seconds"] == 86400


def test_reports_and_status_are_read_by_those_who_see_the_database(reporter, clients):
    reporter.post(url("CSDL-MAT"), report(start=T0 - datetime.timedelta(hours=1)), format="json")
    assert len(clients["monitor"].get(url("CSDL-MAT")).json()) == 1
    assert clients["other"].get(url("CSDL-MAT")).status_code == 404
    assert clients["other"].get(url("CSDL-MAT", "sync-status")).status_code == 404
    status = clients["owner"].get(url("CSDL-MAT", "sync-status")).json()
    assert status["status"] == "late" and status["lag_seconds"] > 86400


def test_revoking_the_reporter_revokes_its_token(reporter, clients):
    reporter_id = clients["owner"].get(url("CSDL-MAT", "sync-reporters")).json()[0]["id"]
    assert clients["sibling"].delete(url("CSDL-MAT", f"sync-reporters/{reporter_id}")).status_code == 404
    assert clients["owner"].delete(url("CSDL-MAT", f"sync-reporters/{reporter_id}")).status_code == 204
    assert reporter.post(url("CSDL-MAT"), report(), format="json").status_code == 401
