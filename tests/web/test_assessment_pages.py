"""The conformance assessment pages (catalog.assessment_views): only assessors of the body's chain
record assessments; one form holds every applicable requirement with its answer, evidence and
comment, the automatic check beside it; invalid input (a file too large, evidence without an
answer, finalizing with a requirement unanswered) stores nothing; a final assessment is not
changed; everyone reads the assessments of what they may see."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from architecture.models import FrameworkRequirement, FrameworkVersion, User
from catalog.assessment_forms import EVIDENCE_MAX_BYTES
from catalog.checks import database_checks_refresh
from catalog.conformance import answer_save, assessment_create
from catalog.models import AssessmentAnswer, ConformanceAssessment
from tests.web.conftest import BROWSER


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def framework(db):
    version = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung kiến trúc", version="3.0")

    def requirement(identifier, applies_to, check="", order=0):
        return FrameworkRequirement.objects.create(
            framework=version, identifier=identifier, text_vi=f"Yêu cầu {identifier}", reference_model="DRM",
            legal_source="Quyết định 2568/QĐ-BTTTT", applies_to=applies_to, check_code=check, order=order)

    return {"version": version, "d1": requirement("D1", "database", "contact_point", 1),
            "d2": requirement("D2", "database", "no_open_critical_incident", 2), "d3": requirement("D3", "database", order=3),
            "b1": requirement("B1", "body")}


@pytest.fixture
def assessors(bodies):
    make = User.objects.create_user
    return {"assessor": make(username="assessor", password="x-2025!", body=bodies["province"], is_assessor=True),
            "far_assessor": make(username="far", password="x-2025!", body=bodies["other_ministry"], is_assessor=True)}


@pytest.fixture
def client_for(as_user, assessors):
    def make(role):
        if role in assessors:
            client = Client(headers={"Accept": BROWSER})
            client.force_login(assessors[role])
            return client
        return as_user(role)
    return make


def new_url(database):
    return f"/databases/{database.identifier}/assessments/new/"


def draft(assessors, framework, database=None, body=None):
    return assessment_create(user=assessors["assessor"], framework=framework["version"], database=database, body=body,
                             assessed_on=datetime.date(2025, 10, 1))


def answers(framework, **overrides):
    data = {"assessed_on": "2025-10-02", "comment": "Đánh giá định kỳ"}
    for key in ("d1", "d2", "d3"):
        prefix = f"r{framework[key].pk}"
        data.update({f"{prefix}-answer": "compliant", f"{prefix}-evidence_url": "", f"{prefix}-comment": ""})
    data.update(overrides)
    return data


# --- who may record

@pytest.mark.parametrize("role, status", [
    ("assessor", 200), ("admin", 200),
    ("far_assessor", 403), ("owner", 403), ("parent", 403), ("monitor", 403), ("reviewer", 403),
])
def test_only_assessors_of_the_chain_open_the_new_assessment_page(client_for, databases, framework, role, status):
    assert client_for(role).get(new_url(databases["public"])).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(as_user, databases, framework):
    response = as_user(None).post(new_url(databases["public"]), {"framework": framework["version"].pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ConformanceAssessment.objects.exists()


def test_a_database_the_user_may_not_see_is_not_found(client_for, databases, framework):
    assert client_for("far_assessor").get(new_url(databases["restricted"])).status_code == 404
    assert client_for("far_assessor").get("/databases/CSDL-MAT/assessments/").status_code == 404


@pytest.mark.parametrize("role, shown", [("assessor", True), ("owner", False), ("monitor", False), (None, False)])
def test_the_record_button_is_shown_only_to_assessors(client_for, databases, framework, role, shown):
    database_page = client_for(role).get("/databases/CSDL-CONG-KHAI").content.decode()
    body_page = client_for(role).get("/bodies/00004/").content.decode()
    assert ('data-testid="assess-database"' in database_page) is shown
    assert ('data-testid="assess-body"' in body_page) is shown


# --- recording

def test_an_assessor_records_a_draft_then_answers_every_requirement_in_one_form(
        client_for, assessors, databases, framework):
    database = databases["public"]
    database_checks_refresh(database_ids=[database.pk])
    client = client_for("assessor")
    response = client.post(new_url(database), {"framework": framework["version"].pk, "assessed_on": "2025-10-01",
                                               "comment": ""})
    assessment = ConformanceAssessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assessments/{assessment.pk}/edit/"
    assert (assessment.database, assessment.status, assessment.assessor) == (database, "draft", assessors["assessor"])

    page = client.get(response["Location"])
    identifiers = [row.requirement.identifier for row, _form in page.context["pairs"]]
    assert identifiers == ["D1", "D2", "D3"]  # the body's requirement is not asked of a database
    assert page.context["pairs"][0][0].check is not None  # the stored automatic check is shown beside

    evidence = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban", content_type="application/pdf")
    d1, d2 = f"r{framework['d1'].pk}", f"r{framework['d2'].pk}"
    response = client.post(f"/assessments/{assessment.pk}/edit/", answers(
        framework, **{f"{d1}-evidence_file": evidence, f"{d2}-answer": "partly",
                      f"{d2}-evidence_url": "https://badinh.gov.vn/su-co.pdf", f"{d2}-comment": "Còn sự cố mở"}))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.score, assessment.applicable_count, assessment.status) == (Decimal("83.3"), 3, "draft")
    assert assessment.comment == "Đánh giá định kỳ"
    saved = AssessmentAnswer.objects.get(requirement=framework["d1"])
    assert saved.evidence_file.name.endswith(".pdf")
    assert AssessmentAnswer.objects.get(requirement=framework["d2"]).comment == "Còn sự cố mở"
    download = client.get(f"/assessments/{assessment.pk}/evidence/{saved.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 bien ban"

    detail = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "83,3%" in detail and 'data-testid="edit-assessment"' in detail

    assert client.post(f"/assessments/{assessment.pk}/finalize/").status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "final"


def test_finalizing_in_the_form_saves_and_closes_the_draft(client_for, assessors, databases, framework):
    assessment = draft(assessors, framework, database=databases["public"])
    response = client_for("assessor").post(f"/assessments/{assessment.pk}/edit/", {**answers(framework), "finalize": "1"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.score) == ("final", Decimal("100.0"))


def test_a_body_is_assessed_against_its_own_requirements(client_for, bodies, framework):
    client = client_for("assessor")
    response = client.post("/bodies/00004/assessments/new/", {"framework": framework["version"].pk,
                                                              "assessed_on": "2025-10-01"})
    assessment = ConformanceAssessment.objects.get()
    assert response.status_code == 302 and assessment.database is None and assessment.body == bodies["commune"]
    page = client.get(f"/assessments/{assessment.pk}/edit/")
    assert [row.requirement.identifier for row, _form in page.context["pairs"]] == ["B1"]
    listing = client_for("monitor").get("/bodies/00004/assessments/").content.decode()
    assert f"/assessments/{assessment.pk}/" in listing and 'data-testid="new-assessment"' not in listing


# --- invalid input stores nothing

def _nothing_stored(assessment):
    assessment.refresh_from_db()
    assert not assessment.answers.exists()
    assert (assessment.status, assessment.score, assessment.comment) == ("draft", None, "")


def test_a_file_too_large_is_refused_beside_its_input(client_for, assessors, databases, framework):
    assessment = draft(assessors, framework, database=databases["public"])
    d3 = f"r{framework['d3'].pk}"
    big = SimpleUploadedFile("lon.pdf", b"0" * (EVIDENCE_MAX_BYTES + 1), content_type="application/pdf")
    response = client_for("assessor").post(f"/assessments/{assessment.pk}/edit/",
                                           answers(framework, **{f"{d3}-evidence_file": big}))
    assert response.status_code == 400
    form = next(form for row, form in response.context["pairs"] if row.requirement.identifier == "D3")
    assert form.errors["evidence_file"] == ["Tệp lớn hơn 10 MB."]
    _nothing_stored(assessment)


@pytest.mark.parametrize("overrides, field", [
    ({"-evidence_file": SimpleUploadedFile("virus.exe", b"MZ")}, "evidence_file"),
    ({"-answer": "", "-comment": "Chưa rõ"}, "answer"),
    ({"-answer": "maybe"}, "answer"),
    ({"-evidence_url": "không phải liên kết"}, "evidence_url"),
])
def test_invalid_answers_store_nothing(client_for, assessors, databases, framework, overrides, field):
    assessment = draft(assessors, framework, database=databases["public"])
    prefix = f"r{framework['d2'].pk}"
    data = answers(framework, **{prefix + key: value for key, value in overrides.items()})
    response = client_for("assessor").post(f"/assessments/{assessment.pk}/edit/", data)
    assert response.status_code == 400
    form = next(form for row, form in response.context["pairs"] if row.requirement.identifier == "D2")
    assert field in form.errors
    _nothing_stored(assessment)


def test_finalizing_with_a_requirement_unanswered_stores_nothing(client_for, assessors, databases, framework):
    assessment = draft(assessors, framework, database=databases["public"])
    data = {**answers(framework, **{f"r{framework['d3'].pk}-answer": ""}), "finalize": "1"}
    response = client_for("assessor").post(f"/assessments/{assessment.pk}/edit/", data)
    assert response.status_code == 400
    assert "Trả lời mọi yêu cầu trước khi hoàn tất." in response.content.decode()
    _nothing_stored(assessment)


def test_a_bad_date_stores_nothing(client_for, assessors, databases, framework):
    assessment = draft(assessors, framework, database=databases["public"])
    response = client_for("assessor").post(f"/assessments/{assessment.pk}/edit/",
                                           answers(framework, assessed_on="2025-13-45"))
    assert response.status_code == 400 and "assessed_on" in response.context["header"].errors
    _nothing_stored(assessment)


def test_a_new_assessment_needs_a_framework(client_for, databases, framework):
    response = client_for("assessor").post(new_url(databases["public"]), {"framework": "", "assessed_on": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"framework", "assessed_on"}
    assert not ConformanceAssessment.objects.exists()


# --- who may change an existing assessment, and a final one

@pytest.mark.parametrize("role, status", [("far_assessor", 403), ("owner", 403), ("monitor", 403)])
def test_others_change_no_draft(client_for, assessors, databases, framework, role, status):
    assessment = draft(assessors, framework, database=databases["public"])
    client = client_for(role)
    assert client.get(f"/assessments/{assessment.pk}/edit/").status_code == status
    assert client.post(f"/assessments/{assessment.pk}/edit/", answers(framework)).status_code == status
    assert client.post(f"/assessments/{assessment.pk}/finalize/").status_code == status
    _nothing_stored(assessment)


def test_a_final_assessment_is_not_changed(client_for, assessors, databases, framework):
    assessment = draft(assessors, framework, database=databases["public"])
    answer_save(user=assessors["assessor"], assessment=assessment, requirement=framework["d1"], answer="compliant")
    assessment.status = "final"
    assessment.save()
    client = client_for("assessor")
    response = client.post(f"/assessments/{assessment.pk}/edit/", answers(framework, comment="Sửa"))
    assert response.status_code == 302 and response["Location"] == f"/assessments/{assessment.pk}/"
    assessment.refresh_from_db()
    assert assessment.comment == "" and assessment.answers.count() == 1
    assert 'data-testid="edit-assessment"' not in client.get(f"/assessments/{assessment.pk}/").content.decode()


def test_readers_see_assessments_of_what_they_see_only(client_for, assessors, databases, framework):
    restricted = draft(assessors, framework, database=databases["restricted"])
    public = draft(assessors, framework, database=databases["public"])
    assert client_for("far_assessor").get(f"/assessments/{restricted.pk}/").status_code == 404
    assert client_for(None).get(f"/assessments/{restricted.pk}/").status_code == 404
    page = client_for("monitor").get(f"/assessments/{public.pk}/")
    assert page.status_code == 200
    # The posture check is hidden from monitors, shown to the owner chain.
    assert "Kiểm tra về an ninh: không hiển thị với bạn." in page.content.decode()
    assert 'data-testid="edit-assessment"' not in page.content.decode()


def test_the_evidence_of_a_restricted_database_is_as_restricted_as_the_database(
        client_for, assessors, databases, framework):
    assessment = draft(assessors, framework, database=databases["restricted"])
    answer = answer_save(user=assessors["assessor"], assessment=assessment, requirement=framework["d3"],
                         answer="compliant", evidence_file=SimpleUploadedFile("mat.pdf", b"%PDF mat"))
    url = f"/assessments/{assessment.pk}/evidence/{answer.pk}/"
    assert client_for("owner").get(url).status_code == 200
    assert client_for("far_assessor").get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    assert f'href="{url}"' in client_for("owner").get(f"/assessments/{assessment.pk}/").content.decode()
