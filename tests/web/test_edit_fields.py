"""The tables-and-fields page (issue #8): many fields at once, each mapped to a Shared Data
Dictionary element or marked local with a reason, suggestions offered next to each field, all or
nothing, a stale page refused; and the standards-and-services page."""

import pytest

from architecture.access import AccessLevel
from catalog.models import Database, DatabaseStandard, Field, Service, Standard, Table
from dictionary.models import DataElement, ItemStatus
from dictionary.services import element_save
from tests.conftest import make_database


@pytest.fixture
def elements(users, bodies):
    def element(identifier, name_vi, datatype="string", status=ItemStatus.VALID, **extra):
        return element_save(user=users["admin"], element=DataElement(
            identifier=identifier, name_vi=name_vi, datatype=datatype, steward=bodies["ministry"], status=status,
            **extra))
    return {
        "ho_ten": element("ho-ten", "Họ và tên", synonyms="họ tên"),
        "ngay_sinh": element("ngay-sinh", "Ngày sinh", "date"),
        "so_dinh_danh": element("so-dinh-danh", "Số định danh cá nhân"),
        "retired": element("cu", "Số chứng minh nhân dân", status=ItemStatus.DRAFT),
    }


@pytest.fixture
def database(bodies):
    return make_database(bodies["commune"], "CSDL-DAN-CU-BD", AccessLevel.RESTRICTED)


@pytest.fixture
def owner(client, users):
    client.force_login(users["owner"])
    return client


def rows(*fields, initial=0, prefix="fields"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(fields)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, values in enumerate(fields):
        for name, value in values.items():
            if value is not None and value is not False:
                data[f"{prefix}-{index}-{name}"] = "on" if value is True else value
    return data


def new_table(database, *fields, name="CONG_DAN", version=None):
    return {"table-name": name, "table-description": "", "lock-version": str(version or database.version),
            "lock-token": "", **rows(*fields)}


def field(name, datatype="string", element="", local=False, reason="", **extra):
    return {"name": name, "datatype": datatype, "element_identifier": element, "local": local, "reason": reason,
            "description": "", "length": "", "format": "", **extra}


def test_many_fields_are_saved_at_once_with_their_mapping(owner, database, elements, users):
    response = owner.post(f"/databases/{database.identifier}/tables/new/", new_table(
        database, field("HO_TEN", element="ho-ten"), field("NGAY_SINH", "date", element="ngay-sinh"),
        field("MA_NOI_BO", local=True, reason="Mã nội bộ của phường"), field("", datatype="")))
    assert response.status_code == 302, [f.errors for f in response.context["formset"].forms]
    table = Table.objects.get(database=database)
    assert response["Location"] == f"/databases/{database.identifier}/tables/{table.pk}/"
    saved = list(table.fields.order_by("position"))
    assert [(f.name, f.element_id, f.is_local) for f in saved] == [
        ("HO_TEN", elements["ho_ten"].pk, False), ("NGAY_SINH", elements["ngay_sinh"].pk, False),
        ("MA_NOI_BO", None, True)]
    assert saved[2].local_reason == "Mã nội bộ của phường"
    assert {row.history_user for row in Field.history.all()} == {users["owner"]}


def test_the_page_suggests_elements_for_each_field_from_its_name(owner, database, elements):
    table = Table.objects.create(database=database, name="CONG_DAN")
    Field.objects.create(table=table, name="ngay_sinh", datatype="date")
    html = owner.get(f"/databases/{database.identifier}/tables/{table.pk}/").content.decode()
    assert '<option value="ngay-sinh">Ngày sinh</option>' in html
    assert 'list="fields-0-suggestions"' in html
    assert "Phần tử dữ liệu gợi ý" in html
    assert "catalog/fields.js" in html


def test_an_unknown_or_retired_element_is_an_error_next_to_its_row_and_nothing_is_saved(owner, database, elements):
    response = owner.post(f"/databases/{database.identifier}/tables/new/", new_table(
        database, field("HO_TEN", element="ho-ten"), field("CMND", element="cu"), field("X", element="khong-co")))
    assert response.status_code == 400
    assert not Table.objects.exists() and not Field.objects.exists()
    forms = response.context["formset"].forms
    assert "element_identifier" in forms[1].errors and "element_identifier" in forms[2].errors
    assert "Không có phần tử dữ liệu dùng chung nào mang mã này." in response.content.decode()


def test_a_local_field_says_why_and_maps_nothing(owner, database, elements):
    response = owner.post(f"/databases/{database.identifier}/tables/new/", new_table(
        database, field("A", local=True), field("B", local=True, reason="riêng", element="ho-ten")))
    assert response.status_code == 400
    forms = response.context["formset"].forms
    assert "reason" in forms[0].errors
    assert "local" in forms[1].errors
    assert not Field.objects.exists()


def test_duplicate_field_names_and_bad_values_are_refused(owner, database):
    response = owner.post(f"/databases/{database.identifier}/tables/new/", new_table(
        database, field("A"), field("A"), field("B", datatype="nope"), field("C", length="0")))
    assert response.status_code == 400
    assert not Table.objects.exists()
    html = response.content.decode()
    assert 'aria-invalid="true"' in html


def test_an_existing_table_is_edited_renamed_remapped_and_rows_deleted(owner, database, elements):
    table = Table.objects.create(database=database, name="CONG_DAN")
    keep = Field.objects.create(table=table, name="HO_TEN", datatype="string", element=elements["ho_ten"])
    drop = Field.objects.create(table=table, name="CU", datatype="string")
    page = owner.get(f"/databases/{database.identifier}/tables/{table.pk}/")
    token = page.context["lock"].initial["token"]
    data = {"table-name": "CONG_DAN_2", "table-description": "", "lock-version": "1", "lock-token": token,
            **rows({"id": str(keep.pk), **field("HO_VA_TEN", local=True, reason="Tách họ và tên")},
                   {"id": str(drop.pk), **field("CU"), "DELETE": True},
                   field("SO_DINH_DANH", element="so-dinh-danh"), initial=2)}
    response = owner.post(f"/databases/{database.identifier}/tables/{table.pk}/", data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    table.refresh_from_db()
    keep.refresh_from_db()
    assert table.name == "CONG_DAN_2"
    assert (keep.name, keep.is_local, keep.element_id) == ("HO_VA_TEN", True, None)
    assert not Field.objects.filter(pk=drop.pk).exists()
    assert table.fields.get(name="SO_DINH_DANH").element == elements["so_dinh_danh"]


def test_a_stale_table_page_is_refused_and_changes_nothing(owner, database, users):
    table = Table.objects.create(database=database, name="CONG_DAN")
    one = Field.objects.create(table=table, name="A", datatype="string")
    token = owner.get(f"/databases/{database.identifier}/tables/{table.pk}/").context["lock"].initial["token"]
    Field.objects.filter(pk=one.pk).update(description="changed by someone else")
    data = {"table-name": "CONG_DAN", "table-description": "", "lock-version": "1", "lock-token": token,
            **rows({"id": str(one.pk), **field("A_MOI")}, initial=1)}
    response = owner.post(f"/databases/{database.identifier}/tables/{table.pk}/", data)
    assert response.status_code == 409
    one.refresh_from_db()
    assert one.name == "A"
    assert "Người khác đã lưu hồ sơ này" in response.content.decode()


def test_a_stale_database_version_is_refused(owner, database):
    Database.objects.filter(pk=database.pk).update(version=5)
    response = owner.post(f"/databases/{database.identifier}/tables/new/", new_table(database, field("A"), version=1))
    assert response.status_code == 409
    assert not Table.objects.exists()


def test_a_table_of_another_database_is_not_found(owner, database, bodies):
    other = make_database(bodies["commune"], "CSDL-KHAC")
    table = Table.objects.create(database=other, name="T")
    assert owner.get(f"/databases/{database.identifier}/tables/{table.pk}/").status_code == 404


def test_a_table_is_deleted_with_its_fields(owner, database):
    table = Table.objects.create(database=database, name="T")
    Field.objects.create(table=table, name="A", datatype="string")
    token = owner.get(f"/databases/{database.identifier}/tables/{table.pk}/").context["lock"].initial["token"]
    response = owner.post(f"/databases/{database.identifier}/tables/{table.pk}/delete/",
                          {"lock-version": "1", "lock-token": token})
    assert response.status_code == 302
    assert not Table.objects.exists() and not Field.objects.exists()


@pytest.mark.parametrize("role, status", [("other", 404), ("sibling", 404), ("reviewer", 403), ("monitor", 403)])
def test_others_may_not_open_or_post_the_fields_page(client, users, database, role, status):
    client.force_login(users[role])
    url = f"/databases/{database.identifier}/tables/new/"
    assert client.get(url).status_code == status
    assert client.post(url, new_table(database, field("A"))).status_code == status
    assert not Table.objects.exists()


def test_the_parent_provinces_editor_may_edit_fields(client, users, database):
    client.force_login(users["parent"])
    response = client.post(f"/databases/{database.identifier}/tables/new/", new_table(database, field("A")))
    assert response.status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client, database):
    response = client.post(f"/databases/{database.identifier}/tables/new/", new_table(database, field("A")))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Table.objects.exists()


# --- Standards and services

@pytest.fixture
def standards():
    return [Standard.objects.create(code="TCVN 14423:2025", title="An toàn hệ thống thông tin quan trọng"),
            Standard.objects.create(code="QCVN 109:2017/BTTTT", title="Cấu trúc thông điệp dữ liệu công dân")]


def links(database, standards_rows, services_rows, token, standards_initial=0, services_initial=0):
    return {"lock-version": str(database.version), "lock-token": token,
            **rows(*standards_rows, prefix="standards", initial=standards_initial),
            **rows(*services_rows, prefix="services", initial=services_initial)}


def test_standards_and_services_are_saved_together(owner, database, standards):
    url = f"/databases/{database.identifier}/links/"
    token = owner.get(url).context["lock"].initial["token"]
    response = owner.post(url, links(database, [{"standard": str(standards[0].pk), "conformance": "conformant"}],
                                      [{"title": "API tra cứu", "endpoint_url": "https://api.example.vn/dan-cu",
                                        "protocol": "rest"}], token))
    assert response.status_code == 302
    assert DatabaseStandard.objects.get(database=database).standard == standards[0]
    assert Service.objects.get(database=database).title == "API tra cứu"


def test_a_bad_service_saves_no_standard_either(owner, database, standards):
    url = f"/databases/{database.identifier}/links/"
    token = owner.get(url).context["lock"].initial["token"]
    response = owner.post(url, links(database, [{"standard": str(standards[0].pk), "conformance": "conformant"}],
                                      [{"title": "X", "endpoint_url": "không phải địa chỉ", "protocol": "rest"}],
                                      token))
    assert response.status_code == 400
    assert not DatabaseStandard.objects.exists() and not Service.objects.exists()


def test_the_same_standard_twice_is_refused_without_saving(owner, database, standards):
    url = f"/databases/{database.identifier}/links/"
    token = owner.get(url).context["lock"].initial["token"]
    row = {"standard": str(standards[0].pk), "conformance": "planned"}
    response = owner.post(url, links(database, [row, row], [], token))
    assert response.status_code == 400
    assert not DatabaseStandard.objects.exists()


def test_others_may_not_change_standards(client, users, database, standards):
    client.force_login(users["monitor"])
    url = f"/databases/{database.identifier}/links/"
    assert client.get(url).status_code == 403
    assert client.post(url, links(database, [{"standard": str(standards[0].pk), "conformance": "planned"}],
                                  [], "")).status_code == 403
    assert not DatabaseStandard.objects.exists()


def test_unchanged_rows_are_not_written_again(owner, database, elements):
    table = Table.objects.create(database=database, name="CONG_DAN")
    same = Field.objects.create(table=table, name="A", datatype="string")
    other = Field.objects.create(table=table, name="B", datatype="string", position=1)
    before = Field.history.count()
    token = owner.get(f"/databases/{database.identifier}/tables/{table.pk}/").context["lock"].initial["token"]
    data = {"table-name": "CONG_DAN", "table-description": "", "lock-version": "1", "lock-token": token,
            **rows({"id": str(same.pk), **field("A")}, {"id": str(other.pk), **field("B", description="mới")},
                   initial=2)}
    assert owner.post(f"/databases/{database.identifier}/tables/{table.pk}/", data).status_code == 302
    assert Field.history.count() == before + 1
    assert Field.history.latest("history_id").name == "B"


def test_a_mapped_field_gets_no_suggestions(owner, database, elements):
    table = Table.objects.create(database=database, name="CONG_DAN")
    Field.objects.create(table=table, name="ngay_sinh", datatype="date", element=elements["ngay_sinh"])
    response = owner.get(f"/databases/{database.identifier}/tables/{table.pk}/")
    assert response.context["formset"].forms[0].suggestions == []
    assert 'value="ngay-sinh"' in response.content.decode()  # its mapping, in the element input


def test_a_second_table_of_the_same_name_is_refused(owner, database):
    Table.objects.create(database=database, name="CONG_DAN")
    response = owner.post(f"/databases/{database.identifier}/tables/new/", new_table(database, field("A")))
    assert response.status_code == 400
    assert response.context["table_form"].errors
    assert Table.objects.count() == 1 and not Field.objects.exists()


def test_a_post_without_its_management_form_is_an_error_not_a_crash(owner, database):
    response = owner.post(f"/databases/{database.identifier}/tables/new/", {"table-name": "T"})
    assert response.status_code == 400
    assert not Table.objects.exists()
