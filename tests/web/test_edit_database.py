"""The pages that create and edit a database entry (issue #8): who may open them, what a valid
form saves, that invalid input changes nothing and says why next to the input, in Vietnamese,
and that a stale form never overwrites a newer save."""

import pytest
from django.urls import reverse

from architecture.access import AccessLevel
from catalog.models import Database, DatabaseKind, Lifecycle, SyncMode, Theme
from tests.conftest import make_database

NEW = "/databases/new/"


def edit_url(database):
    return f"/databases/{database.identifier}/edit/"


def valid_form(owner, **overrides):
    data = {
        "identifier": "CSDL-HO-TICH-BD", "name_vi": "Cơ sở dữ liệu hộ tịch phường Ba Đình", "name_en": "",
        "description_vi": "Sổ hộ tịch điện tử.", "description_en": "", "kind": DatabaseKind.LOCAL,
        "owner": owner.pk, "operator": "", "data_layer": "", "keywords": "hộ tịch\nkhai sinh", "landing_page": "",
        "lifecycle": Lifecycle.IN_OPERATION, "roadmap_target_date": "", "access_level": AccessLevel.INTERNAL,
        "security_level": "2", "tcvn_14423_status": "not_declared", "contact_name": "", "contact_email": "",
        "contact_phone": "", "sync_mode": SyncMode.NONE, "sync_frequency": "", "source": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def client_as(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


# --- Create

def test_the_owners_editor_registers_a_database_with_history(client_as, users, bodies):
    theme = Theme.objects.get(code="GOVE")
    response = client_as(users["owner"]).post(NEW, valid_form(bodies["commune"], themes=[theme.pk]))
    assert response.status_code == 302
    database = Database.objects.get(identifier="CSDL-HO-TICH-BD")
    assert response["Location"] == f"/databases/{database.identifier}/tables/new/"
    assert database.owner == bodies["commune"]
    assert database.security_level == 2
    assert list(database.themes.all()) == [theme]
    assert {row.history_user for row in database.history.all()} == {users["owner"]}


def test_the_legal_basis_is_chosen_among_the_registered_documents(client_as, users, bodies):
    from architecture.models import LegalDocument

    decree = LegalDocument.objects.create(number="194/2025/NĐ-CP", title="Nghị định về cơ sở dữ liệu quốc gia")
    client = client_as(users["owner"])
    assert "194/2025/NĐ-CP" in client.get(NEW).content.decode()
    assert client.post(NEW, valid_form(bodies["commune"], legal_basis=[decree.pk])).status_code == 302
    assert list(Database.objects.get().legal_basis.all()) == [decree]


def test_the_form_is_in_vietnamese_with_labels_and_help(client_as, users):
    response = client_as(users["owner"]).get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng ký cơ sở dữ liệu" in html
    assert '<label for="id_name_vi"' in html
    assert "Tên (tiếng Việt)" in html
    assert "Tên chính thức" in html  # help text


def test_the_form_is_in_english_under_en(client_as, users):
    html = client_as(users["owner"]).get("/en" + NEW).content.decode()
    assert "Register a database" in html and "Name (Vietnamese)" in html


def test_a_parent_provinces_editor_registers_for_a_commune_under_it(client_as, users, bodies):
    response = client_as(users["parent"]).post(NEW, valid_form(bodies["commune"]))
    assert response.status_code == 302
    assert Database.objects.get(identifier="CSDL-HO-TICH-BD").owner == bodies["commune"]


def test_an_editor_cannot_register_for_another_body(client_as, users, bodies):
    response = client_as(users["other"]).post(NEW, valid_form(bodies["commune"]))
    assert response.status_code == 400
    assert not Database.objects.filter(identifier="CSDL-HO-TICH-BD").exists()
    assert "owner" in response.context["form"].errors


@pytest.mark.parametrize("role", ["reviewer", "monitor"])
def test_reviewers_and_monitors_may_not_register(client_as, users, role):
    assert client_as(users[role]).get(NEW).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, bodies):
    response = client.post(NEW, valid_form(bodies["commune"]))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Database.objects.exists()


def test_invalid_input_saves_nothing_and_says_why_next_to_the_input(client_as, users, bodies):
    form = valid_form(bodies["commune"], identifier="có dấu cách", security_level="9",
                      sync_mode=SyncMode.PERIODIC, sync_frequency="")
    response = client_as(users["owner"]).post(NEW, form)
    assert response.status_code == 400
    assert not Database.objects.exists()
    errors = response.context["form"].errors
    assert "identifier" in errors and "security_level" in errors
    html = response.content.decode()
    assert "Cơ sở dữ liệu chưa được lưu" in html
    assert "Cấp độ an toàn hệ thống thông tin phải từ cấp 1 đến cấp 5." in html
    assert 'aria-invalid="true"' in html


def test_a_periodic_synchronization_without_frequency_is_refused(client_as, users, bodies):
    response = client_as(users["owner"]).post(NEW, valid_form(bodies["commune"], sync_mode=SyncMode.PERIODIC))
    assert response.status_code == 400
    assert not Database.objects.exists()
    assert response.context["form"].errors["sync_frequency"] == ["Đồng bộ định kỳ phải có tần suất đồng bộ."]


def test_a_duplicate_identifier_is_refused(client_as, users, bodies):
    make_database(bodies["commune"], "CSDL-HO-TICH-BD")
    response = client_as(users["owner"]).post(NEW, valid_form(bodies["commune"]))
    assert response.status_code == 400
    assert "identifier" in response.context["form"].errors
    assert Database.objects.count() == 1


# --- Edit

@pytest.fixture
def database(bodies):
    return make_database(bodies["commune"], "CSDL-DAT-DAI", AccessLevel.RESTRICTED, name_vi="Đất đai phường")


def edit_form(database, **overrides):
    data = valid_form(database.owner, identifier=database.identifier, name_vi=database.name_vi,
                      version=str(database.version))
    data.update(overrides)
    return data


def test_the_owners_editor_edits_and_the_version_advances(client_as, users, database):
    response = client_as(users["owner"]).post(edit_url(database), edit_form(database, name_vi="Đất đai (mới)"))
    assert response.status_code == 302
    database.refresh_from_db()
    assert database.name_vi == "Đất đai (mới)"
    assert database.version == 2
    assert database.history.first().history_user == users["owner"]


def test_the_identifier_never_changes(client_as, users, database):
    client_as(users["owner"]).post(edit_url(database), edit_form(database, identifier="KHAC"))
    database.refresh_from_db()
    assert database.identifier == "CSDL-DAT-DAI"


def test_a_stale_form_does_not_overwrite_and_says_so(client_as, users, database):
    client = client_as(users["owner"])
    stale = edit_form(database, name_vi="Của tôi")
    assert client.post(edit_url(database), edit_form(database, name_vi="Của người khác")).status_code == 302
    response = client.post(edit_url(database), stale)
    assert response.status_code == 409
    database.refresh_from_db()
    assert database.name_vi == "Của người khác"
    assert "người khác đã lưu" in response.content.decode().lower()


def test_invalid_edit_changes_nothing(client_as, users, database):
    response = client_as(users["owner"]).post(edit_url(database), edit_form(database, name_vi="", kind="x"))
    assert response.status_code == 400
    database.refresh_from_db()
    assert database.name_vi == "Đất đai phường" and database.version == 1


def test_a_parent_provinces_editor_may_edit(client_as, users, database):
    assert client_as(users["parent"]).get(edit_url(database)).status_code == 200


@pytest.mark.parametrize("role, status", [("other", 404), ("sibling", 404), ("reviewer", 403), ("monitor", 403)])
def test_others_are_refused(client_as, users, database, role, status):
    """A restricted entry is invisible to other bodies' editors (404); reviewers and monitors see it
    but may not change it (403)."""
    client = client_as(users[role])
    assert client.get(edit_url(database)).status_code == status
    assert client.post(edit_url(database), edit_form(database, name_vi="X")).status_code == status
    database.refresh_from_db()
    assert database.name_vi == "Đất đai phường"


def test_another_bodys_editor_gets_403_on_a_visible_entry(client_as, users, bodies):
    public = make_database(bodies["commune"], "CSDL-CONG-KHAI")
    assert client_as(users["other"]).get(edit_url(public)).status_code == 403


def test_the_owner_cannot_be_moved_to_a_body_the_editor_does_not_edit(client_as, users, bodies, database):
    response = client_as(users["owner"]).post(edit_url(database),
                                              edit_form(database, owner=bodies["other_ministry"].pk))
    assert response.status_code == 400
    database.refresh_from_db()
    assert database.owner == bodies["commune"]


def test_the_database_page_shows_the_actions_only_to_who_may_act(client_as, client, users, bodies):
    public = make_database(bodies["commune"], "CSDL-CONG-KHAI")
    url = reverse("catalog:database", args=[public.identifier])
    edit = edit_url(public)
    assert edit in client_as(users["owner"]).get(url, HTTP_ACCEPT="text/html").content.decode()
    for role in ("other", "monitor"):
        assert edit not in client_as(users[role]).get(url, HTTP_ACCEPT="text/html").content.decode()
    client.logout()
    assert edit not in client.get(url, HTTP_ACCEPT="text/html").content.decode()
