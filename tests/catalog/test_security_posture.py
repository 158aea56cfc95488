"""A database's security posture (catalog.security): only the owner chain, reviewers and
administrators see it (not monitors, other bodies or anonymous visitors); only the owner's editors
and administrators record it; the database enforces its rules; and it feeds the automatic checks."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.checks import database_checks_refresh
from catalog.models import DatabaseCheckResult, SecurityAssessment, SecurityIncident
from catalog.security import (
    add_months,
    approvals_visible,
    assessments_visible,
    current_approval,
    incidents_visible,
    posture_visible,
    security_approval_record,
    security_assessment_record,
    security_incident_record,
    security_incident_update,
)
from tests.conftest import make_database

DAY = datetime.date(2025, 10, 1)
SEES = {"owner": True, "parent": True, "reviewer": True, "admin": True, "monitor": False, "other": False,
        "sibling": False, "anonymous": False}


@pytest.fixture
def posture(users, databases):
    database = databases["restricted"]
    approval = security_approval_record(user=users["owner"], database=database, level=3,
                                        decision_number="12/QĐ-UBND", decided_on=DAY,
                                        approving_authority="Ủy ban nhân dân phường Ba Đình")
    assessment = security_assessment_record(user=users["owner"], database=database,
                                            assessed_on=timezone.localdate() - datetime.timedelta(days=400),
                                            assessor="Cục A05", result="partly", findings="Thiếu nhật ký")
    incident = security_incident_record(user=users["owner"], owner=database.owner, databases=[database],
                                        occurred_at=timezone.now(), severity="critical", summary="Tấn công")
    return {"database": database, "approval": approval, "assessment": assessment, "incident": incident}


@pytest.mark.parametrize("role", list(SEES))
def test_visibility(users, posture, role):
    user = AnonymousUser() if role == "anonymous" else users[role]
    expected = SEES[role]
    assert posture_visible(user=user, database=posture["database"]) is expected
    assert list(approvals_visible(user=user)) == ([posture["approval"]] if expected else [])
    assert list(assessments_visible(user=user)) == ([posture["assessment"]] if expected else [])
    assert list(incidents_visible(user=user)) == ([posture["incident"]] if expected else [])


@pytest.mark.parametrize("role", ["other", "sibling", "reviewer", "monitor"])
def test_only_the_owners_editors_record(users, databases, role):
    with pytest.raises(PermissionDenied):
        security_assessment_record(user=users[role], database=databases["public"], assessed_on=DAY,
                                   assessor="Cục A05", result="pass")
    with pytest.raises(PermissionDenied):
        security_incident_record(user=users[role], owner=databases["public"].owner, databases=[databases["public"]],
                                 occurred_at=timezone.now(), severity="low", summary="x")
    assert not SecurityAssessment.objects.exists() and not SecurityIncident.objects.exists()


def test_parent_editor_and_admin_may_record(users, databases):
    for role in ("parent", "admin"):
        security_approval_record(user=users[role], database=databases["public"], level=2,
                                 decision_number=f"{role}/QĐ", decided_on=DAY, approving_authority="UBND")


def test_latest_approval_is_current_and_history_is_kept(users, posture):
    database = posture["database"]
    newer = security_approval_record(user=users["owner"], database=database, level=4, decision_number="20/QĐ-UBND",
                                     decided_on=DAY + datetime.timedelta(days=60), approving_authority="UBND")
    security_approval_record(user=users["owner"], database=database, level=2, decision_number="05/QĐ-UBND",
                             decided_on=DAY - datetime.timedelta(days=400), approving_authority="UBND")
    assert current_approval(database) == newer
    assert database.security_approvals.count() == 3
    assert newer.history.first().history_user == users["owner"]


def test_next_assessment_due_after_its_period(users, databases):
    assessment = security_assessment_record(user=users["owner"], database=databases["public"],
                                            assessed_on=datetime.date(2025, 1, 31), assessor="A05", result="pass",
                                            period_months=1)
    assert assessment.next_due_on == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 12, 15), 12) == datetime.date(2025, 12, 15)


@pytest.mark.parametrize("changes", [
    {"level": 6}, {"decision_number": ""}, {"approving_authority": " "},
])
def test_bad_approval_is_refused(users, databases, changes):
    fields = {"level": 3, "decision_number": "1/QĐ", "decided_on": DAY, "approving_authority": "UBND", **changes}
    with pytest.raises(ValidationError):
        security_approval_record(user=users["owner"], database=databases["public"], **fields)


def test_bad_assessment_and_incident_are_refused(users, databases):
    database = databases["public"]
    with pytest.raises(ValidationError):
        security_assessment_record(user=users["owner"], database=database, assessed_on=DAY, assessor="A05",
                                   result="excellent")
    with pytest.raises(ValidationError):
        security_assessment_record(user=users["owner"], database=database, assessed_on=DAY, assessor="A05",
                                   result="pass", follow_up_due=DAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        security_assessment_record(user=users["owner"], database=database, assessed_on=DAY, assessor="A05",
                                   result="pass", period_months=0)
    with pytest.raises(ValidationError):
        security_incident_record(user=users["owner"], owner=database.owner, databases=[],
                                 occurred_at=timezone.now(), severity="low", summary="x")
    foreign = make_database(database.owner.parent, "CSDL-TINH")
    with pytest.raises(ValidationError):  # a database of the province is not the commune's
        security_incident_record(user=users["owner"], owner=database.owner, databases=[foreign],
                                 occurred_at=timezone.now(), severity="low", summary="x")


def test_the_database_enforces_the_incident_rules(users, bodies):
    now = timezone.now()
    for fields in ({"status": "resolved"}, {"status": "open", "resolved_at": now},
                   {"status": "resolved", "resolved_at": now - datetime.timedelta(days=2)}, {"severity": "grave"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            SecurityIncident.objects.create(**{"owner": bodies["commune"], "occurred_at": now, "severity": "low",
                                               "summary": "x", "recorded_by": users["owner"], **fields})


def test_resolving_sets_the_time(users, posture):
    incident = security_incident_update(user=users["owner"], incident=posture["incident"], status="resolved")
    assert incident.resolved_at is not None
    reopened = security_incident_update(user=users["owner"], incident=incident, status="open")
    assert reopened.resolved_at is None


def test_posture_feeds_the_checks(users, posture):
    database = posture["database"]
    database_checks_refresh(database_ids=[database.pk])
    found = dict(DatabaseCheckResult.objects.filter(database=database).values_list("code", "outcome"))
    assert found["no_open_critical_incident"] == "fail"
    assert found["security_assessment_current"] == "fail"  # assessed 400 days ago, due after 12 months
    security_assessment_record(user=users["owner"], database=database, assessed_on=timezone.localdate(),
                               assessor="Cục A05", result="pass")
    security_incident_update(user=users["owner"], incident=posture["incident"], status="resolved")
    database_checks_refresh(database_ids=[database.pk])
    found = dict(DatabaseCheckResult.objects.filter(database=database).values_list("code", "outcome"))
    assert found["no_open_critical_incident"] == found["security_assessment_current"] == "pass"
