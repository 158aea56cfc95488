"""Conformance assessments (catalog.conformance): score arithmetic, the requirement must belong to
the assessment's framework and apply to what is assessed, only assessors record, history kept
(the latest final one is current), and the automatic check shown beside the manual answer."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from architecture.models import FrameworkRequirement, FrameworkVersion, User
from catalog.checks import database_checks_refresh
from catalog.conformance import (
    answer_delete,
    answer_save,
    answers_with_checks,
    assessment_create,
    assessment_update,
    current_assessment,
    score_of,
)
from catalog.models import AssessmentAnswer
from tests.catalog.quality_fixtures import NOW, good_database

DAY = datetime.date(2025, 9, 1)


@pytest.mark.parametrize("answers, score, applicable", [
    (["compliant", "partly", "not_compliant", "not_applicable"], Decimal("50.0"), 3),
    (["compliant", "compliant", "partly"], Decimal("83.3"), 3),
    (["partly"], Decimal("50.0"), 1),
    (["not_applicable", "not_applicable"], None, 0),
    ([], None, 0),
    (["compliant"] * 2 + ["partly"] * 1 + ["not_compliant"] * 5, Decimal("31.3"), 8),
])
def test_score_arithmetic(answers, score, applicable):
    assert score_of(answers) == (score, applicable)


@pytest.fixture
def framework(db):
    version = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung kiến trúc", version="3.0")
    other = FrameworkVersion.objects.create(code="NDAF-1.0", name_vi="Khung dữ liệu", version="1.0")

    def requirement(framework, identifier, applies_to, check=""):
        return FrameworkRequirement.objects.create(
            framework=framework, identifier=identifier, text_vi=identifier, reference_model="DRM",
            legal_source="Quyết định 2568/QĐ-BTTTT", applies_to=applies_to, check_code=check)

    return {
        "version": version,
        "db1": requirement(version, "D1", "database", "contact_point"),
        "db2": requirement(version, "D2", "database", "no_open_critical_incident"),
        "db3": requirement(version, "D3", "database"),
        "body1": requirement(version, "B1", "body"),
        "foreign": requirement(other, "X1", "database"),
    }


@pytest.fixture
def assessor(bodies):
    return User.objects.create_user(username="assessor", password="x-2025!", body=bodies["province"],
                                    is_assessor=True)


def test_scores_follow_the_answers(users, bodies, databases, framework, assessor):
    assessment = assessment_create(user=assessor, framework=framework["version"], database=databases["public"],
                                   assessed_on=DAY)
    assert assessment.body == bodies["commune"] and assessment.score is None
    answer_save(user=assessor, assessment=assessment, requirement=framework["db1"], answer="compliant",
                evidence_url="https://example.gov.vn/bien-ban.pdf")
    answer_save(user=assessor, assessment=assessment, requirement=framework["db2"], answer="partly")
    answer_save(user=assessor, assessment=assessment, requirement=framework["db3"], answer="not_applicable")
    assessment.refresh_from_db()
    assert (assessment.score, assessment.applicable_count) == (Decimal("75.0"), 2)
    answer = answer_save(user=assessor, assessment=assessment, requirement=framework["db2"], answer="not_compliant")
    assessment.refresh_from_db()
    assert assessment.score == Decimal("50.0")
    assert AssessmentAnswer.objects.filter(assessment=assessment).count() == 3  # re-answered, not added
    answer_delete(user=assessor, answer=answer)
    assessment.refresh_from_db()
    assert (assessment.score, assessment.applicable_count) == (Decimal("100.0"), 1)


def test_requirement_of_another_framework_or_kind_is_refused(databases, bodies, framework, assessor):
    of_database = assessment_create(user=assessor, framework=framework["version"], database=databases["public"],
                                    assessed_on=DAY)
    of_body = assessment_create(user=assessor, framework=framework["version"], body=bodies["province"],
                                assessed_on=DAY)
    for assessment, requirement in [(of_database, framework["foreign"]), (of_database, framework["body1"]),
                                    (of_body, framework["db1"])]:
        with pytest.raises(ValidationError) as error:
            answer_save(user=assessor, assessment=assessment, requirement=requirement, answer="compliant")
        assert "requirement" in error.value.message_dict
    assert not AssessmentAnswer.objects.exists()


def test_a_database_is_assessed_with_its_owner(databases, bodies, framework, assessor):
    with pytest.raises(ValidationError):
        assessment_create(user=assessor, framework=framework["version"], database=databases["public"],
                          body=bodies["province"], assessed_on=DAY)


@pytest.mark.parametrize("role", ["owner", "parent", "reviewer", "monitor", "other"])
def test_only_assessors_record(users, databases, framework, role):
    with pytest.raises(PermissionDenied):
        assessment_create(user=users[role], framework=framework["version"], database=databases["public"],
                          assessed_on=DAY)


def test_an_assessor_of_another_chain_may_not(bodies, databases, framework):
    outsider = User.objects.create_user(username="assessor2", password="x-2025!", body=bodies["other_ministry"],
                                        is_assessor=True)
    with pytest.raises(PermissionDenied):
        assessment_create(user=outsider, framework=framework["version"], database=databases["public"],
                          assessed_on=DAY)


def test_history_kept_and_latest_final_is_current(databases, framework, assessor):
    database = databases["public"]
    first = assessment_create(user=assessor, framework=framework["version"], database=database, assessed_on=DAY)
    assessment_update(user=assessor, assessment=first, status="final")
    second = assessment_create(user=assessor, framework=framework["version"], database=database,
                               assessed_on=DAY + datetime.timedelta(days=90))
    assert current_assessment(database=database) == first  # the newer one is a draft
    assessment_update(user=assessor, assessment=second, status="final")
    assert current_assessment(database=database) == second
    with pytest.raises(ValidationError):
        assessment_update(user=assessor, assessment=first, comment="sửa lại")
    with pytest.raises(ValidationError):
        answer_save(user=assessor, assessment=first, requirement=framework["db1"], answer="compliant")
    assert first.history.count() == 2


def test_automatic_check_beside_the_manual_answer(users, bodies, framework, assessor):
    database = good_database(users, bodies)
    database_checks_refresh(database_ids=[database.pk], now=NOW)
    assessment = assessment_create(user=assessor, framework=framework["version"], database=database,
                                   assessed_on=DAY)
    answer_save(user=assessor, assessment=assessment, requirement=framework["db1"], answer="partly")
    rows = {row.requirement.identifier: row for row in answers_with_checks(user=users["owner"],
                                                                           assessment=assessment)}
    assert list(rows) == ["D1", "D2", "D3"]  # the body requirement does not apply
    assert rows["D1"].answer.answer == "partly" and rows["D1"].check.outcome == "pass"
    assert rows["D2"].answer is None and rows["D2"].check.code == "no_open_critical_incident"
    assert rows["D3"].check is None
    # A monitor sees the assessment but not the posture check beside it.
    hidden = {row.requirement.identifier: row for row in answers_with_checks(user=users["monitor"],
                                                                             assessment=assessment)}
    assert hidden["D2"].check is None and hidden["D2"].check_hidden
    assert hidden["D1"].check.outcome == "pass"


def test_the_database_refuses_a_requirement_that_does_not_fit(databases, bodies, framework, assessor):
    from django.db import IntegrityError, transaction

    of_database = assessment_create(user=assessor, framework=framework["version"], database=databases["public"],
                                    assessed_on=DAY)
    for requirement in (framework["foreign"], framework["body1"]):
        with pytest.raises(IntegrityError), transaction.atomic():
            AssessmentAnswer.objects.create(assessment=of_database, requirement=requirement, answer="compliant")
    answer = AssessmentAnswer.objects.create(assessment=of_database, requirement=framework["db1"], answer="partly")
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentAnswer.objects.filter(pk=answer.pk).update(requirement=framework["body1"])
