"""Writes through the API go through the services and land in the same history as the admin's,
signed by the token's user."""

import datetime

from architecture.models import Body
from catalog.models import Database, DatabaseReview, Field, Table
from dictionary.models import ChangeStatus, DataElement, Release


def _patch(client, url, data):
    return client.patch(url, data, HTTP_IF_MATCH=client.get(url)["ETag"])


def test_database_create_and_update_are_signed_by_the_token_user(clients, users, bodies):
    created = clients["owner"].post("/api/v1/databases/", {
        "identifier": "CSDL-HO-TICH", "name_vi": "Cơ sở dữ liệu hộ tịch phường", "kind": "local", "owner": "00004",
        "themes": ["GOVE", "SOCI"], "access_level": "restricted", "security_level": 2})
    assert created.status_code == 201, created.content
    assert created["ETag"].endswith('-1"') and created.json()["themes"] == ["GOVE", "SOCI"]
    url = "/api/v1/databases/CSDL-HO-TICH/"
    changed = _patch(clients["parent"], url, {"name_en": "Civil status", "themes": ["GOVE"], "identifier": "X"})
    assert changed.status_code == 200 and changed.json()["identifier"] == "CSDL-HO-TICH"  # never renamed
    database = Database.objects.get(identifier="CSDL-HO-TICH")
    assert (database.version, database.name_en) == (2, "Civil status")
    assert database.history.first().history_user == users["parent"]
    assert {row.history_user for row in database.history.all()} == {users["owner"], users["parent"]}


def test_parts_and_mapping_are_signed(clients, users, world):
    table = clients["owner"].post("/api/v1/tables/", {"database": "CSDL-CONG-KHAI", "name": "ho_gia_dinh"})
    assert table.status_code == 201
    field = clients["owner"].post("/api/v1/fields/", {
        "table": table.json()["id"], "name": "ngay_sinh", "datatype": "string", "length": 10,
        "element": "cong-dan.ngay-sinh"})
    assert field.status_code == 201, field.content
    body = field.json()
    assert body["element"] == "cong-dan.ngay-sinh" and body["database"] == "CSDL-CONG-KHAI"
    assert body["mismatches"]  # a string field mapped to a date element
    url = f"/api/v1/fields/{body['id']}/"
    local = _patch(clients["owner"], url, {"element": "local", "local_reason": "Ngày nhập sổ, không phải ngày sinh"})
    assert local.json()["element"] == "local" and local.json()["mismatches"] == []
    assert _patch(clients["owner"], url, {"local_reason": "Ngày ghi sổ"}).json()["local_reason"] == "Ngày ghi sổ"
    unmapped = _patch(clients["owner"], url, {"element": None})
    assert unmapped.json()["element"] is None and unmapped.json()["local_reason"] == ""
    assert {row.history_user for row in Field.history.filter(id=body["id"])} == {users["owner"]}
    assert Table.history.get(id=table.json()["id"]).history_user == users["owner"]
    assert clients["owner"].delete(url).status_code == 204
    assert Field.history.filter(id=body["id"], history_type="-").get().history_user == users["owner"]


def test_a_part_change_is_a_change_of_the_database_description(clients, world):
    """Harvesters and caches read the entry's modified time: a new table or a deleted field
    advances it, while the entry's own version (its ETag) stays."""
    database = world["public"]["database"]
    long_ago = database.modified_at - datetime.timedelta(days=30)
    Database.objects.filter(pk=database.pk).update(modified_at=long_ago)
    created = clients["owner"].post("/api/v1/tables/", {"database": database.identifier, "name": "bang_moi"})
    assert created.status_code == 201
    database.refresh_from_db()
    assert database.modified_at > long_ago + datetime.timedelta(days=29)
    version = database.version
    Database.objects.filter(pk=database.pk).update(modified_at=long_ago)
    assert clients["owner"].delete(f"/api/v1/fields/{world['public']['field'].pk}/").status_code == 204
    database.refresh_from_db()
    assert database.modified_at > long_ago + datetime.timedelta(days=29) and database.version == version


def test_cascaded_deletes_are_signed_by_the_token_user_too(clients, users, world):
    """A table's fields go with it; their history rows get the user from simple_history's request
    context, which holds the token's user (DRF sets it on the Django request), not AnonymousUser."""
    field = world["public"]["field"]
    assert clients["parent"].delete(f"/api/v1/tables/{field.table_id}/").status_code == 204
    assert Field.history.filter(id=field.pk, history_type="-").get().history_user == users["parent"]


def test_fields_map_only_to_elements_in_force(clients, world):
    DataElement.objects.filter(pk=world["element"].pk).update(status="retired")
    url = f"/api/v1/fields/{world['public']['field'].pk}/"
    response = _patch(clients["owner"], url, {"element": "cong-dan.ngay-sinh"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "element"


def test_review_flow(clients, users, databases):
    url = "/api/v1/databases/CSDL-CONG-KHAI/review/"
    assert clients["owner"].post(url, {"action": "submit"}).status_code == 201
    refused = clients["reviewer"].post(url, {"action": "return"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "comment"
    assert clients["owner"].post(url, {"action": "mark_reviewed"}).status_code == 403
    assert clients["reviewer"].post(url, {"action": "mark_reviewed"}).status_code == 201
    wrong = clients["reviewer"].post(url, {"action": "submit"})
    assert wrong.status_code == 403  # submitting is the owner's step
    steps = clients["monitor"].get(url).json()
    assert [(step["action"], step["actor"]) for step in steps] == [("submit", "owner"), ("mark_reviewed", "reviewer")]
    database = Database.objects.get(identifier="CSDL-CONG-KHAI")
    assert database.review_state == "reviewed" and database.history.first().history_user == users["reviewer"]
    assert DatabaseReview.objects.count() == 2


def test_dictionary_change_requests_and_releases(clients, users, world):
    proposed = clients["sibling"].post("/api/v1/change-requests/", {
        "proposed": {"identifier": "cong-dan.email", "name_vi": "Thư điện tử", "datatype": "string",
                     "steward": "GOV-M02"}, "reason": "Liên hệ"})
    assert proposed.status_code == 201, proposed.content
    change = proposed.json()["id"]
    bad = clients["sibling"].post("/api/v1/change-requests/", {"proposed": {"colour": "xanh"}, "reason": "?"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "proposed.colour"
    assert clients["sibling"].post(f"/api/v1/change-requests/{world['change'].pk}/withdraw/").status_code == 403
    approved = clients["reviewer"].post(f"/api/v1/change-requests/{change}/decide/", {"approve": True})
    assert approved.status_code == 200 and approved.json()["status"] == ChangeStatus.APPROVED
    element = DataElement.objects.get(identifier="cong-dan.email")
    assert element.history.first().history_user == users["reviewer"]
    again = clients["reviewer"].post(f"/api/v1/change-requests/{change}/decide/", {"approve": True})
    assert again.status_code == 400

    first = clients["reviewer"].post("/api/v1/releases/", {"version": "1.0.0", "title": "Bản đầu"})
    assert first.status_code == 201, first.content
    assert clients["reviewer"].post("/api/v1/releases/", {"version": "0.9.0", "title": "cũ"}).status_code == 400
    DataElement.objects.filter(identifier="cong-dan.email").update(name_vi="Địa chỉ thư điện tử")
    second = clients["admin"].post("/api/v1/releases/", {"version": "1.1.0", "title": "Bản hai"})
    assert second.json()["prior"] == "1.0.0" and Release.objects.count() == 2
    diff = clients["anonymous"].get("/api/v1/releases/1.1.0/diff/").json()
    assert diff["since"] == "1.0.0" and [row["identifier"] for row in diff["changed"]] == ["cong-dan.email"]
    everything = clients["anonymous"].get("/api/v1/releases/1.0.0/diff/").json()
    assert everything["since"] is None and {row["identifier"] for row in everything["added"]} >= {"cong-dan.email"}
    assert clients["anonymous"].get("/api/v1/releases/1.1.0/diff/?since=9.9.9").json()["errors"][0]["field"] == "since"


def test_bodies_are_kept_by_administrators(clients, users, bodies):
    created = clients["admin"].post("/api/v1/bodies/", {
        "code": "00012", "name_vi": "Phường Phúc Xá", "kind": "commune", "level": "communal", "unit_type": "ward",
        "parent": "01"})
    assert created.status_code == 201 and created.json()["path"] == "01/00012/"
    assert Body.history.get(code="00012").history_user == users["admin"]
    moved = _patch(clients["admin"], "/api/v1/bodies/00012/", {"parent": "00004"})
    assert moved.json()["path"] == "01/00004/00012/"
    cycle = _patch(clients["admin"], "/api/v1/bodies/01/", {"parent": "00004"})
    assert cycle.status_code == 400 and cycle.json()["errors"][0]["field"] == "parent"
