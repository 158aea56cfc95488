"""The database list reads its rows as plain values (catalog.api.rows); each row must be exactly
what the serializer gives for the same entry, which the detail answer shows."""

import datetime

from django.utils import timezone

from architecture.models import LegalDocument
from catalog.models import Field, Theme
from tests.conftest import make_database


def test_list_rows_equal_the_entries_as_serialized(clients, bodies, databases):
    laws = [LegalDocument.objects.create(number=number, title=title, issued_on=issued)
            for number, title, issued in [("47/2024/NĐ-CP", "Nghị định 47", datetime.date(2024, 5, 9)),
                                          ("58/2024/QH15", "Luật Dữ liệu", datetime.date(2024, 6, 30))]]
    full = make_database(
        bodies["ministry"], "CSDL-DAY-DU", name_en="Full entry", description_vi="Mô tả", operator=bodies["office"],
        keywords="dân cư\nđịnh danh", lifecycle="in_operation", roadmap_target_date=datetime.date(2026, 12, 31),
        security_level=3, sync_mode="periodic", sync_frequency="daily",
        last_synced_at=timezone.now() - datetime.timedelta(hours=5), contact_email="cntt@example.gov.vn",
    )
    full.legal_basis.set(laws)
    full.themes.set(Theme.objects.filter(code__in=["SOCI", "GOVE"]))
    client = clients["admin"]
    listed = client.get("/api/v1/databases/", {"page_size": 500}).json()["results"]
    assert len(listed) == 4
    for row in listed:
        detail = client.get(f"/api/v1/databases/{row['identifier']}/").json()
        assert row == detail
    row = next(row for row in listed if row["identifier"] == "CSDL-DAY-DU")
    assert row["themes"] == ["GOVE", "SOCI"] and row["legal_basis"] == ["58/2024/QH15", "47/2024/NĐ-CP"]
    assert row["operator"] == bodies["office"].code and row["roadmap_target_date"] == "2026-12-31"
    assert list(row) == list(client.get("/api/v1/databases/CSDL-DAY-DU/").json())  # same keys, same order


def test_field_rows_equal_the_fields_as_serialized(clients, world):
    table = world["public"]["table"]
    element = world["element"]  # a date element: a string field mapped to it has a mismatch
    Field.objects.create(table=table, name="ngay_sinh_chuoi", datatype="string", length=20, element=element,
                         description="Ngày sinh ghi dạng chuỗi", position=2)
    Field.objects.create(table=table, name="ghi_chu", datatype="text", is_local=True,
                         local_reason="Ghi chú nội bộ", position=3)
    client = clients["admin"]
    listed = client.get("/api/v1/fields/", {"page_size": 500}).json()["results"]
    assert len(listed) == Field.objects.count() == 4
    for row in listed:
        assert row == client.get(f"/api/v1/fields/{row['id']}/").json()
    by_name = {row["name"]: row for row in listed if row["database"] == "CSDL-CONG-KHAI"}
    assert by_name["ngay_sinh_chuoi"]["element"] == element.identifier and by_name["ngay_sinh_chuoi"]["mismatches"]
    assert by_name["ghi_chu"]["element"] == "local" and by_name["ghi_chu"]["mismatches"] == []
