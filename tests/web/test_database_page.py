"""The database page: one IRI answering HTML to people (everything the registry knows) and RDF to
machines; restricted entries are a 404 to those who may not see them."""

import pytest
from django.utils import timezone

from architecture.access import AccessLevel
from architecture.models import LegalDocument
from catalog.models import Database, Datatype, Field, Service, Standard, Table
from dictionary.models import DataElement
from tests.conftest import make_database

pytestmark = pytest.mark.django_db
RESTRICTED = "/databases/CSDL-MAT"


@pytest.fixture
def described(bodies):
    database = make_database(bodies["commune"], "CSDL-DAN-CU", name_vi="Cơ sở dữ liệu dân cư phường",
                             description_vi="Thông tin công dân cư trú trên địa bàn.", contact_email="a@b.vn",
                             sync_mode="realtime", lifecycle="in_operation", last_synced_at=timezone.now(),
                             security_level=3, encrypted_at_rest=True)
    legal = LegalDocument.objects.create(number="47/2024/NĐ-CP", title="Nghị định danh mục CSDL quốc gia")
    database.legal_basis.add(legal)
    element = DataElement.objects.create(identifier="ho_ten", name_vi="Họ và tên", datatype=Datatype.STRING,
                                         max_length=100)
    table = Table.objects.create(database=database, name="cong_dan")
    Field.objects.create(table=table, name="ho_ten", datatype=Datatype.STRING, length=255, element=element)
    Field.objects.create(table=table, name="ma_rieng", datatype=Datatype.STRING, is_local=True,
                         local_reason="Mã nội bộ của phường")
    Field.objects.create(table=table, name="ghi_chu", datatype=Datatype.TEXT)
    standard = Standard.objects.create(code="QCVN 109:2017/BTTTT", title="Cấu trúc thông điệp dữ liệu công dân")
    database.standard_links.create(standard=standard, conformance="conformant")
    Service.objects.create(database=database, title="API tra cứu", endpoint_url="https://api.example.vn/dan-cu")
    database.name_en = "Ward population database"
    database.save()
    return database


def test_it_shows_everything_the_registry_knows(as_user, described):
    html = as_user(None).get("/databases/CSDL-DAN-CU").content.decode()
    for expected in ["Cơ sở dữ liệu dân cư phường", "Thông tin công dân cư trú", "Phường Ba Đình",
                     "/bodies/00004/", "47/2024/NĐ-CP", "cong_dan", "ho_ten", "Họ và tên",
                     "Mã nội bộ của phường", "QCVN 109:2017/BTTTT", "https://api.example.vn/dan-cu",
                     'data-testid="sync-status"', "status-ok", "/databases/CSDL-DAN-CU/schema",
                     'rel="alternate"', ".ttl"]:
        assert expected in html, expected


def test_it_shows_mapping_mismatches_and_coverage(as_user, described):
    html = as_user(None).get("/databases/CSDL-DAN-CU").content.decode()
    # the field is 255 long, its element allows 100: the page says why it does not fit
    assert "255" in html and "100" in html and "status-failing" in html
    assert "3 " in html  # three fields counted in the coverage sentence


def test_it_shows_the_history_of_changes(as_user, described, users):
    html = as_user("owner").get("/databases/CSDL-DAN-CU").content.decode()
    assert 'id="history"' in html
    assert "tên (tiếng Anh)" in html  # the changed field of the last version, in Vietnamese


def test_the_rdf_answers_are_kept(client, described):
    response = client.get("/databases/CSDL-DAN-CU", HTTP_ACCEPT="text/turtle")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/turtle")
    assert client.get("/databases/CSDL-DAN-CU.jsonld").status_code == 200


@pytest.mark.parametrize("role", [None, "other", "sibling"])
def test_a_restricted_entry_is_404_to_those_who_may_not_see_it(as_user, databases, role):
    assert as_user(role).get(RESTRICTED).status_code == 404


@pytest.mark.parametrize("role", ["owner", "parent", "reviewer", "monitor", "admin"])
def test_a_restricted_entry_opens_for_those_who_may_see_it(as_user, databases, role):
    assert as_user(role).get(RESTRICTED).status_code == 200


def test_an_internal_entry_needs_a_signed_in_reader(as_user, databases):
    assert as_user(None).get("/databases/CSDL-NOI-BO").status_code == 404
    assert as_user("other").get("/databases/CSDL-NOI-BO").status_code == 200


@pytest.mark.parametrize("role,shown", [("owner", True), ("parent", True), ("reviewer", True), ("admin", True),
                                        ("monitor", False), ("other", False), (None, False)])
def test_the_security_posture_is_shown_only_to_those_allowed(as_user, described, role, shown):
    html = as_user(role).get("/databases/CSDL-DAN-CU").content.decode()
    assert ('data-testid="security-posture"' in html) is shown
    assert "TCVN 14423:2025" in html if shown else "status-ok" in html


@pytest.mark.parametrize("role,editable", [("owner", True), ("parent", True), ("admin", True),
                                           ("monitor", False), ("reviewer", False), ("other", False),
                                           ("sibling", False), (None, False)])
def test_the_edit_actions_follow_can_edit(as_user, databases, role, editable):
    response = as_user(role).get("/databases/CSDL-CONG-KHAI")
    assert response.status_code == 200
    assert response.context["can_edit"] is editable


def test_a_withdrawn_entry_is_gone(as_user, databases):
    Database.objects.filter(identifier="CSDL-CONG-KHAI").update(withdrawn_at=timezone.now())
    assert as_user("owner").get("/databases/CSDL-CONG-KHAI").status_code == 410


def test_the_page_is_in_vietnamese_by_default_and_english_under_en(as_user, databases):
    vietnamese = as_user(None).get("/databases/CSDL-CONG-KHAI").content.decode()
    assert 'lang="vi"' in vietnamese and "Bảng và trường" in vietnamese
    english = as_user(None).get("/en/databases/CSDL-CONG-KHAI").content.decode()
    assert 'lang="en"' in english and "Tables and fields" in english


def test_a_public_entry_with_restricted_neighbours_leaks_nothing(as_user, databases):
    make_database(databases["public"].owner, "CSDL-MAT-2", AccessLevel.RESTRICTED, name_vi="Bí mật phường")
    assert "Bí mật phường" not in as_user(None).get("/databases/CSDL-CONG-KHAI").content.decode()


def test_quality_scores_and_checks_are_shown_with_their_reasons(as_user, described):
    from catalog.checks import database_checks_refresh
    database_checks_refresh(database_ids=[described.pk])
    response = as_user("owner").get("/en/databases/CSDL-DAN-CU")
    html = response.content.decode()
    assert response.context["quality"] is not None
    assert "/100" in html and "/405" in html and 'data-testid="checks"' in html
    assert "Legal basis recorded" in html  # a check by its title, with its outcome


def test_posture_checks_and_records_stay_with_those_allowed(as_user, described, users):
    import datetime

    from catalog.checks import POSTURE_CHECKS, database_checks_refresh
    from catalog.security import security_approval_record
    security_approval_record(user=users["owner"], database=described, level=3, decision_number="12/QĐ-UBND",
                             decided_on=datetime.date(2025, 10, 1), approving_authority="UBND phường")
    database_checks_refresh(database_ids=[described.pk])
    owner = as_user("owner").get("/databases/CSDL-DAN-CU")
    monitor = as_user("monitor").get("/databases/CSDL-DAN-CU")
    assert {check.code for _title, check in owner.context["checks"]} & POSTURE_CHECKS
    assert not {check.code for _title, check in monitor.context["checks"]} & POSTURE_CHECKS
    assert "12/QĐ-UBND" in owner.content.decode() and "12/QĐ-UBND" not in monitor.content.decode()


def test_a_very_large_structure_lists_its_first_fields_and_points_to_the_schema(as_user, described, monkeypatch):
    monkeypatch.setattr("catalog.database_page.FIELD_ROWS", 2)
    response = as_user(None).get("/en/databases/CSDL-DAN-CU")
    assert response.context["fields_shown"] == 2
    assert "The first 2 fields are listed here" in response.content.decode()
