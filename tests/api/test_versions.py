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
