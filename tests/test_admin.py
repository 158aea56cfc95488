"""The admin: every page renders in Vietnamese (English under /en/), search and filters find the
right entries, and architecture.access decides who sees and changes what."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from architecture.access import AccessLevel
from architecture.models import Body, BodyKind, BodyLevel, LegalDocument, UnitType
from architecture.services import body_create
from architecture.tokens import token_create
from catalog.models import (
    Database, DatabaseKind, DatabaseReview, DatabaseStandard, DataLayer, Datatype, Field, Lifecycle, ReviewAction,
    ReviewState, Service, Standard, SyncMode, Table, TcvnStatus, Theme,
)
from catalog.services import database_review_step
from dictionary.models import CodeList, CodeValue, CodeValueAlias, DataElement, ItemStatus, Topic
from dictionary.releases import release_publish
from dictionary.services import change_request_propose
from tests.conftest import make_database

HEADER_VI = "Sổ đăng ký cơ sở dữ liệu quốc gia"
HEADER_EN = "National database registry"


def admin_url(name, *args, lang="vi"):
    with translation.override(lang):
        return reverse(f"admin:{name}", args=args)


def changelist(client, model, lang="vi", **params):
    opts = model._meta
    return client.get(admin_url(f"{opts.app_label}_{opts.model_name}_changelist", lang=lang), params)


def change_url(obj, view="change"):
    opts = obj._meta
    return admin_url(f"{opts.app_label}_{opts.model_name}_{view}", obj.pk)


def listed(page):
    assert page.status_code == 200
    return set(page.context["cl"].result_list)


def _values(form):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)
    return data


def form_data(page, **changes):
    """What the browser would post back from an admin change page, with `changes` applied."""
    data = _values(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_values(formset.management_form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
        for form in formset.initial_forms:
            data.update(_values(form))
    data.update(changes)
    return data


@pytest.fixture
def staff(users):
    """The users of conftest, each allowed into the admin; what they may do there is access.py's."""
    for user in users.values():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    users["admin"].first_name, users["admin"].last_name = "Quản", "Trị Viên"
    users["admin"].save()
    return users


@pytest.fixture
def register(bodies, databases, staff):
    """One entry of every model, so every admin page has something to show."""
    database = databases["restricted"]
    element = DataElement.objects.create(identifier="NGAY_SINH", name_vi="Ngày sinh", name_en="Date of birth",
                                         steward=bodies["ministry"], status=ItemStatus.VALID)
    table = Table.objects.create(database=database, name="CONG_DAN")
    standard = Standard.objects.create(code="TCVN 14423:2025", title="Yêu cầu an toàn mạng")
    review = database_review_step(user=staff["owner"], database=database, action=ReviewAction.SUBMIT)
    code_list = CodeList.objects.create(identifier="DAN_TOC", name_vi="Danh mục dân tộc", status=ItemStatus.VALID)
    value = CodeValue.objects.create(code_list=code_list, code="01", label_vi="Kinh")
    CodeValueAlias.objects.create(value=value, scheme="QĐ 121-TCTK/PPCĐ (1979)", code="01")
    release = release_publish(user=staff["admin"], version="1.0.0", title="Từ điển dữ liệu dùng chung 1.0")
    request = change_request_propose(user=staff["owner"], proposed={"name_vi": "Ngày, tháng, năm sinh"},
                                     reason="Theo Luật Căn cước", element=element)
    return {
        "body": bodies["commune"],
        "legal": LegalDocument.objects.create(number="47/2024/NĐ-CP", title="Nghị định về cơ sở dữ liệu quốc gia"),
        "user": staff["owner"],
        "database": database,
        "table": table,
        "field": Field.objects.create(table=table, name="NGAY_SINH", datatype=Datatype.DATE, element=element),
        "service": Service.objects.create(database=database, title="API tra cứu",
                                          endpoint_url="https://api.example.vn/"),
        "standard": standard,
        "link": DatabaseStandard.objects.create(database=database, standard=standard),
        "review": review,
        "element": element,
        "topic": Topic.objects.create(identifier="CONG_DAN", name_vi="Công dân"),
        "code_list": code_list,
        "code_value": value,
        "change_request": request,
        "release": release,
        "release_item": release.items.first(),
        "theme": Theme.objects.get_or_create(code="GOVE", defaults={
            "label_vi": "Chính phủ và khu vực công", "label_en": "Government and public sector"})[0],
        "token": token_create(user=staff["owner"], name="Máy thu thập")[0],
    }


@pytest.fixture
def hcm(bodies):
    """A second province with a database unlike the commune's in every filtered attribute."""
    province = body_create(code="79", name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City",
                           kind=BodyKind.PROVINCE, level=BodyLevel.PROVINCIAL, unit_type=UnitType.MUNICIPALITY)
    commune = body_create(code="26734", name_vi="Phường Sài Gòn", name_en="Sai Gon Ward", kind=BodyKind.COMMUNE,
                          level=BodyLevel.COMMUNAL, unit_type=UnitType.WARD, parent=province)
    database = make_database(
        province, "CSDL-HCM", AccessLevel.PUBLIC, name_vi="Cơ sở dữ liệu dân cư thành phố",
        name_en="City population database", kind=DatabaseKind.NATIONAL, lifecycle=Lifecycle.IN_OPERATION,
        security_level=3, sync_mode=SyncMode.REALTIME, data_layer=DataLayer.MASTER,
        tcvn_14423_status=TcvnStatus.COMPLIANT, needs_verification=True,
    )
    Database.objects.filter(pk=database.pk).update(review_state=ReviewState.SUBMITTED, submitted_on=date(2025, 8, 1))
    return {"province": province, "commune": commune, "database": database}


# --- Every page renders, in Vietnamese by default and in English under /en/.

LABELS = {  # model key: (Vietnamese, English) plural names as the changelist shows them
    "body": ("Cơ quan", "Bodies"), "legal": ("Văn bản pháp lý", "Legal documents"), "user": ("Người dùng", "Users"),
    "database": ("Cơ sở dữ liệu", "Databases"), "table": ("Bảng", "Tables"), "field": ("Trường dữ liệu", "Fields"),
    "service": ("Dịch vụ", "Services"), "standard": ("Tiêu chuẩn", "Standards"),
    "link": ("Tiêu chuẩn áp dụng", "Standards followed"), "review": ("Các bước rà soát", "Review steps"),
    "element": ("Phần tử dữ liệu", "Data elements"), "topic": ("Chủ đề", "Topics"),
    "code_list": ("Danh mục dùng chung", "Code lists"), "code_value": ("Giá trị danh mục", "Code values"),
    "change_request": ("Đề nghị thay đổi", "Change requests"), "release": ("Phiên bản từ điển", "Dictionary releases"),
    "release_item": ("Mục của phiên bản", "Release items"), "theme": ("Chủ đề dữ liệu", "Themes"),
    "token": ("Mã truy cập API", "API tokens"),
}


@pytest.mark.parametrize("key", LABELS)
def test_every_admin_page_renders_in_vietnamese(client, staff, register, key):
    obj = register[key]
    client.force_login(staff["admin"])
    page = changelist(client, type(obj))
    assert page.status_code == 200
    content = page.content.decode()
    assert HEADER_VI in content and LABELS[key][0] in content
    assert obj in listed(page)
    assert client.get(change_url(obj)).status_code == 200
    if hasattr(type(obj), "history"):
        assert client.get(change_url(obj, "history")).status_code == 200


@pytest.mark.parametrize("key", LABELS)
def test_every_admin_page_renders_in_english_under_en(client, staff, register, key):
    obj = register[key]
    client.force_login(staff["admin"])
    page = changelist(client, type(obj), lang="en")
    content = page.content.decode()
    assert page.status_code == 200 and HEADER_EN in content and LABELS[key][1] in content
    assert HEADER_VI not in content


def test_choices_and_labels_are_translated(client, staff, register):
    client.force_login(staff["admin"])
    content = client.get(change_url(register["database"])).content.decode()
    for text in ("Cơ quan chủ quản", "Căn cứ pháp lý", "Vòng đời", "Cấp độ an toàn hệ thống thông tin",
                 "Đồng bộ với Trung tâm dữ liệu quốc gia", "Tầng dữ liệu", "Dữ liệu chủ", "Đã gửi rà soát"):
        assert text in content, text


def test_language_switch_leads_to_the_english_admin(client, staff):
    client.force_login(staff["admin"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/catalog/database/"})
    assert response.status_code == 302 and response["Location"] == "/en/admin/catalog/database/"
    assert "Select database to change" in client.get(response["Location"]).content.decode()


def test_add_pages_render_for_an_administrator(client, staff):
    client.force_login(staff["admin"])
    for model in (Body, LegalDocument, type(staff["admin"]), Database, Table, Field, Service, Standard,
                  DatabaseStandard, DataElement):
        opts = model._meta
        assert client.get(admin_url(f"{opts.app_label}_{opts.model_name}_add")).status_code == 200, model


# --- Search and list filters.

@pytest.mark.parametrize("term", ["CSDL-HCM", "dân cư thành phố", "City population", "Hồ Chí Minh"])
def test_database_search(client, staff, databases, hcm, term):
    client.force_login(staff["admin"])
    found = listed(changelist(client, Database, q=term))
    assert hcm["database"] in found and databases["restricted"] not in found


@pytest.mark.parametrize("params", [
    {"kind__exact": "national"}, {"province": "79"}, {"owner__level__exact": "provincial"},
    {"lifecycle__exact": "in_operation"}, {"review_state__exact": "submitted"}, {"access_level__exact": "public"},
    {"security_level": "3"}, {"sync_mode__exact": "realtime"}, {"data_layer__exact": "master"},
    {"tcvn_14423_status__exact": "compliant"}, {"needs_verification__exact": "1"},
])
def test_database_filters(client, staff, databases, hcm, params):
    client.force_login(staff["admin"])
    found = listed(changelist(client, Database, **params))
    assert hcm["database"] in found and databases["restricted"] not in found


def test_province_filter_keeps_the_province_and_everything_under_it(client, staff, bodies, databases, hcm):
    client.force_login(staff["admin"])
    found = listed(changelist(client, Database, province="01"))
    assert set(databases.values()) <= found and hcm["database"] not in found
    bodies_found = listed(changelist(client, Body, province="79"))
    assert bodies_found == {hcm["province"], hcm["commune"]}
    table = Table.objects.create(database=hcm["database"], name="DAN_CU")
    assert listed(changelist(client, Table, province="79")) == {table}


@pytest.mark.parametrize("params", [
    {"q": "Sài Gòn"}, {"q": "26734"}, {"kind__exact": "commune", "province": "79"},
    {"level__exact": "communal", "unit_type__exact": "ward", "province": "79"},
])
def test_body_search_and_filters(client, staff, bodies, hcm, params):
    client.force_login(staff["admin"])
    found = listed(changelist(client, Body, **params))
    assert hcm["commune"] in found and bodies["commune"] not in found


# --- Who sees and changes what: architecture.access decides.

def test_anonymous_is_sent_to_login(client, databases):
    response = client.get(change_url(databases["public"]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("who", ["owner", "parent"])
def test_editors_of_the_owner_chain_change_a_restricted_database(client, staff, databases, who):
    database = databases["restricted"]
    client.force_login(staff[who])
    assert database in listed(changelist(client, Database))
    page = client.get(change_url(database))
    assert page.status_code == 200 and page.context["has_change_permission"]
    response = client.post(change_url(database), form_data(page, name_vi="Cơ sở dữ liệu đã sửa"))
    assert response.status_code == 302
    database.refresh_from_db()
    assert database.name_vi == "Cơ sở dữ liệu đã sửa" and database.version == 2  # through database_update


@pytest.mark.parametrize("who", ["other", "sibling"])
def test_editors_elsewhere_do_not_see_a_restricted_database(client, staff, databases, register, who):
    client.force_login(staff[who])
    assert listed(changelist(client, Database)) == {databases["public"], databases["internal"]}
    for obj in (databases["restricted"], register["table"], register["field"], register["service"]):
        assert client.get(change_url(obj)).status_code == 404
        assert client.post(change_url(obj), {"name": "x"}).status_code == 404
        assert obj not in listed(changelist(client, type(obj)))
    assert client.get(change_url(databases["restricted"], "history")).status_code in (403, 404)


@pytest.mark.parametrize("who", ["monitor", "reviewer"])
def test_monitors_and_reviewers_read_restricted_entries_and_change_nothing(client, staff, databases, register, who):
    database = databases["restricted"]
    client.force_login(staff[who])
    assert database in listed(changelist(client, Database))
    page = client.get(change_url(database))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change_url(database), {"name_vi": "x"}).status_code == 403
    assert client.get(admin_url("catalog_database_add")).status_code == 403
    assert client.get(change_url(register["field"])).status_code == 200
    database.refresh_from_db()
    assert database.name_vi != "x"


def test_an_editor_reads_but_cannot_change_or_delete_another_bodys_public_database(client, staff, databases):
    database = databases["public"]
    client.force_login(staff["sibling"])
    assert client.get(change_url(database)).status_code == 200
    assert client.post(change_url(database), {"name_vi": "x"}).status_code == 403
    assert client.post(change_url(database, "delete"), {"post": "yes"}).status_code == 403
    response = client.post(admin_url("catalog_database_changelist"),
                           {"action": "delete_selected", "_selected_action": [database.pk], "post": "yes"})
    assert response.status_code == 403
    assert Database.objects.filter(pk=database.pk).exists()


def test_an_editor_registers_databases_only_for_bodies_they_edit(client, staff, bodies):
    client.force_login(staff["owner"])
    page = client.get(admin_url("catalog_database_add"))
    data = form_data(page, identifier="CSDL-MOI", name_vi="Cơ sở dữ liệu mới", kind="local",
                     owner=str(bodies["province"].pk))
    assert client.post(admin_url("catalog_database_add"), data).status_code == 200  # the form refuses the owner
    assert not Database.objects.filter(identifier="CSDL-MOI").exists()
    data["owner"] = str(bodies["commune"].pk)
    assert client.post(admin_url("catalog_database_add"), data).status_code == 302
    assert Database.objects.get(identifier="CSDL-MOI").owner == bodies["commune"]


def test_owner_autocomplete_offers_only_the_bodies_an_editor_edits(client, staff, bodies):
    def offered(user):
        client.force_login(user)
        response = client.get(admin_url("autocomplete"),
                              {"app_label": "catalog", "model_name": "database", "field_name": "owner"})
        return {int(result["id"]) for result in response.json()["results"]}

    assert offered(staff["owner"]) == {bodies["commune"].pk}
    assert offered(staff["parent"]) == {bodies["province"].pk, bodies["commune"].pk, bodies["other_commune"].pk}
    assert offered(staff["admin"]) == set(Body.objects.values_list("pk", flat=True))


def test_an_editor_adds_fields_under_a_table_of_their_database(client, staff, register):
    table = register["table"]
    client.force_login(staff["owner"])
    page = client.get(change_url(table))
    data = form_data(page, **{"fields-TOTAL_FORMS": "2", "fields-1-name": "HO_TEN", "fields-1-datatype": "string",
                              "fields-1-position": "1", "fields-1-length": "100"})
    assert client.post(change_url(table), data).status_code == 302
    field = table.fields.get(name="HO_TEN")
    assert field.length == 100 and field.history.first().history_user == staff["owner"]


def test_fields_are_mapped_only_to_elements_in_force(client, staff, register):
    retired = DataElement.objects.create(identifier="CU", name_vi="Phần tử cũ", status=ItemStatus.RETIRED)
    client.force_login(staff["owner"])
    response = client.get(admin_url("autocomplete"),
                          {"app_label": "catalog", "model_name": "field", "field_name": "element"})
    assert {int(result["id"]) for result in response.json()["results"]} == {register["element"].pk}
    page = client.get(change_url(register["table"]))
    inline_form = page.context["inline_admin_formsets"][0].formset.forms[0]
    assert retired not in inline_form.fields["element"].queryset


def test_only_administrators_change_bodies_and_users(client, staff, bodies):
    body = bodies["commune"]
    client.force_login(staff["parent"])
    page = client.get(change_url(body))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change_url(body), {"name_vi": "x"}).status_code == 403
    assert client.get(admin_url("architecture_body_add")).status_code == 403
    assert client.get(admin_url("architecture_user_changelist")).status_code == 403
    assert client.get(change_url(staff["owner"])).status_code == 403


def test_moving_a_body_in_the_admin_moves_the_bodies_under_it(client, staff, bodies, hcm):
    department = body_create(code="P-VHXH", name_vi="Phòng Văn hóa - Xã hội", kind=BodyKind.DEPARTMENT,
                             level=BodyLevel.COMMUNAL, parent=bodies["commune"])
    client.force_login(staff["admin"])
    page = client.get(change_url(bodies["commune"]))
    response = client.post(change_url(bodies["commune"]), form_data(page, parent=str(hcm["province"].pk)))
    assert response.status_code == 302
    bodies["commune"].refresh_from_db()
    department.refresh_from_db()
    assert bodies["commune"].path == "79/00004/" and department.path == "79/00004/P-VHXH/"


def test_a_body_added_in_the_admin_gets_its_path(client, staff, bodies):
    client.force_login(staff["admin"])
    page = client.get(admin_url("architecture_body_add"))
    data = form_data(page, code="S-TTTT", name_vi="Sở Khoa học và Công nghệ", kind="department", level="provincial",
                     parent=str(bodies["province"].pk))
    assert client.post(admin_url("architecture_body_add"), data).status_code == 302
    assert Body.objects.get(code="S-TTTT").path == "01/S-TTTT/"


def test_a_body_cannot_be_placed_under_itself(client, staff, bodies):
    client.force_login(staff["admin"])
    page = client.get(change_url(bodies["province"]))
    response = client.post(change_url(bodies["province"]), form_data(page, parent=str(bodies["commune"].pk)))
    assert response.status_code == 200 and "parent" in response.context["adminform"].form.errors
    bodies["province"].refresh_from_db()
    assert bodies["province"].path == "01/"


def test_review_steps_are_a_read_only_record(client, staff, register):
    review = register["review"]
    client.force_login(staff["admin"])
    assert client.get(admin_url("catalog_databasereview_add")).status_code == 403
    assert client.post(change_url(review), {"comment": "x"}).status_code == 403
    page = client.get(change_url(register["database"]))
    assert "Đã gửi rà soát" in page.content.decode()  # shown inline under the database
    client.force_login(staff["owner"])
    assert client.post(change_url(review, "delete"), {"post": "yes"}).status_code == 403
    assert DatabaseReview.objects.filter(pk=review.pk).exists()


def test_history_shows_a_change_made_in_the_admin_and_who_made_it(client, staff, databases):
    database = databases["internal"]
    client.force_login(staff["admin"])
    page = client.get(change_url(database))
    client.post(change_url(database), form_data(page, name_vi="Cơ sở dữ liệu hộ tịch"))
    history = client.get(change_url(database, "history"))
    content = history.content.decode()
    assert history.status_code == 200
    assert "Quản Trị Viên" in content and "Cơ sở dữ liệu hộ tịch" in content and "Lịch sử" in content
    record = database.history.first()
    assert record.history_user == staff["admin"] and record.name_vi == "Cơ sở dữ liệu hộ tịch"


def test_old_versions_are_shown_but_never_reverted(client, staff, databases):
    database = databases["internal"]
    client.force_login(staff["admin"])
    version = database.history.first()
    url = admin_url("catalog_database_simple_history", database.pk, version.history_id)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name_vi": "x"}).status_code == 403


def test_dictionary_elements_are_saved_through_the_service_and_found_without_diacritics(client, staff):
    client.force_login(staff["admin"])
    page = client.get(admin_url("dictionary_dataelement_add"))
    data = form_data(page, identifier="NOI_CU_TRU", name_vi="Nơi cư trú", datatype="string", value_domain="free")
    assert client.post(admin_url("dictionary_dataelement_add"), data).status_code == 302
    element = DataElement.objects.get(identifier="NOI_CU_TRU")
    assert element.search_text and element.history.first().history_user == staff["admin"]
    assert listed(changelist(client, DataElement, q="noi cu tru")) == {element}


def test_only_administrators_change_the_dictionary(client, staff, register):
    client.force_login(staff["owner"])
    for key in ("element", "code_list", "code_value", "topic"):  # the code list has no steward
        page = client.get(change_url(register[key]))
        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert client.post(change_url(register[key]), {"name_vi": "x"}).status_code == 403
    client.force_login(staff["admin"])
    for key in ("change_request", "release", "release_item"):  # records of the dictionary's services
        assert client.post(change_url(register[key]), {"reason": "x"}).status_code == 403
    assert client.post(change_url(register["release"], "delete"), {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("model", [Database, Field])
def test_changelists_read_related_rows_in_the_same_query(client, staff, bodies, model,
                                                         django_assert_max_num_queries):
    """The number of queries does not grow with the rows shown (list_select_related)."""
    client.force_login(staff["admin"])
    table = Table.objects.create(database=make_database(bodies["province"], "CSDL-0"), name="BANG")
    element = DataElement.objects.create(identifier="E-0", name_vi="Phần tử")

    def add_rows(start, count):
        for n in range(start, start + count):
            make_database(bodies["commune"] if n % 2 else bodies["other_commune"], f"CSDL-{n}")
            Field.objects.create(table=table, name=f"TRUONG_{n}", datatype=Datatype.STRING, element=element)

    add_rows(1, 3)
    with CaptureQueriesContext(connection) as few:
        assert changelist(client, model).status_code == 200
    add_rows(4, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert changelist(client, model).status_code == 200


def test_code_values_are_maintained_by_the_steward_body(client, staff, bodies, register):
    value = register["code_value"]
    CodeList.objects.filter(pk=value.code_list_id).update(steward=bodies["ministry"])
    other_list = CodeList.objects.create(identifier="TON_GIAO", name_vi="Danh mục tôn giáo", steward=bodies["office"])
    client.force_login(staff["reviewer"])  # a reviewer of the ministry
    page = client.get(change_url(value))
    assert page.status_code == 200 and page.context["has_change_permission"]
    assert client.post(change_url(value), form_data(page, label_vi="Kinh (Việt)")).status_code == 302
    value.refresh_from_db()
    assert value.label_vi == "Kinh (Việt)"
    assert other_list not in page.context["adminform"].form.fields["code_list"].queryset
    client.force_login(staff["other"])
    assert client.post(change_url(value), form_data(page, label_vi="x")).status_code == 403


def test_administrators_revoke_api_tokens_and_nobody_else_sees_them(client, staff, register):
    token = register["token"]
    client.force_login(staff["owner"])  # its own user manages it elsewhere, not in the admin
    assert client.get(admin_url("architecture_apitoken_changelist")).status_code == 403
    client.force_login(staff["admin"])
    response = client.post(admin_url("architecture_apitoken_changelist"),
                           {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post(change_url(token, "delete"), {"post": "yes"}).status_code == 403
