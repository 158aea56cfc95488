"""The API of a body's obligations (strategies, milestones, chief engineers, architectures) and of
the framework register: the permission matrix, filters, derived milestone states, chief engineer
appointments and contacts, ETags, and bad input."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from architecture.models import (
    BodyArchitecture,
    ChiefEngineer,
    ChiefEngineerRole,
    FrameworkVersion,
    Milestone,
    MilestoneStatus,
    Strategy,
    StrategyKind,
)
from architecture.reference_frameworks import frameworks_load
from tests.api.conftest import ROLES

API = "/api/v1"
# The commune owns the entries: its editor, the province's editor (the chain above it) and
# administrators change them; everyone else reads.
WRITERS = {"owner", "parent", "admin"}


def expected_write(ok: int) -> dict[str, int]:
    return {role: ok if role in WRITERS else (401 if role == "anonymous" else 403) for role in ROLES}


@pytest.fixture
def plans(bodies):
    commune = bodies["commune"]
    return {
        "strategies": Strategy.objects.create(body=commune, kind=StrategyKind.DATA, title="Chiến lược dữ liệu",
                                              period_start=2025, period_end=2030),
        "milestones": Milestone.objects.create(body=commune, title="Ban hành chiến lược", target_date=date(2025, 9, 30)),
        "chief-engineers": ChiefEngineer.objects.create(
            body=commune, role=ChiefEngineerRole.IT, person_name="Nguyễn Văn An", position="Phó Chủ tịch",
            email="an@badinh.hanoi.gov.vn", phone="024 3823 0000", start_date=date(2025, 8, 15)),
        "body-architectures": BodyArchitecture.objects.create(body=commune, title="Kiến trúc số phường Ba Đình"),
    }


NEW = {
    "strategies": {"body": "00004", "kind": "digital_transformation", "title": "Chiến lược chuyển đổi số",
                   "period_start": 2025, "period_end": 2030},
    "milestones": {"body": "00004", "title": "Bổ nhiệm kỹ sư trưởng", "target_date": "2025-12-31"},
    "chief-engineers": {"body": "00004", "role": "professional", "person_name": "Trần Thị Bình",
                        "start_date": "2025-09-01"},
    "body-architectures": {"body": "00004", "title": "Kiến trúc số 2.0"},
}
CHANGE = {"strategies": {"title": "Đã đổi"}, "milestones": {"title": "Đã đổi"},
          "chief-engineers": {"position": "Đã đổi"}, "body-architectures": {"title": "Đã đổi"}}
FIELD = {"strategies": "title", "milestones": "title", "chief-engineers": "position", "body-architectures": "title"}


@pytest.mark.parametrize("resource", list(NEW))
@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads(clients, plans, resource, role):
    listed = clients[role].get(f"{API}/{resource}/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [plans[resource].pk]
    one = clients[role].get(f"{API}/{resource}/{plans[resource].pk}/")
    assert one.status_code == 200 and one.headers["ETag"]


@pytest.mark.parametrize("resource", list(NEW))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_body_chain_creates(clients, plans, resource, role):
    model = type(plans[resource])
    before = model.objects.count()
    response = clients[role].post(f"{API}/{resource}/", NEW[resource], format="json")
    assert response.status_code == expected_write(201)[role], response.content
    assert model.objects.count() == before + (1 if role in WRITERS else 0)


@pytest.mark.parametrize("resource", list(NEW))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_body_chain_changes(clients, plans, resource, role):
    entry = plans[resource]
    response = clients[role].patch(f"{API}/{resource}/{entry.pk}/", CHANGE[resource], format="json")
    assert response.status_code == expected_write(200)[role], response.content
    entry.refresh_from_db()
    assert (getattr(entry, FIELD[resource]) == "Đã đổi") == (role in WRITERS)


@pytest.mark.parametrize("resource", list(NEW))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_body_chain_deletes(clients, plans, resource, role):
    entry = plans[resource]
    response = clients[role].delete(f"{API}/{resource}/{entry.pk}/")
    assert response.status_code == expected_write(204)[role]
    assert type(entry).objects.filter(pk=entry.pk).exists() == (role not in WRITERS)


def test_an_editor_cannot_move_an_entry_to_another_body(clients, plans):
    entry = plans["strategies"]
    response = clients["owner"].patch(f"{API}/strategies/{entry.pk}/", {"body": "GOV-M13"}, format="json")
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.body.code == "00004"


def test_writes_sign_the_history(clients, plans, users):
    entry = plans["milestones"]
    clients["parent"].patch(f"{API}/milestones/{entry.pk}/", {"status": "in_progress"}, format="json")
    assert entry.history.first().history_user == users["parent"]


def test_a_stale_etag_changes_nothing(clients, plans):
    entry = plans["strategies"]
    etag = clients["owner"].get(f"{API}/strategies/{entry.pk}/").headers["ETag"]
    assert clients["parent"].patch(f"{API}/strategies/{entry.pk}/", {"title": "Một"}, format="json",
                                   HTTP_IF_MATCH=etag).status_code == 200
    response = clients["owner"].patch(f"{API}/strategies/{entry.pk}/", {"title": "Hai"}, format="json",
                                      HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    entry.refresh_from_db()
    assert entry.title == "Một"


@pytest.mark.parametrize(("resource", "data", "field"), [
    ("strategies", {"period_start": 2030, "period_end": 2025}, None),
    ("strategies", {"status": "issued"}, None),
    ("strategies", {"kind": "five_year_plan"}, "kind"),
    ("milestones", {"status": "done"}, None),
    ("milestones", {"target_date": "30/09/2025"}, "target_date"),
    ("chief-engineers", {"email": "not-an-email"}, "email"),
    ("body-architectures", {"framework": "NO-SUCH"}, "framework"),
])
def test_bad_input_is_a_400_and_changes_nothing(clients, plans, resource, data, field):
    entry = plans[resource]
    before = type(entry).objects.filter(pk=entry.pk).values().get()
    response = clients["owner"].patch(f"{API}/{resource}/{entry.pk}/", data, format="json")
    assert response.status_code == 400, response.content
    if field:
        assert field in response.content.decode()
    assert type(entry).objects.filter(pk=entry.pk).values().get() == before


def test_a_milestone_marked_done_with_its_date(clients, plans):
    entry = plans["milestones"]
    response = clients["owner"].patch(f"{API}/milestones/{entry.pk}/", {
        "status": "done", "completion_date": "2025-10-02", "evidence_url": "https://badinh.hanoi.gov.vn/cl"},
        format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "done_late"


def test_milestones_filter_by_body_subtree_state_and_template(clients, bodies, plans):
    today = timezone.localdate()
    late = Milestone.objects.create(body=bodies["other_commune"], title="Trễ", target_date=today - timedelta(days=3))
    overdue = Milestone.objects.create(body=bodies["province"], title="Quá hạn", target_date=today - timedelta(days=90))
    Milestone.objects.create(body=bodies["ministry"], title="Sắp đến", target_date=today + timedelta(days=10))
    Milestone.objects.create(body=bodies["province"], title="Xong", target_date=today - timedelta(days=90),
                             status=MilestoneStatus.DONE, completion_date=today - timedelta(days=100))

    def ids(**params):
        response = clients["monitor"].get(f"{API}/milestones/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    province = ids(body="01")
    assert late.pk in province and overdue.pk in province and plans["milestones"].pk in province
    assert ids(body="00008") == {late.pk}
    behind = ids(state=["late", "overdue"], body="01")
    assert late.pk in behind and overdue.pk in behind
    assert ids(state="late", body="01") - {plans["milestones"].pk} == {late.pk}
    states = {row["id"]: row["state"] for row in clients["anonymous"].get(f"{API}/milestones/").json()["results"]}
    assert states[late.pk] == "late" and states[overdue.pk] == "overdue"
    assert clients["monitor"].get(f"{API}/milestones/", {"state": "later"}).status_code == 400
    assert clients["monitor"].get(f"{API}/milestones/", {"body": "NO-SUCH"}).status_code == 400


def test_milestones_filter_by_template(clients, bodies, users):
    frameworks_load()
    from architecture.plans import milestone_templates_apply

    milestone_templates_apply(user=users["admin"])
    response = clients["anonymous"].get(f"{API}/milestones/", {"template": "R214-PROVINCIAL-PLATFORM-DATA"})
    assert [row["body"] for row in response.json()["results"]] == ["01"]


def test_chief_engineer_contacts_are_for_signed_in_users(clients, plans):
    entry = plans["chief-engineers"]
    anonymous = clients["anonymous"].get(f"{API}/chief-engineers/{entry.pk}/").json()
    assert anonymous["person_name"] == "Nguyễn Văn An"
    assert "email" not in anonymous and "phone" not in anonymous
    assert "an@badinh" not in clients["anonymous"].get(f"{API}/chief-engineers/").content.decode()
    signed_in = clients["other"].get(f"{API}/chief-engineers/{entry.pk}/").json()
    assert signed_in["email"] == "an@badinh.hanoi.gov.vn"


def test_appointing_through_the_api_ends_the_previous_holder(clients, plans):
    previous = plans["chief-engineers"]
    response = clients["parent"].post(f"{API}/chief-engineers/", {
        "body": "00004", "role": "it", "person_name": "Lê Văn Cường", "start_date": "2026-02-01",
        "decision_number": "15/QĐ-UBND", "decision_date": "2026-01-20"}, format="json")
    assert response.status_code == 201, response.content
    previous.refresh_from_db()
    assert previous.end_date == date(2026, 2, 1)
    current = clients["anonymous"].get(f"{API}/chief-engineers/", {"body": "00004"}).json()["results"]
    assert [row["person_name"] for row in current] == ["Lê Văn Cường"]
    history = clients["anonymous"].get(f"{API}/chief-engineers/", {"body": "00004", "current": "all"}).json()
    assert {row["person_name"] for row in history["results"]} == {"Lê Văn Cường", "Nguyễn Văn An"}
    former = clients["anonymous"].get(f"{API}/chief-engineers/", {"current": "false"}).json()["results"]
    assert [row["id"] for row in former] == [previous.pk]
    # A former holder stays at its address.
    assert clients["anonymous"].get(f"{API}/chief-engineers/{previous.pk}/").status_code == 200


def test_an_appointment_before_the_current_term_is_a_400(clients, plans):
    response = clients["owner"].post(f"{API}/chief-engineers/", {
        "body": "00004", "role": "it", "person_name": "Sớm", "start_date": "2025-01-01"}, format="json")
    assert response.status_code == 400
    assert ChiefEngineer.objects.count() == 1
    assert plans["chief-engineers"].is_current


def test_body_and_role_of_a_term_do_not_change(clients, plans):
    entry = plans["chief-engineers"]
    response = clients["owner"].patch(f"{API}/chief-engineers/{entry.pk}/", {"role": "professional",
                                                                             "end_date": "2026-01-01"}, format="json")
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.role == "it" and entry.end_date == date(2026, 1, 1)


@pytest.fixture
def frameworks(db):
    frameworks_load()


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_frameworks_with_their_requirements(clients, frameworks, role):
    listed = clients[role].get(f"{API}/frameworks/")
    assert listed.status_code == 200
    assert {row["code"] for row in listed.json()} == {"DGAF-3.0", "NDAF-1.0", "NDGF-1.0"}
    one = clients[role].get(f"{API}/frameworks/DGAF-3.0/").json()
    assert one["reference_models"] == ["BRM", "DRM", "ARM", "TRM", "SRM"]
    assert all(item["legal_source"] for item in one["requirements"])
    assert clients[role].get(f"{API}/milestone-templates/R214-DATA-STRATEGY/").json()["target_date"] == "2025-09-30"


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_change_frameworks(clients, frameworks, role):
    response = clients[role].patch(f"{API}/frameworks/DGAF-3.0/", {"note": "Đã đổi"}, format="json")
    expected = 200 if role == "admin" else (401 if role == "anonymous" else 403)
    assert response.status_code == expected
    assert (FrameworkVersion.objects.get(code="DGAF-3.0").note == "Đã đổi") == (role == "admin")


def test_an_unknown_reference_model_is_a_400(clients, frameworks):
    response = clients["admin"].patch(f"{API}/frameworks/DGAF-3.0/", {"reference_models": ["BRM", "XRM"]},
                                      format="json")
    assert response.status_code == 400
    assert FrameworkVersion.objects.get(code="DGAF-3.0").reference_models == ["BRM", "DRM", "ARM", "TRM", "SRM"]


def test_a_body_architecture_names_its_framework(clients, frameworks, plans):
    entry = plans["body-architectures"]
    response = clients["owner"].patch(f"{API}/body-architectures/{entry.pk}/", {
        "framework": "DGAF-3.0", "status": "approved", "decision_number": "7/QĐ-UBND",
        "decision_date": "2025-12-01", "approving_authority": "UBND phường Ba Đình"}, format="json")
    assert response.status_code == 200, response.content
    assert clients["anonymous"].get(f"{API}/body-architectures/", {"framework": "DGAF-3.0"}).json()["count"] == 1



def _more(resource, body, index):
    if resource == "chief-engineers":  # former holders, listed with current=all
        ChiefEngineer.objects.create(body=body, role="it", person_name=f"P{index}", start_date=date(2024, 1, 1),
                                     end_date=date(2024, 12, 31))
    elif resource == "strategies":
        Strategy.objects.create(body=body, kind="data", title=f"S{index}", period_start=2025, period_end=2030)
    elif resource == "milestones":
        Milestone.objects.create(body=body, title=f"M{index}", target_date=date(2025, 9, 30))
    else:
        BodyArchitecture.objects.create(body=body, title=f"A{index}")


@pytest.mark.parametrize("resource", list(NEW))
def test_list_queries_do_not_grow_with_the_page(clients, bodies, plans, resource):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = clients["monitor"].get(f"{API}/{resource}/", {"current": "all"} if "chief" in resource else {})
            assert response.status_code == 200
        return len(queries), response.json()["count"]

    count()  # the token's first use of the day writes once
    small, rows = count()
    for index in range(8):
        _more(resource, bodies["other_commune" if index % 2 else "province"], index)
    assert count() == (small, rows + 8)
