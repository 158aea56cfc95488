"""The security posture pages of a database (catalog.assessment_views): seen only by the owner chain,
reviewers and administrators (404 for everyone else, monitors included), changed only by the owner
chain's editors (403 for reviewers); approvals, TCVN 14423:2025 assessments and incidents are
recorded, an incident's status updated, and invalid input says why beside the input and stores nothing."""

import datetime

import pytest
from django.utils import timezone

from catalog.models import SecurityApproval, SecurityAssessment, SecurityIncident
from catalog.security import security_incident_record
from tests.conftest import make_database

POSTURE = "/databases/CSDL-MAT/security/"
APPROVAL = POSTURE + "approvals/new/"
ASSESSMENT = POSTURE + "assessments/new/"
INCIDENT = POSTURE + "incidents/new/"


def approval_form(**overrides):
    return {"level": "3", "decision_number": "25/QĐ-UBND", "decided_on": "2025-07-01",
            "approving_authority": "Ủy ban nhân dân phường Ba Đình", "note": "", **overrides}


def assessment_form(**overrides):
    return {"assessed_on": "2025-08-01", "assessor": "Trung tâm An ninh mạng", "result": "partly",
            "findings": "Thiếu sao lưu ngoài", "follow_up_due": "2025-10-01", "period_months": "12", **overrides}


def incident_form(affected, **overrides):
    return {"occurred_at": "2025-09-10T08:30", "severity": "high", "summary": "Truy cập trái phép",
            "databases": [database.pk for database in affected], "response": "", **overrides}


@pytest.fixture
def incident(users, databases):
    return security_incident_record(user=users["owner"], owner=databases["restricted"].owner,
                                    databases=[databases["restricted"]], occurred_at=timezone.now(),
                                    severity="critical", summary="Mã độc")


# --- who sees and who changes

@pytest.mark.parametrize("role, status", [
    ("owner", 200), ("parent", 200), ("reviewer", 200), ("admin", 200),
    ("monitor", 404), ("other", 404), ("sibling", 404),
])
def test_the_posture_is_seen_only_by_the_owner_chain_reviewers_and_administrators(as_user, databases, role, status):
    assert as_user(role).get(POSTURE).status_code == status
    assert as_user(role).get("/databases/CSDL-CONG-KHAI/security/").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(as_user, databases):
    response = as_user(None).get("/databases/CSDL-CONG-KHAI/security/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert as_user(None).post("/databases/CSDL-CONG-KHAI/security/approvals/new/", approval_form()).status_code == 302
    assert not SecurityApproval.objects.exists()


@pytest.mark.parametrize("role, status", [
    ("owner", 200), ("parent", 200), ("admin", 200), ("reviewer", 403), ("monitor", 404), ("other", 404),
])
def test_only_the_owner_chains_editors_open_the_forms(as_user, databases, incident, role, status):
    client = as_user(role)
    for url in (APPROVAL, ASSESSMENT, INCIDENT, f"{POSTURE}incidents/{incident.pk}/"):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("role", ["reviewer", "monitor", "other", "sibling"])
def test_others_record_nothing(as_user, databases, incident, role):
    client = as_user(role)
    assert client.post(APPROVAL, approval_form()).status_code in (403, 404)
    assert client.post(ASSESSMENT, assessment_form()).status_code in (403, 404)
    assert client.post(INCIDENT, incident_form([databases["restricted"]])).status_code in (403, 404)
    assert client.post(f"{POSTURE}incidents/{incident.pk}/", {"status": "resolved", "severity": "low"}
                       ).status_code in (403, 404)
    assert not SecurityApproval.objects.exists() and not SecurityAssessment.objects.exists()
    incident.refresh_from_db()
    assert (SecurityIncident.objects.count(), incident.status) == (1, "open")


@pytest.mark.parametrize("role, link, buttons", [
    ("owner", True, True), ("reviewer", True, False), ("monitor", False, False), ("other", False, False),
])
def test_links_and_buttons_are_shown_only_to_those_who_may_act(as_user, databases, role, link, buttons):
    page = as_user(role).get("/databases/CSDL-CONG-KHAI").content.decode()
    assert ('data-testid="security-posture-page"' in page) is link
    if link:
        posture = as_user(role).get("/databases/CSDL-CONG-KHAI/security/").content.decode()
        assert ("/databases/CSDL-CONG-KHAI/security/approvals/new/" in posture) is buttons


# --- approvals

def test_the_owners_editor_records_an_approval(as_user, users, databases):
    response = as_user("owner").post(APPROVAL, approval_form())
    assert response.status_code == 302 and response["Location"] == POSTURE
    approval = SecurityApproval.objects.get()
    assert (approval.database, approval.level, approval.recorded_by) == (databases["restricted"], 3, users["owner"])
    assert "25/QĐ-UBND" in as_user("reviewer").get(POSTURE).content.decode()


@pytest.mark.parametrize("overrides, field", [
    ({"level": "7"}, "level"), ({"decision_number": ""}, "decision_number"),
    ({"approving_authority": ""}, "approving_authority"), ({"decided_on": "31/31/2025"}, "decided_on"),
])
def test_invalid_approvals_store_nothing(as_user, databases, overrides, field):
    response = as_user("parent").post(APPROVAL, approval_form(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SecurityApproval.objects.exists()


# --- TCVN 14423:2025 assessments

def test_an_assessment_is_recorded_with_its_next_due_date(as_user, databases):
    assert as_user("owner").post(ASSESSMENT, assessment_form()).status_code == 302
    assessment = SecurityAssessment.objects.get()
    assert assessment.next_due_on == datetime.date(2026, 8, 1)


@pytest.mark.parametrize("overrides, field", [
    ({"follow_up_due": "2025-07-01"}, "follow_up_due"), ({"period_months": "0"}, "period_months"),
    ({"period_months": "61"}, "period_months"), ({"assessor": ""}, "assessor"), ({"result": "great"}, "result"),
])
def test_invalid_assessments_store_nothing(as_user, databases, overrides, field):
    response = as_user("owner").post(ASSESSMENT, assessment_form(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SecurityAssessment.objects.exists()


def test_a_follow_up_before_the_assessment_is_refused_in_vietnamese(as_user, databases):
    response = as_user("owner").post(ASSESSMENT, assessment_form(follow_up_due="2025-07-01"))
    errors = response.context["form"].errors
    assert "__all__" not in errors
    assert errors["follow_up_due"] != ["The follow-up is due on or after the assessment date."]


# --- incidents

def test_an_incident_is_recorded_and_resolved(as_user, bodies, databases):
    second = make_database(bodies["commune"], "CSDL-MAT-2", "restricted")
    client = as_user("owner")
    assert client.post(INCIDENT, incident_form([databases["restricted"], second])).status_code == 302
    incident = SecurityIncident.objects.get()
    assert set(incident.databases.all()) == {databases["restricted"], second}
    assert incident.status == "open"
    response = client.post(f"{POSTURE}incidents/{incident.pk}/", {"status": "resolved", "severity": "high",
                                                                  "response": "Đã khôi phục", "resolved_at": ""})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "resolved" and incident.resolved_at is not None and incident.response == "Đã khôi phục"
    client.post(f"{POSTURE}incidents/{incident.pk}/", {"status": "open", "severity": "high", "response": ""})
    incident.refresh_from_db()
    assert incident.status == "open" and incident.resolved_at is None


@pytest.mark.parametrize("overrides, field", [
    ({"severity": "apocalyptic"}, "severity"), ({"summary": ""}, "summary"),
    ({"databases": []}, "databases"), ({"occurred_at": "hôm qua"}, "occurred_at"),
])
def test_invalid_incidents_store_nothing(as_user, databases, overrides, field):
    response = as_user("owner").post(INCIDENT, incident_form([databases["restricted"]], **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SecurityIncident.objects.exists()


def test_another_bodys_database_cannot_be_named_affected(as_user, bodies, databases):
    foreign = make_database(bodies["other_commune"], "CSDL-KHAC", "public")
    response = as_user("parent").post(INCIDENT, incident_form([databases["restricted"], foreign]))
    assert response.status_code == 400 and "databases" in response.context["form"].errors
    assert not SecurityIncident.objects.exists()


def test_a_resolution_before_the_incident_is_refused_and_changes_nothing(as_user, databases, incident):
    before = incident.occurred_at - datetime.timedelta(days=2)
    response = as_user("owner").post(f"{POSTURE}incidents/{incident.pk}/", {
        "status": "resolved", "severity": "low", "response": "x", "resolved_at": before.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 400
    incident.refresh_from_db()
    assert (incident.status, incident.severity, incident.response) == ("open", "critical", "")


def test_an_incident_is_updated_only_through_a_database_it_affects(as_user, databases, incident):
    assert as_user("owner").get(f"/databases/CSDL-NOI-BO/security/incidents/{incident.pk}/").status_code == 404
