"""Odd requests answer 4xx, never 500: OPTIONS and HEAD, odd search text, odd proposals, bodies
of the wrong JSON type, unknown pages."""

import pytest

URLS = ["/api/v1/", "/api/v1/databases/", "/api/v1/databases/CSDL-CONG-KHAI/", "/api/v1/fields/",
        "/api/v1/tokens/", "/api/v1/change-requests/", "/api/v1/releases/"]


@pytest.mark.parametrize("role", ["anonymous", "owner", "monitor"])
def test_options_and_head(clients, world, role):
    for url in URLS:
        assert clients[role].options(url).status_code < 500, url
        assert clients[role].head(url).status_code < 500, url


@pytest.mark.parametrize("query", ["a(b[c\\", "%_*", "?", "đ", "...", "Ǆ ǅ"])
def test_odd_search_text(clients, world, query):
    for url in ["/api/v1/databases/", "/api/v1/bodies/", "/api/v1/code-values/", "/api/v1/elements/"]:
        assert clients["owner"].get(url, {"q": query}).status_code == 200, url


@pytest.mark.parametrize("odd", [{"legal_basis": 5}, {"topic": {"a": 1}}, {"max_length": "abc"},
                                 {"datatype": ["x"]}, {"min_value": "một"}])
def test_odd_proposals(clients, odd, bodies):
    proposed = {"identifier": "x.y", "name_vi": "X", "steward": "GOV-M02", **odd}
    response = clients["owner"].post("/api/v1/change-requests/", {"proposed": proposed, "reason": "r"})
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == f"proposed.{next(iter(odd))}"


def test_wrong_json_types(clients, world):
    client = clients["owner"]
    field = f"/api/v1/fields/{world['public']['field'].pk}/"
    assert client.post("/api/v1/change-requests/", {"proposed": "text", "reason": "r"}).status_code == 400
    assert client.post("/api/v1/tokens/", ["x"]).status_code == 400
    assert client.post("/api/v1/databases/CSDL-CONG-KHAI/review/", {"action": ["submit"]}).status_code == 400
    review = "/api/v1/databases/CSDL-CONG-KHAI/review/"
    assert client.post(review, "null", content_type="application/json").status_code == 400
    assert client.put("/api/v1/databases/CSDL-CONG-KHAI/", {"name_vi": "x"}, HTTP_IF_MATCH="*").status_code == 400
    assert client.patch(field, {"element": 5}).status_code == 400
    assert client.patch(field, {"local_reason": "not local"}).status_code == 400
    assert client.get("/api/v1/fields/?table=abc").status_code == 400
    assert client.get("/api/v1/code-values/?page=abc").status_code == 404
    duplicate = client.post("/api/v1/tables/", {"database": "CSDL-CONG-KHAI", "name": "cong_dan"})
    assert duplicate.status_code == 400 and duplicate.json()["errors"][0]["code"] == "unique"
