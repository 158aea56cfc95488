"""Bulk import of a body's databases through the API: all or nothing, large files as a job."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import bulk_import
from catalog.models import Database, Field, ImportJob, Table

URL = "/api/v1/bodies/00004/databases/import/"
HEADER = "database_identifier,database_name_vi,database_kind,table_name,field_name,field_datatype,field_length\n"
GOOD = HEADER + "CSDL-A,Cơ sở A,local,t,f,string,10\nCSDL-A,Cơ sở A,local,t,g,date,\nCSDL-B,Cơ sở B,local,u,h,integer,\n"
BAD = HEADER + "CSDL-A,Cơ sở A,local,t,f,string,0\nCSDL-B,Cơ sở B,galactic,u,h,integer,\n"


def _upload(text, name="csdl.csv"):
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}


def counts():
    return Database.objects.count(), Table.objects.count(), Field.objects.count()


def test_the_owners_editor_imports_a_csv(clients, users):
    response = clients["owner"].post(URL, _upload(GOOD), format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json() == {"databases_created": 2, "databases_updated": 0, "tables": 2, "fields": 3}
    assert Database.objects.get(identifier="CSDL-A").history.get().history_user == users["owner"]


def test_a_json_body_imports_too(clients):
    document = {"databases": [{"identifier": "CSDL-J", "name_vi": "J", "kind": "local",
                               "tables": [{"name": "t", "fields": [{"name": "f", "datatype": "text"}]}]}]}
    response = clients["owner"].post(URL, document, format="json")
    assert response.status_code == 200 and response.json()["fields"] == 1


def test_bad_rows_are_listed_and_nothing_is_stored(clients, bodies):
    before = counts()
    response = clients["owner"].post(URL, _upload(BAD), format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert response.status_code == 400 and {error["field"] for error in body["errors"]} == {"file"}
    messages = [error["message"] for error in body["errors"]]
    assert messages[0].startswith("line 2, column field_length") and messages[1].startswith("line 3, column database_kind")
    # In the registry's own language by default.
    vietnamese = clients["owner"].post(URL, _upload(BAD), format="multipart").json()["errors"][0]["message"]
    assert vietnamese.startswith("dòng 2, cột field_length")
    assert counts() == before


@pytest.mark.parametrize(("role", "status"), [("parent", 200), ("sibling", 403), ("other", 403),
                                              ("monitor", 403), ("anonymous", 401)])
def test_who_may_import(clients, role, status):
    assert clients[role].post(URL, _upload(GOOD), format="multipart").status_code == status
    assert Database.objects.exists() == (status == 200)


def test_an_unknown_body_is_404(clients):
    assert clients["admin"].post("/api/v1/bodies/NOPE/databases/import/", _upload(GOOD),
                                 format="multipart").status_code == 404


def test_a_large_file_runs_as_a_job(clients, monkeypatch):
    monkeypatch.setattr(bulk_import, "ASYNC_THRESHOLD_BYTES", 10)
    response = clients["owner"].post(URL, _upload(GOOD), format="multipart")
    assert response.status_code == 202
    job = clients["owner"].get(response.json()["url"]).json()
    assert (job["status"], job["progress"]) == ("succeeded", 100)
    assert job["counts"] == {"databases_created": 2, "databases_updated": 0, "tables": 2, "fields": 3}
    assert ImportJob.objects.get().upload in (b"", memoryview(b""))
    # only its user (or an administrator) reads it
    assert clients["parent"].get(response.json()["url"]).status_code == 404
    assert clients["admin"].get(response.json()["url"]).status_code == 200
    assert clients["anonymous"].get(response.json()["url"]).status_code == 401


def test_a_bad_large_file_fails_with_its_errors(clients, monkeypatch):
    monkeypatch.setattr(bulk_import, "ASYNC_THRESHOLD_BYTES", 10)
    before = counts()
    response = clients["owner"].post(URL, _upload(BAD), format="multipart")
    job = clients["owner"].get(response.json()["url"]).json()
    assert job["status"] == "failed" and job["counts"] == {}
    assert [(error["line"], error["column"]) for error in job["errors"]] == [
        ("2", "field_length"), ("3", "database_kind")]
    assert counts() == before
    assert json.dumps(job)  # serializable as is
