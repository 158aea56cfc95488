"""The API of issue #6's catalog side: automatic checks and quality (read-only, visible databases
only, posture checks only for readers of the posture), the security posture (owner chain,
reviewers and administrators read; the owner's editors write) and conformance assessments (read
with the database; only assessors write; answers with the automatic check beside them).

Roles as in test_permissions: owner (commune editor), parent (province editor), sibling (another
commune's editor), other (another ministry's editor), reviewer, monitor, admin, anonymous; plus
an assessor of the province's chain."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from architecture.models import FrameworkRequirement, FrameworkVersion, User
from architecture.tokens import token_create
from catalog.checks import POSTURE_CHECKS, database_checks_refresh
from catalog.models import (
    AssessmentAnswer,
    ConformanceAssessment,
    SecurityAssessment,
    SecurityIncident,
)
from catalog.security import security_assessment_record, security_incident_record
from tests.api.conftest import ROLES, bearer

POSTURE_READERS = {"owner", "parent", "reviewer", "admin"}
SEE_RESTRICTED = {"owner", "parent", "reviewer", "monitor", "admin"}
EDITORS = {"owner", "parent", "admin"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a temporary folder, not the project's media/."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def measured(databases):
    database_checks_refresh()
    return databases


@pytest.fixture
def posture(users, databases):
    database = databases["restricted"]
    assessment = security_assessment_record(user=users["owner"], database=database,
                                            assessed_on=datetime.date(2025, 10, 1), assessor="Cục A05", result="pass")
    incident = security_incident_record(user=users["owner"], owner=database.owner, databases=[database],
                                        occurred_at=datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC),
                                        severity="critical", summary="Tấn công")
    return {"database": database, "assessment": assessment, "incident": incident}


@pytest.fixture
def assessor_client(bodies):
    user = User.objects.create_user(username="assessor", password="x-2025!", body=bodies["province"],
                                    is_assessor=True)
    return bearer(token_create(user=user, name="test")[1])


@pytest.fixture
def framework(db):
    version = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung kiến trúc", version="3.0")
    other = FrameworkVersion.objects.create(code="NDAF-1.0", name_vi="Khung dữ liệu", version="1.0")
    requirement = {"legal_source": "Quyết định 2568/QĐ-BTTTT", "reference_model": "DRM"}
    return {
        "version": version,
        "contact": FrameworkRequirement.objects.create(framework=version, identifier="D1", text_vi="Đầu mối",
                                                       applies_to="database", check_code="contact_point",
                                                       **requirement),
        "incident": FrameworkRequirement.objects.create(framework=version, identifier="D2", text_vi="Sự cố",
                                                        applies_to="database",
                                                        check_code="no_open_critical_incident", **requirement),
        "body": FrameworkRequirement.objects.create(framework=version, identifier="B1", text_vi="Kiến trúc",
                                                    applies_to="body", **requirement),
        "foreign": FrameworkRequirement.objects.create(framework=other, identifier="X1", text_vi="Khác",
                                                       applies_to="database", **requirement),
    }


# --- checks and quality

@pytest.mark.parametrize("role", ROLES)
def test_checks_of_the_restricted_database(clients, measured, posture, role):
    database_checks_refresh()
    response = clients[role].get(f"/api/v1/databases/{posture['database'].identifier}/checks/")
    if role not in SEE_RESTRICTED:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    codes = {item["code"]: item for item in response.json()}
    assert bool(POSTURE_CHECKS & set(codes)) is (role in POSTURE_READERS)
    if role in POSTURE_READERS:
        assert codes["no_open_critical_incident"]["outcome"] == "fail"
    assert codes["contact_point"]["outcome"] == "fail" and codes["contact_point"]["reason"]


@pytest.mark.parametrize("role", ROLES)
def test_quality_is_read_with_the_database(clients, measured, role):
    for key in ("public", "restricted"):
        identifier = measured[key].identifier
        expected = 200 if key == "public" or role in SEE_RESTRICTED else 404
        response = clients[role].get(f"/api/v1/databases/{identifier}/quality/")
        assert response.status_code == expected, (key, role)
        assert clients[role].get(f"/api/v1/database-quality/{identifier}/").status_code == expected
        if expected == 200:
            body = response.json()
            assert set(body["metadata_quality"]["dimensions"]) == {
                "findability", "accessibility", "interoperability", "reusability", "contextuality"}
            assert body["correct"] == {"score": 0, "reasons": ["Chưa rà soát."]}  # Vietnamese by default
    listed = {item["database"] for item in clients[role].get("/api/v1/database-quality/").json()["results"]}
    assert ("CSDL-MAT" in listed) is (role in SEE_RESTRICTED)


def test_quality_has_an_etag_and_cannot_be_written(clients, measured):
    response = clients["admin"].get("/api/v1/database-quality/CSDL-CONG-KHAI/")
    assert response.status_code == 200 and response["ETag"]
    again = clients["admin"].get("/api/v1/database-quality/CSDL-CONG-KHAI/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert clients["admin"].post("/api/v1/database-quality/", {}, format="json").status_code == 405


# --- security posture

@pytest.mark.parametrize("role", ROLES)
def test_posture_reads(clients, posture, role):
    for url, entry in (("security-assessments", posture["assessment"]), ("security-incidents", posture["incident"])):
        listing = clients[role].get(f"/api/v1/{url}/")
        one = clients[role].get(f"/api/v1/{url}/{entry.pk}/")
        if role in POSTURE_READERS:
            assert [item["id"] for item in listing.json()["results"]] == [entry.pk]
            assert one.status_code == 200 and one["ETag"]
        else:
            assert listing.status_code == 200 and listing.json()["results"] == []
            assert one.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_posture_writes(clients, databases, role):
    body = {"database": databases["public"].identifier, "assessed_on": "2025-10-01", "assessor": "Cục A05",
            "result": "pass"}
    response = clients[role].post("/api/v1/security-assessments/", body, format="json")
    if role in EDITORS:
        assert response.status_code == 201, response.json()
        assert response.json()["next_due_on"] == "2026-10-01"
    else:
        # Anonymous 401; editors who may not see the posture cannot name the database (400); reviewer
        # and monitor are no editors (403 before the body is read).
        assert response.status_code == {"anonymous": 401, "sibling": 400, "other": 400}.get(role, 403)
    assert SecurityAssessment.objects.count() == (1 if role in EDITORS else 0)


def test_bad_posture_input_is_400_and_changes_nothing(clients, databases):
    for body in ({"database": "CSDL-CONG-KHAI", "assessed_on": "2025-10-01", "assessor": "A05", "result": "great"},
                 {"database": "CSDL-CONG-KHAI", "assessed_on": "2025-10-01", "assessor": "A05", "result": "pass",
                  "follow_up_due": "2025-01-01"},
                 {"database": "CSDL-CONG-KHAI", "assessed_on": "soon", "assessor": "A05", "result": "pass"}):
        assert clients["owner"].post("/api/v1/security-assessments/", body, format="json").status_code == 400
    assert not SecurityAssessment.objects.exists()


def test_an_incident_is_handled_with_if_match(clients, posture):
    url = f"/api/v1/security-incidents/{posture['incident'].pk}/"
    etag = clients["owner"].get(url)["ETag"]
    assert clients["monitor"].patch(url, {"status": "resolved"}, format="json").status_code == 403
    response = clients["owner"].patch(url, {"status": "resolved", "response": "Đã xử lý"}, format="json",
                                      HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "resolved" and response.json()["resolved_at"]
    stale = clients["owner"].patch(url, {"status": "open"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert SecurityIncident.objects.get().status == "resolved"


# --- conformance assessments

def test_only_assessors_start_assessments(clients, assessor_client, databases, framework):
    body = {"database": databases["public"].identifier, "framework": "DGAF-3.0", "assessed_on": "2025-09-01"}
    for role in ROLES:
        if role == "admin":
            continue
        expected = 401 if role == "anonymous" else 403
        assert clients[role].post("/api/v1/conformance-assessments/", body, format="json").status_code == expected
    response = assessor_client.post("/api/v1/conformance-assessments/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == "00004" and response.json()["status"] == "draft"
    assert clients["admin"].post("/api/v1/conformance-assessments/", body, format="json").status_code == 201


@pytest.fixture
def assessment(assessor_client, databases, framework):
    body = {"database": databases["restricted"].identifier, "framework": "DGAF-3.0", "assessed_on": "2025-09-01"}
    return assessor_client.post("/api/v1/conformance-assessments/", body, format="json").json()


@pytest.mark.parametrize("role", ROLES)
def test_assessments_are_read_with_their_database(clients, assessment, role):
    response = clients[role].get(f"/api/v1/conformance-assessments/{assessment['id']}/")
    assert response.status_code == (200 if role in SEE_RESTRICTED else 404)


def test_answers_score_and_checks_beside_them(clients, assessor_client, assessment, posture, framework):
    database_checks_refresh()
    url = f"/api/v1/conformance-assessments/{assessment['id']}/answers/"
    first = assessor_client.post(url, {"requirement": "D1", "answer": "compliant",
                                       "evidence_url": "https://example.gov.vn/bb.pdf"}, format="json")
    assert first.status_code == 200
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    rows = assessor_client.post(url, {"requirement": "D2", "answer": "partly", "evidence_file": upload},
                                format="multipart")
    assert rows.status_code == 200, rows.json()
    by_requirement = {row["requirement"]: row for row in rows.json()}
    assert set(by_requirement) == {"D1", "D2"}  # B1 is a body requirement
    assert by_requirement["D2"]["evidence_file"].endswith(".pdf")
    assert by_requirement["D1"]["automatic_check"]["outcome"] == "fail"
    assert by_requirement["D2"]["automatic_check"]["code"] == "no_open_critical_incident"
    detail = clients["owner"].get(f"/api/v1/conformance-assessments/{assessment['id']}/").json()
    assert detail["score"] == "75.0"
    # A monitor sees the answers, not the posture check beside them.
    seen = {row["requirement"]: row for row in clients["monitor"].get(url).json()}
    assert seen["D2"]["automatic_check"] is None and seen["D1"]["automatic_check"] is not None


def test_answers_to_foreign_or_misapplied_requirements_are_400(clients, assessor_client, assessment, framework):
    url = f"/api/v1/conformance-assessments/{assessment['id']}/answers/"
    for requirement in ("X1", "B1", "NO-SUCH"):
        response = assessor_client.post(url, {"requirement": requirement, "answer": "compliant"}, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "requirement"
    assert assessor_client.post(url, {"requirement": "D1", "answer": "maybe"}, format="json").status_code == 400
    assert clients["owner"].post(url, {"requirement": "D1", "answer": "compliant"}, format="json").status_code == 403
    assert not AssessmentAnswer.objects.exists()


def test_a_final_assessment_is_history(assessor_client, assessment):
    url = f"/api/v1/conformance-assessments/{assessment['id']}/"
    etag = assessor_client.get(url)["ETag"]
    assert assessor_client.patch(url, {"status": "final"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    again = assessor_client.patch(url, {"comment": "sửa"}, format="json")
    assert again.status_code == 400
    answer = assessor_client.post(f"{url}answers/", {"requirement": "D1", "answer": "compliant"}, format="json")
    assert answer.status_code == 400
    assert ConformanceAssessment.objects.get().comment == ""
