"""The admin of frameworks, templates and a body's obligations: pages render, the body chain's
editors change their own plans only, an appointment ends the previous holder, and the template
action creates milestones once."""

from datetime import date

import pytest
from django.urls import reverse

from architecture.models import (
    ChiefEngineer,
    ChiefEngineerRole,
    FrameworkVersion,
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
    Strategy,
    StrategyKind,
)
from architecture.reference_frameworks import frameworks_load


@pytest.fixture
def staff(users):
    for user in users.values():
        user.is_staff = True
        user.save()
    return users


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["frameworkversion", "frameworkrequirement", "milestonetemplate",
                                   "bodyarchitecture", "strategy", "milestone", "chiefengineer"])
def test_every_page_renders(client, staff, model, bodies):
    frameworks_load()
    Milestone.objects.create(body=bodies["commune"], title="Mốc", target_date=date(2025, 9, 30))
    signed_in(client, staff["admin"])
    assert client.get(reverse(f"admin:architecture_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:architecture_{model}_add")).status_code == 200
    framework = FrameworkVersion.objects.get(code="DGAF-3.0")
    assert client.get(reverse("admin:architecture_frameworkversion_change", args=[framework.pk])).status_code == 200


def test_the_state_filter_lists_late_milestones(client, staff, bodies):
    late = Milestone.objects.create(body=bodies["commune"], title="Trễ", target_date=date(2020, 1, 1))
    Milestone.objects.create(body=bodies["commune"], title="Xong", target_date=date(2020, 1, 1),
                             status=MilestoneStatus.DONE, completion_date=date(2019, 12, 1))
    page = signed_in(client, staff["monitor"]).get(reverse("admin:architecture_milestone_changelist"),
                                                   {"state": "overdue"})
    assert list(page.context["cl"].result_list) == [late]


def test_an_editor_changes_only_their_chain_plans(client, staff, bodies):
    own = Strategy.objects.create(body=bodies["commune"], kind=StrategyKind.DATA, title="A", period_start=2025,
                                  period_end=2030)
    foreign = Strategy.objects.create(body=bodies["other_ministry"], kind=StrategyKind.DATA, title="B",
                                      period_start=2025, period_end=2030)
    signed_in(client, staff["owner"])
    url = reverse("admin:architecture_strategy_change", args=[own.pk])
    response = client.post(url, {"body": bodies["commune"].pk, "kind": "data", "title": "A2", "status": "drafting",
                                 "period_start": 2025, "period_end": 2030})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "A2" and own.history.first().history_user == staff["owner"]
    response = client.post(reverse("admin:architecture_strategy_change", args=[foreign.pk]),
                           {"body": bodies["other_ministry"].pk, "kind": "data", "title": "B2",
                            "status": "drafting", "period_start": 2025, "period_end": 2030})
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.title == "B"


def test_an_editor_cannot_add_a_plan_for_another_body(client, staff, bodies):
    response = signed_in(client, staff["owner"]).post(reverse("admin:architecture_strategy_add"), {
        "body": bodies["other_ministry"].pk, "kind": "data", "title": "X", "status": "drafting",
        "period_start": 2025, "period_end": 2030})
    assert response.status_code == 200  # the form refuses the body: not a choice
    assert not Strategy.objects.exists()


def test_adding_a_chief_engineer_appoints_and_ends_the_previous(client, staff, bodies):
    previous = ChiefEngineer.objects.create(body=bodies["province"], role=ChiefEngineerRole.IT, person_name="Cũ",
                                            start_date=date(2025, 8, 1))
    response = signed_in(client, staff["parent"]).post(reverse("admin:architecture_chiefengineer_add"), {
        "body": bodies["province"].pk, "role": "it", "person_name": "Mới", "start_date": "2026-01-05"})
    assert response.status_code == 302, response.content.decode()[:2000]
    previous.refresh_from_db()
    assert previous.end_date == date(2026, 1, 5)
    assert ChiefEngineer.objects.get(end_date__isnull=True, body=bodies["province"], role="it").person_name == "Mới"


def test_only_administrators_change_frameworks(client, staff):
    frameworks_load()
    framework = FrameworkVersion.objects.get(code="DGAF-3.0")
    signed_in(client, staff["parent"])
    assert client.get(reverse("admin:architecture_frameworkversion_add")).status_code == 403
    page = client.get(reverse("admin:architecture_frameworkversion_change", args=[framework.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]


def test_the_template_action_applies_once(client, staff, bodies):
    template = MilestoneTemplate.objects.create(code="R214-DATA-STRATEGY", title_vi="Chiến lược dữ liệu",
                                                target_date=date(2025, 9, 30), body_kinds=["province"],
                                                legal_source="Nghị quyết 214/NQ-CP")
    signed_in(client, staff["admin"])
    for _ in range(2):
        response = client.post(reverse("admin:architecture_milestonetemplate_changelist"),
                               {"action": "apply", "_selected_action": [template.pk]})
        assert response.status_code == 302
    assert list(Milestone.objects.values_list("body__code", flat=True)) == ["01"]
