import pytest

from tests.conftest import make_database

pytestmark = pytest.mark.django_db


def _identifiers(response):
    return [database.identifier for database in response.context["page"]]


@pytest.mark.parametrize("role,expected", [
    (None, ["CSDL-CONG-KHAI"]), ("other", ["CSDL-CONG-KHAI", "CSDL-NOI-BO"]),
    ("owner", ["CSDL-CONG-KHAI", "CSDL-MAT", "CSDL-NOI-BO"]), ("monitor", ["CSDL-CONG-KHAI", "CSDL-MAT", "CSDL-NOI-BO"]),
])
def test_it_lists_what_the_reader_may_see(as_user, databases, role, expected):
    assert _identifiers(as_user(role).get("/databases/")) == expected


def test_it_filters(as_user, databases, bodies):
    make_database(bodies["other_ministry"], "CSDL-Y-TE", kind="specialized", lifecycle="in_operation")
    assert _identifiers(as_user(None).get("/databases/", {"kind": "specialized"})) == ["CSDL-Y-TE"]
    assert _identifiers(as_user(None).get("/databases/", {"province": "01"})) == ["CSDL-CONG-KHAI"]
    assert _identifiers(as_user(None).get("/databases/", {"body": "GOV-M13"})) == ["CSDL-Y-TE"]
    assert _identifiers(as_user(None).get("/databases/", {"q": "co so du lieu csdl y te"})) == ["CSDL-Y-TE"]


@pytest.mark.parametrize("params", [{"kind": "nope"}, {"body": "KHONG-CO"}, {"province": "00004"}])
def test_bad_filters_are_a_400_with_the_reason(as_user, databases, params):
    response = as_user(None).get("/databases/", params)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_it_is_paginated(as_user, bodies):
    for number in range(30):
        make_database(bodies["commune"], f"CSDL-{number:02d}")
    assert len(_identifiers(as_user(None).get("/databases/"))) == 25
    assert len(_identifiers(as_user(None).get("/databases/", {"page": 2}))) == 5
