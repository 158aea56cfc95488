"""The bulk import page (issue #8): a body's editor uploads CSV, XLSX or JSON; the job's page shows
progress while it runs, then the counts, or every bad row with its line, column and reason (and
nothing stored). Large files run in the background."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import bulk_import
from catalog.models import (
    Database,
    Field,
    ImportJob,
    ImportStatus,
)

HEADER = "database_identifier,database_name_vi,database_kind,table_name,field_name,field_datatype\n"
GOOD = HEADER + ("CSDL-A,Cơ sở A,local,cong_dan,ho_ten,string\n"
                 "CSDL-A,Cơ sở A,local,cong_dan,ngay_sinh,date\n")
BAD = HEADER + ("CSDL-A,Cơ sở A,local,cong_dan,ho_ten,string\n"
                "CSDL-B,Cơ sở B,quoc-gia,dat_dai,thua,integer\n"
                "CSDL-C,Cơ sở C,local,dat_dai,so,khong-co\n")


def upload(text, name="databases.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def as_user(client, user):
    client.force_login(user)
    return client


def test_a_clean_file_is_imported_and_the_job_page_shows_the_counts(client, users, bodies):
    response = as_user(client, users["owner"]).post("/imports/new/", {"body": bodies["commune"].pk,
                                                                      "file": upload(GOOD)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert job.status == ImportStatus.SUCCEEDED
    assert Database.objects.get(identifier="CSDL-A").owner == bodies["commune"]
    assert Field.objects.count() == 2
    page = client.get(response["Location"])
    assert page.context["running"] is False
    html = page.content.decode()
    assert "Đã lưu toàn bộ." in html
    assert 'http-equiv="refresh"' not in html


def test_bad_rows_store_nothing_and_each_is_shown_with_line_column_and_reason(client, users, bodies):
    response = as_user(client, users["owner"]).post("/imports/new/", {"body": bodies["commune"].pk,
                                                                      "file": upload(BAD)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert not Database.objects.exists()
    page = client.get(response["Location"])
    html = page.content.decode()
    lines = {(str(error["line"]), error["column"]) for error in job.errors}
    assert ("3", "database_kind") in lines and ("4", "field_datatype") in lines
    assert "<td><code>database_kind</code></td>" in html and "<td><code>field_datatype</code></td>" in html
    assert "Chưa lưu gì: có 2 lỗi." in html


def test_a_running_job_refreshes_its_page_and_shows_progress(client, users, bodies):
    job = ImportJob.objects.create(user=users["owner"], body=bodies["commune"], format="csv",
                                   status=ImportStatus.RUNNING, progress=60)
    html = as_user(client, users["owner"]).get(f"/imports/{job.pk}/").content.decode()
    assert '<progress id="job-progress" max="100" value="60">' in html
    assert 'http-equiv="refresh"' in html
    assert "catalog/progress.js" in html


def test_a_large_file_runs_in_the_background(client, users, bodies):
    with mock.patch.object(bulk_import, "is_large", return_value=True), \
            mock.patch("catalog.tasks.databases_import_run.apply_async") as delay:
        response = as_user(client, users["owner"]).post("/imports/new/", {"body": bodies["commune"].pk,
                                                                          "file": upload(GOOD)})
    job = ImportJob.objects.get()
    delay.assert_called_once()  # sent through config.queue.task_enqueue
    assert delay.call_args.kwargs["args"] == (job.pk,)
    assert job.status == ImportStatus.QUEUED and not Database.objects.exists()
    assert client.get(response["Location"]).context["running"] is True


def test_a_file_of_another_kind_is_a_form_error(client, users, bodies):
    response = as_user(client, users["owner"]).post("/imports/new/", {"body": bodies["commune"].pk,
                                                                      "file": upload(GOOD, "danh-sach.txt")})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not ImportJob.objects.exists()


def test_an_editor_cannot_import_for_another_body(client, users, bodies):
    response = as_user(client, users["other"]).post("/imports/new/", {"body": bodies["commune"].pk,
                                                                      "file": upload(GOOD)})
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert not ImportJob.objects.exists() and not Database.objects.exists()


def test_the_parent_provinces_editor_imports_for_a_commune(client, users, bodies):
    as_user(client, users["parent"]).post("/imports/new/", {"body": bodies["commune"].pk, "file": upload(GOOD)})
    assert Database.objects.get().owner == bodies["commune"]


@pytest.mark.parametrize("role", ["reviewer", "monitor"])
def test_non_editors_may_not_import(client, users, role):
    assert as_user(client, users[role]).get("/imports/new/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/imports/new/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_job_is_seen_by_its_user_and_administrators_only(client, users, bodies):
    job = ImportJob.objects.create(user=users["owner"], body=bodies["commune"], format="csv")
    assert as_user(client, users["parent"]).get(f"/imports/{job.pk}/").status_code == 404
    assert as_user(client, users["admin"]).get(f"/imports/{job.pk}/").status_code == 200

