"""Safe writes: entries carry an ETag; a database changes only with If-Match (428 without it),
a stale If-Match is 412 and changes nothing, and two writers racing with one ETag lose nothing."""

import threading

import pytest
from django.db import connection, connections

from architecture.tokens import token_create
from catalog.models import Database
from tests.api.conftest import bearer

URL = "/api/v1/databases/CSDL-CONG-KHAI/"


def test_database_etag_is_its_version(clients, databases):
    response = clients["owner"].get(URL)
    database = databases["public"]
    assert response["ETag"] == f'"{database.pk}-{database.version}"'
    assert clients["owner"].get(URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_write_without_if_match_is_428(clients, databases):
    response = clients["owner"].patch(URL, {"name_en": "Population"})
    assert response.status_code == 428
    body = response.json()
    assert body["code"] == "precondition_required" and "If-Match" in body["message"]
    assert clients["owner"].put(URL, {}).status_code == 428
    assert Database.objects.get(pk=databases["public"].pk).name_en == ""


def test_stale_if_match_is_412_and_changes_nothing(clients, databases):
    etag = clients["owner"].get(URL)["ETag"]
    first = clients["owner"].patch(URL, {"name_en": "First"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] != etag
    second = clients["parent"].patch(URL, {"name_en": "Second"}, HTTP_IF_MATCH=etag)
    assert second.status_code == 412 and second.json()["code"] == "precondition_failed"
    database = Database.objects.get(pk=databases["public"].pk)
    assert (database.name_en, database.version) == ("First", 2)
    third = clients["parent"].patch(URL, {"name_en": "Third"}, HTTP_IF_MATCH=first["ETag"])
    assert third.status_code == 200


def test_other_entries_honour_if_match_when_sent(clients, world):
    url = f"/api/v1/tables/{world['public']['table'].pk}/"
    etag = clients["owner"].get(url)["ETag"]
    assert clients["owner"].patch(url, {"description": "không If-Match"}).status_code == 200  # optional here
    assert clients["owner"].patch(url, {"description": "cũ"}, HTTP_IF_MATCH=etag).status_code == 412
    fresh = clients["owner"].get(url)["ETag"]
    assert clients["owner"].patch(url, {"description": "mới"}, HTTP_IF_MATCH=fresh).status_code == 200
    assert clients["owner"].delete(url, HTTP_IF_MATCH=fresh).status_code == 412


def test_review_step_honours_if_match_and_moves_the_etag(clients, databases):
    etag = clients["owner"].get(URL)["ETag"]
    step = clients["owner"].post(f"{URL}review/", {"action": "submit"}, HTTP_IF_MATCH=etag)
    assert step.status_code == 201 and step["ETag"] != etag
    assert clients["owner"].patch(URL, {"name_en": "x"}, HTTP_IF_MATCH=etag).status_code == 412


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks are a PostgreSQL matter; the sequential case above runs on every database")
# Serialized rollback, like the other transactional tests of the suite: each leaves the next one
# the migrated data (themes, content types) with the ids it had.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_racing_with_one_etag(users, bodies, databases):
    """Two clients PATCH with the same ETag at once: one wins, the other gets 412, no update is lost."""

    clients = {role: bearer(token_create(user=users[role], name=role)[1]) for role in ("owner", "parent")}
    etag = clients["owner"].get(URL)["ETag"]
    barrier, statuses = threading.Barrier(2), {}

    def write(role):
        try:
            barrier.wait()
            statuses[role] = clients[role].patch(URL, {"name_en": role}, HTTP_IF_MATCH=etag).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(role,)) for role in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [200, 412]
    winner = next(role for role, code in statuses.items() if code == 200)
    database = Database.objects.get(pk=databases["public"].pk)
    assert (database.name_en, database.version) == (winner, 2)
    assert database.history.filter(history_type="~").count() == 1


def test_a_row_etag_cannot_be_recomputed_without_the_secret_key(clients, bodies, settings):
    """A chief engineer's ETag digests the stored row, contacts included, which anonymous readers
    are not shown: keyed with the secret key, nobody can confirm a guessed e-mail address with it."""
    import base64
    import hashlib
    import json

    from architecture.models import ChiefEngineer
    from config.api.versions import row_etag
    engineer = ChiefEngineer.objects.create(body=bodies["province"], role="it", person_name="Nguyễn Văn A",
                                            email="a@hanoi.gov.vn", start_date="2025-08-01")
    engineer.refresh_from_db()
    etag = clients["anonymous"].get(f"/api/v1/chief-engineers/{engineer.pk}/")["ETag"]
    values = {field.attname: getattr(engineer, field.attname) for field in engineer._meta.concrete_fields}
    plain = hashlib.sha256(json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode()).digest()
    assert etag == row_etag(engineer) != '"' + base64.urlsafe_b64encode(plain[:18]).decode() + '"'
    settings.SECRET_KEY = "another-secret-key-of-fifty-characters-0123456789"
    assert row_etag(engineer) != etag


def test_formats_are_asked_for_by_accept_or_query_not_by_a_suffix(clients, databases):
    assert clients["anonymous"].get("/api/v1/databases.json/").status_code == 404
    assert clients["anonymous"].get("/api/v1/databases/?format=json").status_code == 200
    assert clients["anonymous"].get("/api/v1/elements/suggest/?name=ngay_sinh&format=json").status_code == 200
