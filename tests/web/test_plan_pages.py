"""The pages that maintain a body's obligations (architecture.plan_views): who may open and change
them (the body's editors and those of the bodies above it; nobody else), what a valid form saves,
and that invalid input says why next to the input, in Vietnamese, and stores nothing."""

import datetime

import pytest

from architecture.models import (
    BodyArchitecture,
    ChiefEngineer,
    Milestone,
    MilestoneStatus,
    Strategy,
    StrategyKind,
    StrategyStatus,
)

PLANS = "/bodies/00004/plans/"
NEW_STRATEGY = PLANS + "strategies/new/"
APPOINT = PLANS + "chief-engineers/appoint/"


def strategy_form(**overrides):
    data = {"kind": StrategyKind.DATA, "title": "Chiến lược dữ liệu phường Ba Đình", "status": StrategyStatus.ISSUED,
            "decision_number": "15/QĐ-UBND", "decision_date": "2025-09-20", "period_start": "2025",
            "period_end": "2030", "document_url": "https://badinh.hanoi.gov.vn/chien-luoc.pdf", "note": ""}
    data.update(overrides)
    return data


def engineer_form(**overrides):
    data = {"role": "it", "person_name": "Nguyễn Văn An", "position": "Phó Chủ tịch", "email": "an@badinh.gov.vn",
            "phone": "", "decision_number": "20/QĐ-UBND", "decision_date": "2025-06-01", "start_date": "2025-06-01",
            "note": ""}
    data.update(overrides)
    return data


@pytest.fixture
def milestone(bodies):
    return Milestone.objects.create(body=bodies["commune"], title="Rà soát cơ sở dữ liệu",
                                    target_date=datetime.date(2025, 8, 31))


# --- who may open the pages

@pytest.mark.parametrize("role, status", [
    ("owner", 200), ("parent", 200), ("admin", 200),
    ("other", 403), ("sibling", 403), ("reviewer", 403), ("monitor", 403),
])
def test_only_the_body_chains_editors_open_the_pages(as_user, role, status, milestone):
    client = as_user(role)
    for url in (PLANS, NEW_STRATEGY, APPOINT, PLANS + "architectures/new/", f"{PLANS}milestones/{milestone.pk}/"):
        assert client.get(url).status_code == status, url


def test_the_pages_speak_english_under_en(as_user, milestone):
    page = as_user("owner").get("/en" + PLANS).content.decode()
    assert "Obligations of" in page and "Update progress" in page
    assert "Nghĩa vụ của" in as_user("owner").get(PLANS).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(as_user):
    response = as_user(None).get(PLANS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert as_user(None).post(NEW_STRATEGY, strategy_form()).status_code == 302
    assert not Strategy.objects.exists()


def test_a_missing_body_is_not_found(as_user):
    assert as_user("owner").get("/bodies/99999/plans/").status_code == 404


def test_a_milestone_of_another_body_is_not_found_here(as_user, bodies):
    foreign = Milestone.objects.create(body=bodies["other_commune"], title="X", target_date=datetime.date(2025, 9, 30))
    assert as_user("parent").get(f"{PLANS}milestones/{foreign.pk}/").status_code == 404


@pytest.mark.parametrize("role, shown", [("owner", True), ("parent", True), ("other", False), ("monitor", False),
                                         (None, False)])
def test_the_body_page_shows_the_buttons_only_to_those_who_may_act(as_user, role, shown):
    page = as_user(role).get("/bodies/00004/").content.decode()
    assert ('data-testid="edit-plans"' in page) is shown
    assert (f'href="{NEW_STRATEGY}"' in page) is shown


# --- strategies

def test_the_owners_editor_records_an_issued_strategy(as_user, users, bodies):
    response = as_user("owner").post(NEW_STRATEGY, strategy_form())
    assert response.status_code == 302 and response["Location"] == PLANS
    strategy = Strategy.objects.get()
    assert (strategy.body, strategy.status, strategy.decision_number) == (bodies["commune"], "issued", "15/QĐ-UBND")
    assert {row.history_user for row in strategy.history.all()} == {users["owner"]}
    assert "Chiến lược dữ liệu phường Ba Đình" in as_user("owner").get(PLANS).content.decode()


def test_the_parent_provinces_editor_edits_a_strategy_under_it(as_user, bodies):
    as_user("owner").post(NEW_STRATEGY, strategy_form(status=StrategyStatus.DRAFTING, decision_number="",
                                                      decision_date=""))
    strategy = Strategy.objects.get()
    response = as_user("parent").post(f"{PLANS}strategies/{strategy.pk}/", strategy_form())
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.ISSUED


def test_an_issued_strategy_without_its_decision_is_refused_beside_the_field(as_user):
    response = as_user("owner").post(NEW_STRATEGY, strategy_form(decision_number=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["decision_number"] == ["Chiến lược đã ban hành phải có số và ngày quyết định."]
    assert "__all__" not in errors
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("overrides, field", [
    ({"period_start": "2030", "period_end": "2025"}, "period_end"),
    ({"period_start": "abc"}, "period_start"),
    ({"title": ""}, "title"),
    ({"kind": "nonsense"}, "kind"),
    ({"document_url": "not a link at all"}, "document_url"),
])
def test_invalid_strategies_store_nothing(as_user, overrides, field):
    response = as_user("owner").post(NEW_STRATEGY, strategy_form(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Strategy.objects.exists()


def test_a_second_issued_strategy_of_a_kind_is_refused_beside_the_status(as_user):
    client = as_user("owner")
    assert client.post(NEW_STRATEGY, strategy_form()).status_code == 302
    response = client.post(NEW_STRATEGY, strategy_form(title="Bản thứ hai", decision_number="16/QĐ-UBND"))
    assert response.status_code == 400
    assert "status" in response.context["form"].errors
    assert Strategy.objects.count() == 1


@pytest.mark.parametrize("role", ["other", "sibling", "monitor", "reviewer"])
def test_others_change_nothing(as_user, role, bodies):
    strategy = Strategy.objects.create(body=bodies["commune"], kind=StrategyKind.DATA, title="Gốc",
                                       period_start=2025, period_end=2030)
    client = as_user(role)
    assert client.post(NEW_STRATEGY, strategy_form()).status_code == 403
    assert client.post(f"{PLANS}strategies/{strategy.pk}/", strategy_form(title="Đổi")).status_code == 403
    assert client.post(f"{PLANS}strategy/{strategy.pk}/delete/").status_code == 403
    assert client.post(APPOINT, engineer_form()).status_code == 403
    assert list(Strategy.objects.values_list("title", flat=True)) == ["Gốc"]
    assert not ChiefEngineer.objects.exists()


def test_a_strategy_typed_by_mistake_is_deleted_and_kept_in_history(as_user, bodies):
    strategy = Strategy.objects.create(body=bodies["commune"], kind=StrategyKind.DATA, title="Nhầm",
                                       period_start=2025, period_end=2030)
    response = as_user("owner").post(f"{PLANS}strategy/{strategy.pk}/delete/")
    assert response.status_code == 302
    assert not Strategy.objects.exists()
    assert Strategy.history.filter(id=strategy.pk, history_type="-").exists()


def test_milestones_are_not_deleted_here(as_user, milestone):
    assert as_user("owner").post(f"{PLANS}milestone/{milestone.pk}/delete/").status_code == 403
    assert Milestone.objects.filter(pk=milestone.pk).exists()


# --- milestones

def test_a_milestone_is_marked_done_with_its_evidence(as_user, users, milestone):
    response = as_user("owner").post(f"{PLANS}milestones/{milestone.pk}/", {
        "status": MilestoneStatus.DONE, "completion_date": "2025-08-20",
        "evidence_url": "https://badinh.hanoi.gov.vn/bao-cao-ra-soat.pdf", "evidence": "Báo cáo rà soát số 12",
        "note": ""})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE
    assert milestone.completion_date == datetime.date(2025, 8, 20)
    assert milestone.evidence_url.endswith("bao-cao-ra-soat.pdf")
    assert milestone.state == "done"
    assert milestone.title == "Rà soát cơ sở dữ liệu"  # not changed by this form
    assert milestone.history.first().history_user == users["owner"]


@pytest.mark.parametrize("data", [
    {"status": MilestoneStatus.DONE, "completion_date": ""},
    {"status": MilestoneStatus.IN_PROGRESS, "completion_date": "2025-08-20"},
])
def test_a_completion_date_goes_with_done_only(as_user, milestone, data):
    response = as_user("owner").post(f"{PLANS}milestones/{milestone.pk}/",
                                     {**data, "evidence_url": "", "evidence": "", "note": ""})
    assert response.status_code == 400
    assert "completion_date" in response.context["form"].errors
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completion_date) == (MilestoneStatus.NOT_STARTED, None)


# --- architecture

def test_the_body_architecture_is_recorded_and_approved(as_user, bodies):
    client = as_user("owner")
    form = {"title": "Kiến trúc số phường Ba Đình", "version": "1.0", "framework": "", "status": "drafting",
            "decision_number": "", "decision_date": "", "approving_authority": "", "document_url": "", "note": ""}
    assert client.post(PLANS + "architectures/new/", form).status_code == 302
    architecture = BodyArchitecture.objects.get()
    response = client.post(f"{PLANS}architectures/{architecture.pk}/", {**form, "status": "approved"})
    assert response.status_code == 400
    assert "decision_number" in response.context["form"].errors
    architecture.refresh_from_db()
    assert architecture.status == "drafting"
    response = client.post(f"{PLANS}architectures/{architecture.pk}/", {
        **form, "status": "approved", "decision_number": "30/QĐ-UBND", "decision_date": "2025-12-01"})
    assert response.status_code == 302
    architecture.refresh_from_db()
    assert architecture.status == "approved"


# --- chief engineers

def test_appointing_ends_the_previous_holder_shown_in_the_history(as_user, bodies):
    client = as_user("owner")
    assert client.post(APPOINT, engineer_form()).status_code == 302
    assert client.post(APPOINT, engineer_form(person_name="Trần Thị Bình", start_date="2026-01-15",
                                              decision_number="3/QĐ-UBND", decision_date="2026-01-10")).status_code == 302
    first, second = ChiefEngineer.objects.order_by("start_date")
    assert first.end_date == datetime.date(2026, 1, 15) and second.end_date is None
    page = client.get(APPOINT).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" in page and "2026-01-15" in page


def test_a_term_cannot_start_before_the_current_one(as_user):
    client = as_user("owner")
    client.post(APPOINT, engineer_form())
    response = client.post(APPOINT, engineer_form(person_name="Lê Văn Cường", start_date="2025-01-01"))
    assert response.status_code == 400
    assert "start_date" in response.context["form"].errors
    assert list(ChiefEngineer.objects.values_list("person_name", "end_date")) == [("Nguyễn Văn An", None)]


def test_an_appointment_without_name_or_date_stores_nothing(as_user):
    response = as_user("owner").post(APPOINT, engineer_form(person_name="", start_date="", email="không-phải-thư"))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"person_name", "start_date", "email"}
    assert "Trường này là bắt buộc." in response.content.decode()
    assert not ChiefEngineer.objects.exists()
