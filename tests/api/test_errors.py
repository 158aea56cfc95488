"""Every 4xx in one JSON shape, in the request's language; bad input is never a 500."""

import pytest

URL = "/api/v1/databases/CSDL-CONG-KHAI/"
SHAPE = {"status", "code", "message", "errors"}


def _error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == SHAPE and body["status"] == status and body["message"]
    return body


def _fields(body):
    return {item["field"] for item in body["errors"]}


def _patch(client, data, **headers):
    etag = client.get(URL)["ETag"]
    return client.patch(URL, data, format="json", HTTP_IF_MATCH=etag, **headers)


@pytest.mark.parametrize(("data", "field", "code"), [
    ({"kind": "galactic"}, "kind", "invalid_choice"),
    ({"security_level": "ba"}, "security_level", "invalid"),
    ({"security_level": 9}, "security_level", "max_value"),
    ({"name_vi": "x" * 501}, "name_vi", "max_length"),
    ({"roadmap_target_date": "2025-02-30"}, "roadmap_target_date", "invalid"),
    ({"owner": "KHONG-CO"}, "owner", "does_not_exist"),
    ({"legal_basis": ["99/9999/NĐ-CP"]}, "legal_basis", "does_not_exist"),
    ({"themes": "GOVE"}, "themes", "not_a_list"),
    ({"encrypted_at_rest": "có lẽ"}, "encrypted_at_rest", "invalid"),
    ({"contact_email": "không phải thư"}, "contact_email", "invalid"),
    ({"name_vi": None}, "name_vi", "null"),
])
def test_bad_values_are_400_naming_the_field(clients, databases, data, field, code):
    body = _error(_patch(clients["owner"], data), 400)
    assert body["code"] == "invalid"
    assert {"field": field, "code": code} in [{k: item[k] for k in ("field", "code")} for item in body["errors"]]


def test_model_rules_from_the_service_are_400(clients, databases):
    body = _error(_patch(clients["owner"], {"sync_mode": "periodic"}), 400)  # periodic needs a frequency
    assert body["errors"] and body["errors"][0]["message"]


def test_malformed_json_and_wrong_shapes(clients, databases):
    etag = clients["owner"].get(URL)["ETag"]
    body = _error(clients["owner"].generic("PATCH", URL, "{not json", content_type="application/json",
                                           HTTP_IF_MATCH=etag), 400)
    assert body["code"] == "parse_error"
    _error(clients["owner"].generic("PATCH", URL, '["a list"]', content_type="application/json",
                                    HTTP_IF_MATCH=etag), 400)
    form = "application/x-www-form-urlencoded"
    _error(clients["owner"].generic("POST", "/api/v1/tables/", "a=b", content_type=form), 415)


def test_unknown_references_on_creation_are_400(clients, world):
    body = _error(clients["owner"].post("/api/v1/fields/", {"table": 999999, "name": "x", "datatype": "string"}), 400)
    assert _fields(body) == {"table"}
    body = _error(clients["owner"].post("/api/v1/fields/", {
        "table": world["public"]["table"].pk, "name": "x", "datatype": "string", "element": "khong.co"}), 400)
    assert _fields(body) == {"element"}
    body = _error(clients["owner"].post("/api/v1/fields/", {
        "table": world["public"]["table"].pk, "name": "x", "datatype": "string", "element": "local"}), 400)
    assert _fields(body) == {"local_reason"}


def test_401_403_404_405(clients, world):
    assert _error(clients["anonymous"].post("/api/v1/tables/", {}), 401)["code"] == "not_authenticated"
    body = _error(clients["monitor"].post("/api/v1/tables/", {}), 403)
    assert body["code"] == "permission_denied"
    assert _error(clients["owner"].get("/api/v1/databases/KHONG-CO/"), 404)["code"] == "not_found"
    assert _error(clients["owner"].get("/api/v1/khong-co/"), 404)["code"] == "not_found"
    assert _error(clients["owner"].get("/api/v1/databases"), 404)["code"] == "not_found"
    assert _error(clients["owner"].delete(URL), 405)["code"] == "method_not_allowed"


def test_409_when_an_entry_is_still_in_use(clients, world):
    body = _error(clients["admin"].delete(f"/api/v1/standards/{world['standard'].pk}/"), 409)
    assert body["code"] == "in_use"
    assert _error(clients["admin"].delete("/api/v1/bodies/01/"), 409)["code"] == "in_use"


def test_duplicates_are_400_naming_the_field(clients, databases):
    body = _error(clients["owner"].post("/api/v1/databases/", {
        "identifier": "CSDL-CONG-KHAI", "name_vi": "Trùng", "kind": "local", "owner": "00004"}), 400)
    assert _fields(body) == {"identifier"}


def test_412_and_428(clients, databases):
    assert _error(clients["owner"].patch(URL, {"name_en": "x"}), 428)["code"] == "precondition_required"
    assert _error(clients["owner"].patch(URL, {"name_en": "x"}, HTTP_IF_MATCH='"0-0"'), 412)["code"] == \
        "precondition_failed"


def test_messages_follow_the_request_language(clients, databases):
    def refused(language):
        return _error(clients["other"].patch(URL, {"name_en": "x"}, HTTP_IF_MATCH="*",
                                             HTTP_ACCEPT_LANGUAGE=language), 403)

    vietnamese, english = refused("vi"), refused("en")
    assert english["message"] == "You may not change the entries of this body."
    assert vietnamese["message"] != english["message"]


@pytest.mark.parametrize("query", [
    "modified_since=hôm-qua", "kind=galactic", "security_level=7", "body=KHONG-CO", "province=00004",
    "ordering=password", "page_size=0", "page_size=501", "page_size=abc", "cursor=bz0tMQ%3D%3D", "q=" + "a" * 41,
])
def test_bad_query_parameters_are_400_naming_them(clients, databases, query):
    body = _error(clients["owner"].get(f"/api/v1/databases/?{query}"), 400)
    assert _fields(body) == {query.split("=")[0]}
