"""Milestone templates of Resolution 214/NQ-CP applied to every matching body, once."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction

from architecture.models import BodyKind, BodyLevel, Milestone, MilestoneTemplate
from architecture.plans import milestone_templates_apply


@pytest.fixture
def templates(db):
    strategy = MilestoneTemplate.objects.create(
        code="R214-DATA-STRATEGY", title_vi="Ban hành Chiến lược dữ liệu", target_date=date(2025, 9, 30),
        body_kinds=[BodyKind.MINISTRY, BodyKind.MINISTERIAL_AGENCY, BodyKind.PROVINCE],
        legal_source="Nghị quyết 214/NQ-CP")
    provinces = MilestoneTemplate.objects.create(
        code="R214-PROVINCIAL-DATA", title_vi="Dữ liệu trên nền tảng dùng chung", target_date=date(2025, 12, 31),
        body_levels=[BodyLevel.PROVINCIAL], legal_source="Nghị quyết 214/NQ-CP")
    return {"strategy": strategy, "provinces": provinces}


def test_it_creates_one_milestone_per_matching_body(bodies, users, templates):
    created = milestone_templates_apply(user=users["admin"])
    assert created == {"R214-DATA-STRATEGY": 4, "R214-PROVINCIAL-DATA": 1}
    strategy_bodies = set(Milestone.objects.filter(template=templates["strategy"]).values_list("body__code", flat=True))
    assert strategy_bodies == {"GOV-M02", "GOV-M13", "GOV-ML3", "01"}
    milestone = Milestone.objects.get(template=templates["provinces"])
    assert (milestone.body, milestone.target_date, milestone.title) == (
        bodies["province"], date(2025, 12, 31), "Dữ liệu trên nền tảng dùng chung")
    assert milestone.history.count() == 1
    assert milestone.history.first().history_user == users["admin"]


def test_applying_twice_creates_nothing_twice(bodies, users, templates):
    milestone_templates_apply(user=users["admin"])
    count = Milestone.objects.count()
    assert milestone_templates_apply(user=users["admin"]) == {"R214-DATA-STRATEGY": 0, "R214-PROVINCIAL-DATA": 0}
    assert Milestone.objects.count() == count


def test_a_body_added_later_gets_only_its_own_milestone(bodies, users, templates):
    from architecture.services import body_create

    milestone_templates_apply(user=users["admin"])
    body_create(code="79", name_vi="Thành phố Hồ Chí Minh", kind=BodyKind.PROVINCE, level=BodyLevel.PROVINCIAL)
    assert milestone_templates_apply(user=users["admin"]) == {"R214-DATA-STRATEGY": 1, "R214-PROVINCIAL-DATA": 1}


def test_it_applies_chosen_templates_to_chosen_bodies(bodies, users, templates):
    created = milestone_templates_apply(templates=[templates["strategy"]], bodies=[bodies["ministry"]],
                                        user=users["admin"])
    assert created == {"R214-DATA-STRATEGY": 1}
    assert list(Milestone.objects.values_list("body__code", flat=True)) == ["GOV-M02"]


def test_ended_bodies_get_none(bodies, users, templates):
    bodies["other_ministry"].effective_to = date(2025, 3, 1)
    bodies["other_ministry"].save()
    milestone_templates_apply(templates=[templates["strategy"]], user=users["admin"])
    assert not Milestone.objects.filter(body=bodies["other_ministry"]).exists()


def test_the_database_refuses_a_second_milestone_from_one_template(bodies, templates):
    Milestone.objects.create(body=bodies["province"], template=templates["provinces"], title="a",
                             target_date=date(2025, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(body=bodies["province"], template=templates["provinces"], title="b",
                                 target_date=date(2025, 12, 31))


@pytest.mark.parametrize("role", ["owner", "parent", "monitor", "reviewer"])
def test_only_administrators_apply_templates(bodies, users, templates, role):
    with pytest.raises(PermissionDenied):
        milestone_templates_apply(user=users[role])
    assert not Milestone.objects.exists()


def test_the_command_applies_them_once(bodies, templates):
    out = StringIO()
    call_command("apply_milestone_templates", stdout=out)
    assert "R214-DATA-STRATEGY: 4" in out.getvalue()
    call_command("apply_milestone_templates", stdout=out)
    assert Milestone.objects.count() == 5


def test_the_command_takes_template_codes(bodies, templates):
    call_command("apply_milestone_templates", "R214-PROVINCIAL-DATA", stdout=StringIO())
    assert list(Milestone.objects.values_list("template__code", flat=True)) == ["R214-PROVINCIAL-DATA"]
