"""Who may do what through the API: the pages' rules, asked of architecture.access.

One row per endpoint and method, one expected status per role. A new endpoint is a new row.
Roles: owner = editor of the commune owning the databases; parent = editor of its province;
sibling = editor of another commune of the province; other = editor of another ministry;
reviewer, monitor, admin; anonymous. Entries of the restricted database are invisible to sibling,
other and anonymous, and answer them exactly like missing ones (404).
"""

from dataclasses import dataclass, field
from typing import Callable

import pytest

from catalog.models import Standard
from tests.api.conftest import ROLES

EDITORS = {"owner", "parent", "admin"}
SEE_RESTRICTED = {"owner", "parent", "reviewer", "monitor", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}


def only(allowed: set[str], ok: int, *, denied: int = 403, anonymous: int = 401) -> dict[str, int]:
    return {role: ok if role in allowed else (anonymous if role == "anonymous" else denied) for role in ROLES}


def everyone(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


def read(key: str, *, signed_in: bool = False) -> dict[str, int]:
    expected = everyone(200) if key == "public" else only(SEE_RESTRICTED, 200, denied=404, anonymous=404)
    if signed_in:
        expected["anonymous"] = 401
    return expected


def write(key: str, ok: int, *, invisible: int = 404) -> dict[str, int]:
    """Editors of the owner chain write; sibling and other see the public entry (403) but not the
    restricted one (`invisible`: 404 on its URL, 400 "does not exist" when named in a body)."""
    expected = only(EDITORS, ok)
    if key == "restricted":
        expected.update(sibling=invisible, other=invisible)
    return expected


@dataclass
class Case:
    name: str
    method: str
    url: Callable
    expect: dict[str, int]
    body: Callable = field(default=lambda w: None)
    if_match: bool = False  # send the entry's current ETag (read by an administrator)


def _ident(key):
    return lambda w: w[key]["database"].identifier


def _database_cases(key: str) -> list[Case]:
    db = _ident(key)
    part = lambda name, kind: lambda w: f"/api/v1/{name}/{w[key][kind].pk}/"  # noqa: E731
    return [
        Case(f"database-get-{key}", "get", lambda w: f"/api/v1/databases/{db(w)}/", read(key)),
        Case(f"database-patch-{key}", "patch", lambda w: f"/api/v1/databases/{db(w)}/", write(key, 200),
             body=lambda w: {"name_en": "Renamed"}, if_match=True),
        Case(f"database-review-submit-{key}", "post", lambda w: f"/api/v1/databases/{db(w)}/review/",
             write(key, 201), body=lambda w: {"action": "submit"}),
        Case(f"database-review-read-{key}", "get", lambda w: f"/api/v1/databases/{db(w)}/review/",
             read(key, signed_in=True)),
        Case(f"table-get-{key}", "get", part("tables", "table"), read(key)),
        Case(f"table-patch-{key}", "patch", part("tables", "table"), write(key, 200),
             body=lambda w: {"description": "Công dân"}),
        Case(f"table-delete-{key}", "delete", part("tables", "table"), write(key, 204)),
        Case(f"table-create-{key}", "post", lambda w: "/api/v1/tables/", write(key, 201, invisible=400),
             body=lambda w: {"database": db(w), "name": "ho_gia_dinh"}),
        Case(f"field-get-{key}", "get", part("fields", "field"), read(key)),
        Case(f"field-map-{key}", "patch", part("fields", "field"), write(key, 200),
             body=lambda w: {"element": "cong-dan.ngay-sinh"}),
        Case(f"field-delete-{key}", "delete", part("fields", "field"), write(key, 204)),
        Case(f"field-create-{key}", "post", lambda w: "/api/v1/fields/", write(key, 201, invisible=400),
             body=lambda w: {"table": w[key]["table"].pk, "name": "ho_ten", "datatype": "string", "length": 100}),
        Case(f"service-get-{key}", "get", part("services", "service"), read(key)),
        Case(f"service-patch-{key}", "patch", part("services", "service"), write(key, 200),
             body=lambda w: {"title": "API mới"}),
        Case(f"service-delete-{key}", "delete", part("services", "service"), write(key, 204)),
        Case(f"service-create-{key}", "post", lambda w: "/api/v1/services/", write(key, 201, invisible=400),
             body=lambda w: {"database": db(w), "title": "Tải về", "endpoint_url": "https://files.example.gov.vn/"}),
        Case(f"link-get-{key}", "get", part("database-standards", "link"), read(key)),
        Case(f"link-patch-{key}", "patch", part("database-standards", "link"), write(key, 200),
             body=lambda w: {"conformance": "conformant"}),
        Case(f"link-delete-{key}", "delete", part("database-standards", "link"), write(key, 204)),
        Case(f"link-create-{key}", "post", lambda w: "/api/v1/database-standards/", write(key, 201, invisible=400),
             body=lambda w: {"database": db(w), "standard": Standard.objects.create(
                 code="QCVN 109:2017/BTTTT", title="Cấu trúc thông điệp").code}),
    ]


NEW_DATABASE = {"identifier": "CSDL-MOI", "name_vi": "Cơ sở dữ liệu mới", "kind": "local", "owner": "00004"}
PROPOSAL = {"proposed": {"identifier": "cong-dan.thu-dien-tu", "name_vi": "Thư điện tử", "datatype": "string",
                         "steward": "GOV-M02"}, "reason": "Liên hệ với công dân"}
CHANGE = lambda w: f"/api/v1/change-requests/{w['change'].pk}"  # noqa: E731

CASES = [
    *_database_cases("public"),
    *_database_cases("restricted"),
    Case("databases-list", "get", lambda w: "/api/v1/databases/", everyone(200)),
    Case("database-create", "post", lambda w: "/api/v1/databases/", only(EDITORS, 201),
         body=lambda w: NEW_DATABASE),
    Case("database-delete", "delete", lambda w: "/api/v1/databases/CSDL-CONG-KHAI/",
         {**everyone(405), "anonymous": 401, "reviewer": 403, "monitor": 403}),
    Case("bodies-list", "get", lambda w: "/api/v1/bodies/", everyone(200)),
    Case("body-get", "get", lambda w: "/api/v1/bodies/00004/", everyone(200)),
    Case("body-create", "post", lambda w: "/api/v1/bodies/", only({"admin"}, 201),
         body=lambda w: {"code": "00012", "name_vi": "Phường Phúc Xá", "kind": "commune", "level": "communal",
                         "unit_type": "ward", "parent": "01"}),
    Case("body-patch", "patch", lambda w: "/api/v1/bodies/00004/", only({"admin"}, 200),
         body=lambda w: {"name_en": "Ba Dinh"}),
    Case("standards-list", "get", lambda w: "/api/v1/standards/", everyone(200)),
    Case("standard-create", "post", lambda w: "/api/v1/standards/", only({"admin"}, 201),
         body=lambda w: {"code": "ISO/IEC 11179-3:2023", "title": "Metadata registries"}),
    Case("standard-patch", "patch", lambda w: f"/api/v1/standards/{w['standard'].pk}/", only({"admin"}, 200),
         body=lambda w: {"issuer": "Bộ Khoa học và Công nghệ"}),
    Case("elements-list", "get", lambda w: "/api/v1/elements/", everyone(200)),
    Case("element-get", "get", lambda w: "/api/v1/elements/cong-dan.ngay-sinh/", everyone(200)),
    Case("element-patch", "patch", lambda w: "/api/v1/elements/cong-dan.ngay-sinh/",
         {**everyone(405), "anonymous": 401}, body=lambda w: {"name_en": "Birth date"}),
    Case("element-suggest", "get", lambda w: "/api/v1/elements/suggest/?name=ngay_sinh", everyone(200)),
    Case("code-lists-list", "get", lambda w: "/api/v1/code-lists/", everyone(200)),
    Case("code-values-list", "get", lambda w: "/api/v1/code-values/", everyone(200)),
    Case("releases-list", "get", lambda w: "/api/v1/releases/", everyone(200)),
    Case("release-publish", "post", lambda w: "/api/v1/releases/", only({"reviewer", "admin"}, 201),
         body=lambda w: {"version": "1.0.0", "title": "Từ điển dữ liệu dùng chung 1.0"}),
    Case("change-requests-list", "get", lambda w: "/api/v1/change-requests/", {**everyone(200), "anonymous": 401}),
    Case("change-request-get", "get", lambda w: f"{CHANGE(w)}/", {**everyone(200), "anonymous": 401}),
    Case("change-request-propose", "post", lambda w: "/api/v1/change-requests/",
         only({"owner", "parent", "sibling", "other", "admin"}, 201), body=lambda w: PROPOSAL),
    Case("change-request-decide", "post", lambda w: f"{CHANGE(w)}/decide/", only({"reviewer", "admin"}, 200),
         body=lambda w: {"approve": False, "comment": "Chưa đủ căn cứ pháp lý"}),
    Case("change-request-withdraw", "post", lambda w: f"{CHANGE(w)}/withdraw/", only({"owner", "admin"}, 200)),
    Case("tokens-list", "get", lambda w: "/api/v1/tokens/", {**everyone(200), "anonymous": 401}),
]


@pytest.mark.parametrize(("case", "role"), [(case, role) for case in CASES for role in ROLES],
                         ids=[f"{case.name}-{role}" for case in CASES for role in ROLES])
def test_permission_matrix(case, role, clients, world):
    url = case.url(world)
    headers = {}
    if case.if_match:
        headers["HTTP_IF_MATCH"] = clients["admin"].get(url)["ETag"]
    response = getattr(clients[role], case.method)(url, case.body(world), format="json", **headers)
    assert response.status_code == case.expect[role], response.content
    if response.status_code >= 400:
        assert response.json()["status"] == response.status_code


def test_lists_hold_only_what_the_caller_may_see(clients, world):
    def identifiers(role):
        return {row["identifier"] for row in clients[role].get("/api/v1/databases/").json()["results"]}

    assert identifiers("anonymous") == {"CSDL-CONG-KHAI"}
    assert identifiers("other") == {"CSDL-CONG-KHAI", "CSDL-NOI-BO"}
    assert identifiers("sibling") == {"CSDL-CONG-KHAI", "CSDL-NOI-BO"}
    assert identifiers("owner") == identifiers("monitor") == {"CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT"}
    tables = clients["other"].get("/api/v1/fields/").json()["results"]
    assert {row["database"] for row in tables} == {"CSDL-CONG-KHAI"}


def test_invisible_answers_like_missing(clients, world):
    hidden = clients["other"].get("/api/v1/databases/CSDL-MAT/")
    missing = clients["other"].get("/api/v1/databases/CSDL-KHONG-CO/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_session_sign_in_works_too(users, world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(users["owner"])
    assert client.get("/api/v1/databases/CSDL-MAT/").status_code == 200
