"""Milestones: the derived state around the deadline dates, the same in Python and in SQL, and
who may change a body's milestones."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import translation

from architecture.models import Milestone, MilestoneState, MilestoneStatus
from architecture.models.milestones import (
    DUE_SOON_DAYS,
    OVERDUE_AFTER_DAYS,
    milestone_state_filter,
)
from architecture.plans import milestone_save

# Resolution 214/NQ-CP: the data strategies are due by the end of September 2025.
DEADLINE = date(2025, 9, 30)


def make(body, **fields):
    fields.setdefault("title", "Ban hành Chiến lược dữ liệu")
    fields.setdefault("target_date", DEADLINE)
    return Milestone.objects.create(body=body, **fields)


@pytest.mark.parametrize(("today", "expected"), [
    (DEADLINE - timedelta(days=DUE_SOON_DAYS + 1), MilestoneState.ON_TIME),
    (DEADLINE - timedelta(days=DUE_SOON_DAYS), MilestoneState.DUE_SOON),
    (DEADLINE, MilestoneState.DUE_SOON),
    (DEADLINE + timedelta(days=1), MilestoneState.LATE),
    (DEADLINE + timedelta(days=OVERDUE_AFTER_DAYS), MilestoneState.LATE),
    (DEADLINE + timedelta(days=OVERDUE_AFTER_DAYS + 1), MilestoneState.OVERDUE),
])
def test_open_milestone_state_around_the_deadline(bodies, today, expected):
    milestone = make(bodies["province"], status=MilestoneStatus.IN_PROGRESS)
    assert milestone.state_on(today) == expected
    annotated = Milestone.objects.with_state(today).get(pk=milestone.pk)
    assert annotated.state_now == expected
    assert list(Milestone.objects.in_state(expected, today=today)) == [milestone]


@pytest.mark.parametrize(("completed", "expected"), [
    (DEADLINE - timedelta(days=3), MilestoneState.DONE),
    (DEADLINE, MilestoneState.DONE),
    (DEADLINE + timedelta(days=1), MilestoneState.DONE_LATE),
])
def test_done_milestone_is_done_or_done_late_whatever_today(bodies, completed, expected):
    milestone = make(bodies["province"], status=MilestoneStatus.DONE, completion_date=completed)
    for today in (DEADLINE - timedelta(days=60), DEADLINE + timedelta(days=365)):
        assert milestone.state_on(today) == expected
        assert Milestone.objects.with_state(today).get(pk=milestone.pk).state_now == expected


def test_cancelled_milestone_is_never_late(bodies):
    milestone = make(bodies["province"], status=MilestoneStatus.CANCELLED)
    late_day = DEADLINE + timedelta(days=400)
    assert milestone.state_on(late_day) == MilestoneState.CANCELLED
    assert not Milestone.objects.behind(late_day).exists()


def test_python_and_sql_agree_on_every_state(bodies):
    today = DEADLINE
    rows = [
        make(bodies["province"], target_date=today + timedelta(days=offset), status=status,
             completion_date=(today + timedelta(days=offset + shift)) if status == MilestoneStatus.DONE else None)
        for offset in (-90, -31, -30, -1, 0, 1, 30, 31, 90)
        for status, shift in ((MilestoneStatus.NOT_STARTED, 0), (MilestoneStatus.IN_PROGRESS, 0),
                              (MilestoneStatus.DONE, -1), (MilestoneStatus.DONE, 1), (MilestoneStatus.CANCELLED, 0))
    ]
    annotated = {row.pk: row.state_now for row in Milestone.objects.with_state(today)}
    assert annotated == {row.pk: row.state_on(today) for row in rows}
    for state in MilestoneState.values:
        expected = {row.pk for row in rows if row.state_on(today) == state}
        assert set(Milestone.objects.filter(milestone_state_filter(state, today=today))
                   .values_list("pk", flat=True)) == expected


def test_behind_counts_late_and_overdue(bodies):
    late = make(bodies["province"], target_date=DEADLINE - timedelta(days=5))
    overdue = make(bodies["province"], target_date=DEADLINE - timedelta(days=60))
    make(bodies["province"], target_date=DEADLINE + timedelta(days=5))
    assert set(Milestone.objects.behind(DEADLINE)) == {late, overdue}


def test_done_needs_a_completion_date_in_the_database(bodies):
    with pytest.raises(IntegrityError):
        make(bodies["province"], status=MilestoneStatus.DONE)


def test_done_needs_a_completion_date_in_the_service(bodies, users):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        milestone_save(user=users["parent"], milestone=Milestone(
            body=bodies["province"], title="x", target_date=DEADLINE, status=MilestoneStatus.DONE))
    assert "A milestone marked done needs its completion date." in str(error.value)
    assert not Milestone.objects.exists()


def test_state_is_not_stored(bodies):
    field_names = {field.name for field in Milestone._meta.get_fields()}
    assert "state" not in field_names


def test_owner_chain_editor_marks_a_milestone_done_with_history(bodies, users):
    milestone = make(bodies["commune"])
    milestone_save(user=users["parent"], milestone=milestone,
                   changes={"status": MilestoneStatus.DONE, "completion_date": DEADLINE,
                            "evidence_url": "https://hanoi.gov.vn/chien-luoc-du-lieu"})
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE
    assert milestone.history.first().history_user == users["parent"]


@pytest.mark.parametrize("role", ["other", "sibling", "monitor", "reviewer"])
def test_others_cannot_change_a_body_milestone(bodies, users, role):
    milestone = make(bodies["commune"])
    with pytest.raises(PermissionDenied):
        milestone_save(user=users[role], milestone=milestone, changes={"status": MilestoneStatus.IN_PROGRESS})
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.NOT_STARTED


def test_an_editor_cannot_move_a_milestone_to_a_body_outside_their_chain(bodies, users):
    milestone = make(bodies["commune"])
    with pytest.raises(PermissionDenied):
        milestone_save(user=users["owner"], milestone=milestone, changes={"body": bodies["other_commune"]})
    assert Milestone.objects.get(pk=milestone.pk).body == bodies["commune"]
