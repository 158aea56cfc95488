"""The admin of the security posture, conformance assessments and computed results
(catalog.admin_quality): the same rules as the services, bad input as form errors (never a 500)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from architecture.models import FrameworkRequirement, FrameworkVersion, User
from catalog.checks import database_checks_refresh
from catalog.conformance import assessment_create
from catalog.models import (
    AssessmentAnswer,
    DatabaseCheckResult,
    SecurityAssessment,
    SecurityIncident,
)
from catalog.security import security_incident_record


@pytest.fixture
def staff(users):
    for user in users.values():
        user.is_staff = True
        user.save()
    return users


@pytest.fixture
def incident(users, databases):
    return security_incident_record(user=users["owner"], owner=databases["restricted"].owner,
                                    databases=[databases["restricted"]], occurred_at=timezone.now(),
                                    severity="critical", summary="Tấn công")


@pytest.mark.parametrize("role, sees", [("owner", True), ("parent", True), ("reviewer", True), ("admin", True),
                                        ("monitor", False), ("sibling", False), ("other", False)])
def test_posture_is_seen_by_its_readers_only(client, staff, incident, role, sees):
    client.force_login(staff[role])
    listing = client.get(reverse("admin:catalog_securityincident_changelist"))
    assert listing.status_code == 200
    assert ("Tấn công" in listing.content.decode()) is sees
    detail = client.get(reverse("admin:catalog_securityincident_change", args=[incident.pk]))
    assert detail.status_code == (200 if sees else 404)


def test_owner_records_an_assessment_through_the_service(client, staff, databases):
    client.force_login(staff["owner"])
    response = client.post(reverse("admin:catalog_securityassessment_add"), {
        "database": databases["public"].pk, "assessed_on": "2025-10-01", "assessor": "Cục A05", "result": "pass",
        "findings": "", "period_months": 6})
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = SecurityAssessment.objects.get()
    assert assessment.next_due_on == datetime.date(2026, 4, 1)
    assert assessment.history.first().history_user == staff["owner"]


def test_incident_with_a_foreign_database_is_a_form_error(client, staff, databases, bodies):
    from tests.conftest import make_database
    foreign = make_database(bodies["other_ministry"], "CSDL-BO-Y-TE")
    client.force_login(staff["admin"])
    response = client.post(reverse("admin:catalog_securityincident_add"), {
        "owner": bodies["commune"].pk, "occurred_at_0": "2025-11-01", "occurred_at_1": "10:00:00",
        "severity": "high", "summary": "Lộ dữ liệu", "databases": [foreign.pk], "status": "open", "response": ""})
    assert response.status_code == 200
    assert "không phải là cơ sở dữ liệu của cơ quan chịu trách nhiệm" in response.content.decode()
    assert not SecurityIncident.objects.exists()


def test_assessment_answers_are_checked_and_scored(client, staff, bodies, databases):
    assessor = User.objects.create_user(username="assessor", password="x-2025!", body=bodies["province"],
                                        is_assessor=True, is_staff=True)
    version = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung", version="3.0")
    fields = {"legal_source": "Quyết định 2568/QĐ-BTTTT", "reference_model": "DRM", "text_vi": "x"}
    good = FrameworkRequirement.objects.create(framework=version, identifier="D1", applies_to="database", **fields)
    body_only = FrameworkRequirement.objects.create(framework=version, identifier="B1", applies_to="body", **fields)
    assessment = assessment_create(user=assessor, framework=version, database=databases["public"],
                                   assessed_on=datetime.date(2025, 9, 1))
    client.force_login(assessor)
    url = reverse("admin:catalog_conformanceassessment_change", args=[assessment.pk])

    def post(requirement):
        return client.post(url, {
            "body": bodies["commune"].pk, "database": databases["public"].pk, "framework": version.pk,
            "assessed_on": "2025-09-01", "comment": "", "status": "draft",
            "answers-TOTAL_FORMS": "1", "answers-INITIAL_FORMS": "0", "answers-MIN_NUM_FORMS": "0",
            "answers-MAX_NUM_FORMS": "1000", "answers-0-requirement": requirement.pk, "answers-0-answer": "partly",
            "answers-0-evidence_url": "", "answers-0-comment": ""})

    response = post(body_only)
    assert response.status_code == 200
    assert "Yêu cầu áp dụng cho cơ quan, không áp dụng cho cơ sở dữ liệu." in response.content.decode()
    assert not AssessmentAnswer.objects.exists()
    assert post(good).status_code == 302
    assessment.refresh_from_db()
    assert assessment.score == 50
    client.force_login(staff["owner"])  # an editor, not an assessor: reads, does not change
    assert client.post(url, {}).status_code == 403


def test_computed_results_are_read_only_and_hide_posture_checks(client, staff, databases, incident):
    database_checks_refresh()
    client.force_login(staff["monitor"])
    listing = client.get(reverse("admin:catalog_databasecheckresult_changelist") + "?code=no_open_critical_incident")
    assert listing.status_code == 200 and "CSDL-MAT" not in listing.content.decode()
    client.force_login(staff["owner"])
    listing = client.get(reverse("admin:catalog_databasecheckresult_changelist") + "?code=no_open_critical_incident")
    assert "CSDL-MAT" in listing.content.decode()
    result = DatabaseCheckResult.objects.filter(database=databases["restricted"]).first()
    change = reverse("admin:catalog_databasecheckresult_change", args=[result.pk])
    assert client.post(change, {"outcome": "pass"}).status_code == 403
