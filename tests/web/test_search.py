"""The search page: diacritics and case do not matter, results are ranked and faceted, and only
what the reader may see is found."""

import pytest

from architecture.access import AccessLevel
from catalog.models import Datatype, Field, Table
from dictionary.models import CodeList, DataElement
from dictionary.services import element_search_text
from tests.conftest import make_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(bodies):
    national = make_database(bodies["ministry"], "CSDLQG-DC", name_vi="Cơ sở dữ liệu quốc gia về dân cư",
                             kind="national", lifecycle="in_operation")
    mention = make_database(bodies["commune"], "CSDL-HO-TICH", name_vi="Sổ hộ tịch phường",
                            description_vi="Liên thông với cơ sở dữ liệu quốc gia về dân cư.")
    secret = make_database(bodies["commune"], "CSDL-DAN-CU-MAT", AccessLevel.RESTRICTED,
                           name_vi="Cơ sở dữ liệu dân cư mật của phường")
    return {"national": national, "mention": mention, "secret": secret}


def _databases(response):
    return [database.identifier for database in response.context["databases"]]


def test_words_without_diacritics_find_the_database(as_user, population):
    response = as_user(None).get("/search/", {"q": "co so du lieu dan cu"})
    assert response.status_code == 200
    assert "CSDLQG-DC" in _databases(response)
    assert "Cơ sở dữ liệu quốc gia về dân cư" in response.content.decode()


def test_case_and_diacritics_typed_do_not_matter(as_user, population):
    assert "CSDLQG-DC" in _databases(as_user(None).get("/search/", {"q": "DÂN CƯ"}))
    assert "CSDLQG-DC" in _databases(as_user(None).get("/search/", {"q": "Dan Cu"}))


def test_a_name_match_ranks_above_a_description_match(as_user, population):
    found = _databases(as_user(None).get("/search/", {"q": "du lieu quoc gia dan cu"}))
    assert found.index("CSDLQG-DC") < found.index("CSDL-HO-TICH")


@pytest.mark.parametrize("role,found", [(None, False), ("other", False), ("sibling", False),
                                        ("owner", True), ("parent", True), ("monitor", True), ("reviewer", True)])
def test_a_restricted_database_is_found_only_by_those_who_may_see_it(as_user, population, role, found):
    response = as_user(role).get("/search/", {"q": "dan cu mat"})
    assert ("CSDL-DAN-CU-MAT" in _databases(response)) is found
    assert ("mật của phường" in response.content.decode()) is found


def test_facets_count_and_filter(as_user, population):
    response = as_user(None).get("/search/", {"q": "dan cu"})
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    kinds = {option["label"]: option["count"] for option in facets["kind"]["options"]}
    assert sum(kinds.values()) == 2
    provinces = {option["label"]: option["count"] for option in facets["province"]["options"]}
    assert provinces == {"Thành phố Hà Nội": 1}
    filtered = as_user(None).get("/search/", {"q": "dan cu", "kind": "national"})
    assert _databases(filtered) == ["CSDLQG-DC"]
    by_province = as_user(None).get("/search/", {"q": "dan cu", "province": "01"})
    assert _databases(by_province) == ["CSDL-HO-TICH"]


def test_facet_counts_leave_out_what_the_reader_may_not_see(as_user, population):
    response = as_user(None).get("/search/", {"q": "dan cu", "body": "00004"})
    assert _databases(response) == ["CSDL-HO-TICH"]
    owners = {option["label"]: option["count"] for option in
              {f["name"]: f for f in response.context["facets"]}["body"]["options"]}
    assert owners["Phường Ba Đình"] == 1


def test_bodies_fields_elements_and_code_lists_are_found_too(as_user, population, bodies):
    table = Table.objects.create(database=population["mention"], name="khai_sinh")
    Field.objects.create(table=table, name="ngay_dang_ky_khai_sinh", description="Ngày đăng ký khai sinh",
                         datatype=Datatype.DATE)
    secret_table = Table.objects.create(database=population["secret"], name="mat")
    Field.objects.create(table=secret_table, name="ngay_dang_ky_mat", datatype=Datatype.DATE)
    element = DataElement(identifier="ngay_dang_ky", name_vi="Ngày đăng ký", datatype=Datatype.DATE)
    element.search_text = element_search_text(element)
    element.save()
    CodeList.objects.create(identifier="LOAI_DANG_KY", name_vi="Loại đăng ký hộ tịch")
    response = as_user(None).get("/search/", {"q": "ngay dang ky"})
    assert [field.name for field in response.context["fields"]] == ["ngay_dang_ky_khai_sinh"]
    assert [element.identifier for element in response.context["elements"]] == ["ngay_dang_ky"]
    assert [body.code for body in as_user(None).get("/search/", {"q": "ba dinh"}).context["bodies"]] == ["00004"]
    code_lists = as_user(None).get("/search/", {"q": "loai dang ky"}).context["code_lists"]
    assert [code_list.identifier for code_list in code_lists] == ["LOAI_DANG_KY"]


def test_one_kind_of_result_can_be_chosen(as_user, population):
    response = as_user(None).get("/search/", {"q": "ba dinh", "type": "body"})
    assert "bodies" in response.context and "databases" not in response.context


def test_results_are_paginated(as_user, bodies):
    for number in range(30):
        make_database(bodies["commune"], f"CSDL-DC-{number:02d}", name_vi=f"Dân cư tổ {number}")
    first = as_user(None).get("/search/", {"q": "dan cu"})
    second = as_user(None).get("/search/", {"q": "dan cu", "page": 2})
    assert len(_databases(first)) == 25 and len(_databases(second)) == 5
    assert not set(_databases(first)) & set(_databases(second))


@pytest.mark.parametrize("params", [{"q": " ".join(["tu"] * 9)}, {"q": "x" * 41}, {"q": "a", "kind": "nope"},
                                    {"q": "a", "province": "00004"}, {"q": "a", "body": "KHONG-CO"}])
def test_bad_input_is_a_400_with_a_message(as_user, population, params):
    response = as_user(None).get("/search/", params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_empty_page_shows_the_form(as_user):
    response = as_user(None).get("/search/")
    assert response.status_code == 200 and 'type="search"' in response.content.decode()
