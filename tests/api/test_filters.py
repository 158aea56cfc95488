"""Filters, search, ordering and paging of the lists."""

import datetime

from django.utils import timezone

from catalog.models import Database, Field, Table
from tests.conftest import make_database


def _identifiers(response):
    assert response.status_code == 200, response.content
    return {row["identifier"] for row in response.json()["results"]}


def test_body_and_province_roll_up(clients, bodies, databases):
    make_database(bodies["province"], "HN-TINH")
    make_database(bodies["other_commune"], "HN-NGOC-HA")
    make_database(bodies["ministry"], "BCA-1", kind="national")
    client = clients["admin"]
    communes = {"CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT", "HN-NGOC-HA"}
    assert _identifiers(client.get("/api/v1/databases/?body=01")) == communes | {"HN-TINH"}
    assert _identifiers(client.get("/api/v1/databases/?province=01")) == communes | {"HN-TINH"}
    assert _identifiers(client.get("/api/v1/databases/?body=00008")) == {"HN-NGOC-HA"}
    assert _identifiers(client.get("/api/v1/databases/?level=central")) == {"BCA-1"}
    assert _identifiers(client.get("/api/v1/databases/?kind=national&access_level=public")) == {"BCA-1"}
    # Roll-ups never widen what the caller sees.
    assert _identifiers(clients["anonymous"].get("/api/v1/databases/?body=00004")) == {"CSDL-CONG-KHAI"}
    bodies_under = {row["code"] for row in client.get("/api/v1/bodies/?body=01").json()["results"]}
    assert bodies_under == {"01", "00004", "00008"}


def test_modified_since(clients, databases):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Database.objects.exclude(pk=databases["public"].pk).update(modified_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = clients["admin"].get("/api/v1/databases/", {"modified_since": since})
    assert _identifiers(response) == {"CSDL-CONG-KHAI"}


def test_search_ignores_diacritics_and_case(clients, bodies):
    make_database(bodies["ministry"], "CSDLQG-DC", name_vi="Cơ sở dữ liệu quốc gia về dân cư",
                  name_en="National Population Database", kind="national")
    make_database(bodies["ministry"], "CSDL-DD", name_vi="Cơ sở dữ liệu quốc gia về đất đai", kind="national")
    client = clients["anonymous"]
    assert _identifiers(client.get("/api/v1/databases/", {"q": "co so du lieu dan cu"})) == {"CSDLQG-DC"}
    assert _identifiers(client.get("/api/v1/databases/", {"q": "DÂN CƯ"})) == {"CSDLQG-DC"}
    assert _identifiers(client.get("/api/v1/databases/", {"q": "dat dai"})) == {"CSDL-DD"}
    assert _identifiers(client.get("/api/v1/databases/", {"q": "population"})) == {"CSDLQG-DC"}
    assert _identifiers(client.get("/api/v1/databases/", {"q": "csdlqg"})) == {"CSDLQG-DC"}
    assert _identifiers(client.get("/api/v1/databases/", {"q": "dan cu quoc te"})) == set()


def test_search_reads_keywords_and_description_and_follows_edits(clients, bodies):
    database = make_database(bodies["ministry"], "CSDL-HT", name_vi="Cơ sở dữ liệu hộ tịch",
                             keywords="khai sinh\nkết hôn", description_vi="Đăng ký điện tử")
    client = clients["anonymous"]
    assert _identifiers(client.get("/api/v1/databases/", {"q": "ket hon"})) == {"CSDL-HT"}
    assert _identifiers(client.get("/api/v1/databases/", {"q": "dien tu"})) == {"CSDL-HT"}
    database.name_vi = "Cơ sở dữ liệu quốc gia về tư pháp"
    database.save(update_fields=["name_vi"])
    assert _identifiers(client.get("/api/v1/databases/", {"q": "tu phap"})) == {"CSDL-HT"}
    assert _identifiers(client.get("/api/v1/databases/", {"q": "ho tich"})) == set()


def test_element_search_and_suggestions(clients, element):
    client = clients["anonymous"]
    assert _identifiers(client.get("/api/v1/elements/", {"q": "NGAY SINH"})) == {"cong-dan.ngay-sinh"}
    assert _identifiers(client.get("/api/v1/elements/", {"q": "ngày tháng năm sinh"})) == {"cong-dan.ngay-sinh"}
    suggested = client.get("/api/v1/elements/suggest/", {"name": "NgaySinh"}).json()
    assert [row["identifier"] for row in suggested] == ["cong-dan.ngay-sinh"]
    assert client.get("/api/v1/elements/suggest/").json()["errors"][0]["field"] == "name"


def test_ordering_and_cursor_paging(clients, bodies, databases):
    client = clients["admin"]
    rows = client.get("/api/v1/databases/?ordering=-identifier").json()["results"]
    assert [row["identifier"] for row in rows] == ["CSDL-NOI-BO", "CSDL-MAT", "CSDL-CONG-KHAI"]
    seen, url = [], "/api/v1/databases/?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["identifier"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(Database.objects.values_list("identifier", flat=True))


def test_fields_by_mapping_state(clients, world):
    table = world["public"]["table"]
    Field.objects.create(table=table, name="ngay_sinh_text", datatype="string", element=world["element"])
    Field.objects.create(table=table, name="ghi_chu", datatype="text", is_local=True, local_reason="Riêng của phường")
    client = clients["owner"]

    def names(query):
        return {row["name"] for row in client.get(f"/api/v1/fields/?database=CSDL-CONG-KHAI&{query}").json()["results"]}

    assert names("mapping=mismatched") == {"ngay_sinh_text"}
    assert names("mapping=local") == {"ghi_chu"}
    assert names("mapping=unmapped") == {"ngay_sinh"}
    assert names("element=cong-dan.ngay-sinh") == {"ngay_sinh_text"}
    mismatched = client.get("/api/v1/fields/?mapping=mismatched").json()["results"][0]
    assert mismatched["element"] == "cong-dan.ngay-sinh" and mismatched["mismatches"]
    assert Table.objects.count() == 2


def test_field_search_reads_name_and_description_without_diacritics(clients, bodies, databases):
    table = Table.objects.create(database=databases["public"], name="cong_dan")
    Field.objects.create(table=table, name="ngay_sinh", datatype="date", description="Ngày tháng năm sinh")
    Field.objects.create(table=table, name="ma_dinh_danh", datatype="string", description="Số định danh cá nhân")
    hidden = Table.objects.create(database=databases["restricted"], name="cong_dan")
    Field.objects.create(table=hidden, name="ngay_sinh", datatype="date")

    def names(client, query):
        response = client.get("/api/v1/fields/", {"q": query})
        assert response.status_code == 200, response.content
        return [(row["database"], row["name"]) for row in response.json()["results"]]

    assert names(clients["anonymous"], "ngay sinh") == [("CSDL-CONG-KHAI", "ngay_sinh")]
    assert names(clients["anonymous"], "SỐ ĐỊNH DANH") == [("CSDL-CONG-KHAI", "ma_dinh_danh")]
    assert names(clients["anonymous"], "thang nam") == [("CSDL-CONG-KHAI", "ngay_sinh")]
    assert len(names(clients["owner"], "ngay sinh")) == 2  # the owner also sees the restricted one
