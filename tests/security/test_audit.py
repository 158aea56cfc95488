"""The audit log records sign-ins, failed sign-ins, refusals, tokens and harvest source changes;
neither it nor the change history can be changed or deleted, by the admin or the database."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from architecture.audit import audit_export, audit_record, history_tables
from architecture.models import AuditEvent, AuditKind, Body
from architecture.tokens import token_create, token_revoke
from catalog.models import HarvestSource

PASSWORD = "Mat-khau-2025!"  # tests/conftest.py


@pytest.fixture(autouse=True)
def no_lockout(settings):
    settings.AXES_FAILURE_LIMIT = 100


def events(kind):
    return list(AuditEvent.objects.filter(kind=kind).order_by("pk"))


def test_a_sign_in_is_recorded_with_the_address(client, users):
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    [event] = events(AuditKind.SIGN_IN)
    assert (event.user, event.username, event.address) == (users["owner"], "owner", "203.0.113.7")


def test_a_failed_sign_in_is_recorded_with_the_name_tried(client, users):
    response = client.post(reverse("login"), {"username": "ghost", "password": "wrong"}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 200
    [event] = events(AuditKind.SIGN_IN_FAILED)
    assert (event.user, event.username, event.address) == (None, "ghost", "198.51.100.9")
    assert not events(AuditKind.SIGN_IN)


def test_a_sign_out_is_recorded(client, users):
    client.force_login(users["owner"])
    client.post(reverse("logout"))
    assert [event.user for event in events(AuditKind.SIGN_OUT)] == [users["owner"]]


def test_an_api_refusal_is_recorded_once_with_its_reason(users):
    _token, plain = token_create(user=users["other"], name="test")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    response = api.post("/api/v1/bodies/", {"code": "X1", "name_vi": "X"}, format="json")
    assert response.status_code == 403
    [event] = events(AuditKind.PERMISSION_DENIED)
    assert event.user == users["other"]
    assert event.path == "/api/v1/bodies/" and event.method == "POST"
    assert event.detail["code"] == "permission_denied"


def test_a_page_refusal_is_recorded(client, users):
    client.force_login(users["monitor"])  # a monitor registers nothing
    assert client.get(reverse("catalog-edit:database-new")).status_code == 403
    [event] = events(AuditKind.PERMISSION_DENIED)
    assert (event.user, event.path) == (users["monitor"], reverse("catalog-edit:database-new"))


def test_an_admin_refusal_is_recorded(client, users, bodies):
    source = HarvestSource.objects.create(name="Nguồn", url="https://example.gov.vn/c.ttl", owner=bodies["province"])
    editor = users["parent"]
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    url = reverse("admin:catalog_harvestsource_change", args=[source.pk])
    assert client.post(url, {"name": "đổi", "url": source.url}).status_code == 403
    assert [event.path for event in events(AuditKind.PERMISSION_DENIED)] == [url]


def test_tokens_created_and_revoked_are_recorded(users):
    token, _plain = token_create(user=users["owner"], name="máy chủ đồng bộ")
    token_revoke(user=users["admin"], token=token)
    token_revoke(user=users["admin"], token=token)  # already revoked: nothing more to record
    [created] = events(AuditKind.TOKEN_CREATED)
    [revoked] = events(AuditKind.TOKEN_REVOKED)
    assert created.user == users["owner"] and created.detail["token"] == token.pk
    assert revoked.user == users["admin"] and revoked.detail["owner"] == "owner"


def test_tokens_made_through_the_api_are_recorded_with_the_address(users):
    api = APIClient()
    api.force_authenticate(users["owner"])
    response = api.post("/api/v1/tokens/", {"name": "script"}, format="json", REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 201, response.content
    [event] = events(AuditKind.TOKEN_CREATED)
    assert event.address == "192.0.2.1"


def test_a_harvest_source_changed_in_the_admin_is_recorded(client, users, bodies):
    client.force_login(users["admin"])
    response = client.post(reverse("admin:catalog_harvestsource_add"), {
        "name": "Cổng dữ liệu Hà Nội", "url": "https://dulieu.hanoi.gov.vn/catalog.ttl", "owner": bodies["province"].pk,
        "format": "turtle", "enabled": "on", "interval_minutes": 1440, "grace_days": 30,
    })
    if response.status_code != 302:  # the form asks for fields this test does not know: show them
        pytest.fail(str(response.context["adminform"].form.errors))
    [event] = events(AuditKind.HARVEST_SOURCE_CHANGED)
    assert event.user == users["admin"] and event.detail["action"] == "added"
    assert "Cổng dữ liệu Hà Nội" in event.target


def test_a_restricted_export_is_recorded(rf, users):
    request = rf.get("/exports/databases.csv", REMOTE_ADDR="192.0.2.5")
    request.user = users["monitor"]
    audit_export(request=request, target="databases.csv", rows=3)
    assert audit_export(request=request, target="public.csv", restricted=False) is None
    [event] = events(AuditKind.EXPORT)
    assert (event.user, event.address, event.detail) == (users["monitor"], "192.0.2.5", {"rows": 3})



# --- Downloads of one restricted database (architecture.audit.audit_entry_download) ---------------

def rdf_download(client, identifier, how, **headers):
    """A database's RDF by suffix, by Accept (content negotiation), or its schema's RDF."""
    if how == "suffix":
        return client.get(reverse("catalog:database-rdf", kwargs={"identifier": identifier, "suffix": ".ttl"}),
                          **headers)
    if how == "accept":
        return client.get(reverse("catalog:database", kwargs={"identifier": identifier}),
                          HTTP_ACCEPT="application/ld+json", **headers)
    return client.get(reverse("catalog:database-schema-rdf", kwargs={"identifier": identifier, "suffix": ".rdf"}),
                      **headers)


DOWNLOADS = {"suffix": ("databases/{}", "text/turtle"), "accept": ("databases/{}", "application/ld+json"),
             "schema": ("databases/{}/schema", "application/rdf+xml")}


@pytest.mark.parametrize("how", DOWNLOADS)
def test_a_restricted_database_downloaded_by_its_owner_is_recorded(client, users, databases, how):
    client.force_login(users["owner"])
    response = rdf_download(client, "CSDL-MAT", how, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 200
    target, media_type = DOWNLOADS[how]
    assert response["Content-Type"].startswith(media_type)
    [event] = events(AuditKind.EXPORT)
    assert (event.user, event.address, event.target) == (users["owner"], "192.0.2.44", target.format("CSDL-MAT"))
    assert event.detail == {"format": media_type}
    assert event.path == response.request["PATH_INFO"]


def test_a_restricted_download_with_a_token_is_recorded_as_the_tokens_user(users, databases):
    _token, plain = token_create(user=users["reviewer"], name="harvester")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert rdf_download(api, "CSDL-MAT", "suffix").status_code == 200
    assert [event.user for event in events(AuditKind.EXPORT)] == [users["reviewer"]]


@pytest.mark.parametrize("how", DOWNLOADS)
@pytest.mark.parametrize("identifier", ["CSDL-CONG-KHAI", "CSDL-NOI-BO"])
def test_a_public_or_internal_download_is_not_recorded(client, users, databases, how, identifier):
    client.force_login(users["owner"])
    assert rdf_download(client, identifier, how).status_code == 200
    assert not events(AuditKind.EXPORT)


@pytest.mark.parametrize("how", DOWNLOADS)
@pytest.mark.parametrize("reader", ["other", None])
def test_a_refused_download_records_no_export(client, users, databases, how, reader):
    if reader:
        client.force_login(users[reader])  # another ministry's editor: not the owner chain
    assert rdf_download(client, "CSDL-MAT", how).status_code == 404
    assert not events(AuditKind.EXPORT)


def test_the_page_of_a_restricted_database_is_not_an_export(client, users, databases):
    client.force_login(users["owner"])
    for url in (reverse("catalog:database", kwargs={"identifier": "CSDL-MAT"}),
                reverse("catalog:database-schema", kwargs={"identifier": "CSDL-MAT"})):
        assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200
    assert not events(AuditKind.EXPORT)


def test_a_revalidated_download_is_recorded_once(client, users, databases):
    client.force_login(users["owner"])
    first = rdf_download(client, "CSDL-MAT", "suffix")
    assert rdf_download(client, "CSDL-MAT", "suffix", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.head(reverse("catalog:database-rdf", kwargs={"identifier": "CSDL-MAT", "suffix": ".ttl"}))
    assert len(events(AuditKind.EXPORT)) == 1  # the 304 and the HEAD sent no document



def test_the_api_database_detail_is_json_only_so_no_export(users, databases):
    """The API's detail is its ordinary read (JSON); were an RDF or file format added there, it
    would be an export to record like the catalog's."""
    api = APIClient()
    api.force_authenticate(users["owner"])
    assert api.get("/api/v1/databases/CSDL-MAT/").status_code == 200
    for media_type in ("text/turtle", "application/ld+json", "application/rdf+xml", "text/csv"):
        assert api.get("/api/v1/databases/CSDL-MAT/", HTTP_ACCEPT=media_type).status_code == 406
    assert not events(AuditKind.EXPORT)


# --- Nobody edits the log -------------------------------------------------------------------------

def _refused(action):
    with pytest.raises(DatabaseError, match="never changed or deleted"), transaction.atomic():
        action()


def test_the_database_refuses_to_change_or_delete_audit_events(users):
    event = audit_record(kind=AuditKind.SIGN_IN, user=users["owner"])
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(username="someone else"))
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    _refused(lambda: event.save())  # an UPDATE through the model
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute("DELETE FROM architecture_auditevent"))
    event.refresh_from_db()
    assert event.username == "owner"


def test_the_database_refuses_to_change_or_delete_the_change_history(bodies):
    body = bodies["commune"]
    body.name_vi = "Phường Ba Đình mới"
    body.save()
    record = body.history.order_by("history_id").first()
    _refused(lambda: Body.history.filter(pk=record.pk).update(name_vi="rewritten"))
    _refused(lambda: Body.history.filter(pk=record.pk).delete())
    assert body.history.count() == 2


def _guarded_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%immutable_%'")
        else:
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '%immutable'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_history_table_is_guarded():
    """The rows above prove the trigger works; here, that every history table has one (empty tables
    fire no row trigger, so the catalog is asked)."""
    tables = history_tables()
    assert "architecture_historicalbody" in tables and "catalog_historicaldatabase" in tables
    assert "catalog_historicaldatabase_legal_basis" in tables  # the m2m history too
    assert len(tables) >= 15
    assert set(tables) | {"architecture_auditevent"} <= _guarded_tables()


def test_the_admin_only_reads_the_audit_log(client, users):
    event = audit_record(kind=AuditKind.SIGN_IN, user=users["owner"])
    client.force_login(users["admin"])
    assert client.get(reverse("admin:architecture_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:architecture_auditevent_add")).status_code == 403
    change = reverse("admin:architecture_auditevent_change", args=[event.pk])
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {"username": "x"}).status_code == 403
    assert client.post(reverse("admin:architecture_auditevent_delete", args=[event.pk]),
                       {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.username == "owner"


def test_editors_do_not_read_the_audit_log(client, users):
    editor = users["owner"]
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    assert client.get(reverse("admin:architecture_auditevent_changelist")).status_code == 403


def test_the_admin_never_reverts_or_deletes_history(client, users, bodies):
    body = bodies["commune"]
    body.name_vi = "Tên mới"
    body.save()
    record = body.history.order_by("history_id").first()
    client.force_login(users["admin"])
    url = reverse("admin:architecture_body_simple_history", args=[body.pk, record.history_id])
    assert client.post(url, {"name_vi": "Phường Ba Đình"}).status_code == 403
    body.refresh_from_db()
    assert body.name_vi == "Tên mới" and body.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_emptying_the_whole_database_still_works(users):
    audit_record(kind=AuditKind.SIGN_IN, user=users["owner"])
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0 and Body.history.count() == 0


def test_the_audit_log_speaks_vietnamese(client, users):
    from django.utils import translation

    with translation.override("vi"):
        assert str(AuditEvent._meta.verbose_name_plural) == "nhật ký kiểm toán"
        assert str(AuditKind.SIGN_IN_FAILED.label) == "Đăng nhập không thành công"


def test_no_admin_edits_the_change_history(rf, users):
    """No history model has its own admin; the entries' admins show history read-only (HistoryAdmin)."""
    from django.contrib import admin

    from architecture.admin import HistoryAdmin

    request = rf.get("/")
    request.user = users["admin"]
    for model, model_admin in admin.site._registry.items():
        assert not model.__name__.startswith("Historical"), model
        if isinstance(model_admin, HistoryAdmin):
            assert model_admin.revert_disabled(request)


def test_accounts_are_deactivated_not_deleted(client, users, bodies):
    body = bodies["commune"]
    body._history_user = users["owner"]
    body.name_vi = "Phường Ba Đình (sửa)"
    body.save()
    client.force_login(users["admin"])
    url = reverse("admin:architecture_user_delete", args=[users["owner"].pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    users["owner"].refresh_from_db()
    assert body.history.filter(history_user=users["owner"]).exists()
    # And behind the admin's back the database keeps the history's names too.
    _refused(lambda: users["owner"].delete())


def test_harvest_sources_changed_through_the_api_are_recorded_without_secrets(users, bodies):
    _token, plain = token_create(user=users["admin"], name="t")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    created = api.post("/api/v1/harvest-sources/", {"name": "Huế", "url": "https://hue.gov.vn/dcat.ttl", "owner": "01",
                                                    "interval_minutes": 60, "access_token": "khoa-bi-mat"},
                       format="json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/harvest-sources/{created.json()['id']}/"
    etag = api.get(url)["ETag"]
    assert api.patch(url, {"enabled": False}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    etag = api.get(url)["ETag"]
    assert api.delete(url, HTTP_IF_MATCH=etag).status_code == 204
    changes = events(AuditKind.HARVEST_SOURCE_CHANGED)
    assert [event.detail["action"] for event in changes] == ["added", "changed", "deleted"]
    assert all(event.user == users["admin"] for event in changes)
    assert "access_token" in changes[0].detail["fields"]
    assert not AuditEvent.objects.filter(detail__icontains="khoa-bi-mat").exists()
