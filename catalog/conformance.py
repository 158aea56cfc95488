"""Conformance assessments (catalog.models.conformance): recording them, answering requirements,
the score, and the reads that put the automatic check beside each manual answer.

Only assessors record assessments: architecture.access.can_assess(user, owner=body), where body is
the assessed body or the assessed database's owner.

The score (stored on the assessment after every change, so the dashboard aggregates it in SQL):
each applicable answer weighs compliant 1, partly compliant 0.5, not compliant 0; "not
applicable" answers are left out; the score is 100 x (sum of weights) / (number of applicable
answers), rounded to one decimal; with no applicable answer there is no score (empty). Requirements
left unanswered do not count either (a draft is scored on what it answers so far).

An answer's requirement must belong to the assessment's framework version and apply to what is
assessed (a database, or a body when no database is set); the service refuses anything else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from architecture.access import can_assess, visible_filter
from architecture.models import FrameworkRequirement, FrameworkVersion
from architecture.models.frameworks import AppliesTo
from catalog.checks import CHECKS_BY_CODE, POSTURE_CHECKS
from catalog.models import (
    Answer,
    AssessmentAnswer,
    AssessmentStatus,
    ConformanceAssessment,
    Database,
    DatabaseCheckResult,
)

ANSWER_WEIGHTS = {Answer.COMPLIANT: Decimal(1), Answer.PARTLY: Decimal("0.5"), Answer.NOT_COMPLIANT: Decimal(0)}


def score_of(answers: list[str]) -> tuple[Decimal | None, int]:
    """(score, number of applicable answers) of these answers (see the module's rule)."""
    weights = [ANSWER_WEIGHTS[answer] for answer in answers if answer != Answer.NOT_APPLICABLE]
    if not weights:
        return None, 0
    score = (Decimal(100) * sum(weights) / len(weights)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return score, len(weights)


def _require_assess(user, body) -> None:
    if not can_assess(user, owner=body):
        raise PermissionDenied(_("Only assessors of this body record its conformance assessments."))


def _score_update(assessment: ConformanceAssessment) -> None:
    score, count = score_of(list(assessment.answers.values_list("answer", flat=True)))
    ConformanceAssessment.objects.filter(pk=assessment.pk).update(score=score, applicable_count=count)
    assessment.score, assessment.applicable_count = score, count


@transaction.atomic
def assessment_create(*, user, framework: FrameworkVersion, assessed_on: datetime.date, body=None,
                      database: Database | None = None, comment: str = "") -> ConformanceAssessment:
    """A new draft assessment of `database` (its owner is the assessed body) or of `body`."""
    if database is not None:
        if body is not None and body.pk != database.owner_id:
            raise ValidationError({"body": _("A database is assessed with its owning body.")})
        body = database.owner
    if body is None:
        raise ValidationError({"body": _("Name the assessed body or database.")})
    _require_assess(user, body)
    assessment = ConformanceAssessment(body=body, database=database, framework=framework, assessor=user,
                                       assessed_on=assessed_on, comment=comment.strip())
    assessment.full_clean()
    assessment._history_user = user
    assessment.save()
    return assessment


@transaction.atomic
def assessment_update(*, user, assessment: ConformanceAssessment, **changes) -> ConformanceAssessment:
    """Change the date, comment or status (draft -> final). A final assessment is history: it is
    not changed again; a new assessment is recorded instead."""
    _require_assess(user, assessment.body)
    if assessment.status == AssessmentStatus.FINAL:
        raise ValidationError({"status": _("A final assessment is not changed; record a new one.")})
    for name in ("assessed_on", "comment", "status"):
        if name in changes:
            setattr(assessment, name, changes.pop(name))
    if changes:
        raise ValidationError({name: _("This cannot be changed.") for name in changes})
    assessment.full_clean()
    assessment._history_user = user
    assessment.save()
    return assessment


def requirement_check(assessment: ConformanceAssessment, requirement: FrameworkRequirement) -> None:
    if requirement.framework_id != assessment.framework_id:
        raise ValidationError({"requirement": _("The requirement belongs to another framework version.")})
    expected = AppliesTo.DATABASE if assessment.database_id else AppliesTo.BODY
    if requirement.applies_to != expected:
        raise ValidationError({"requirement": _("The requirement applies to a database, not a body.")
                               if requirement.applies_to == AppliesTo.DATABASE
                               else _("The requirement applies to a body, not a database.")})


@transaction.atomic
def answer_save(*, user, assessment: ConformanceAssessment, requirement: FrameworkRequirement, answer: str,
                evidence_url: str = "", evidence_file=None, comment: str = "") -> AssessmentAnswer:
    """Answer (or re-answer) one requirement; the assessment's score follows."""
    _require_assess(user, assessment.body)
    assessment = ConformanceAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == AssessmentStatus.FINAL:
        raise ValidationError({"assessment": _("A final assessment is not changed; record a new one.")})
    requirement_check(assessment, requirement)
    entry = AssessmentAnswer.objects.filter(assessment=assessment, requirement=requirement).first()
    entry = entry or AssessmentAnswer(assessment=assessment, requirement=requirement)
    entry.answer, entry.evidence_url, entry.comment = answer, (evidence_url or "").strip(), (comment or "").strip()
    if evidence_file is not None:
        entry.evidence_file = evidence_file
    entry.full_clean()
    entry._history_user = user
    entry.save()
    _score_update(assessment)
    return entry


@transaction.atomic
def answer_delete(*, user, answer: AssessmentAnswer) -> None:
    assessment = answer.assessment
    _require_assess(user, assessment.body)
    if assessment.status == AssessmentStatus.FINAL:
        raise ValidationError({"assessment": _("A final assessment is not changed; record a new one.")})
    answer._history_user = user
    answer.delete()
    _score_update(assessment)


# --- reads

def assessments_visible(*, user) -> QuerySet[ConformanceAssessment]:
    """Assessments of bodies (public obligations: everyone reads them) and of the databases the
    user sees (the database's own visibility decides)."""
    visible_databases = Database.objects.filter(visible_filter(user)).values("pk")
    return (ConformanceAssessment.objects
            .filter(Q(database__isnull=True) | Q(database__in=visible_databases))
            .select_related("body", "database", "framework", "assessor"))


def current_assessment(*, body=None, database: Database | None = None, framework=None):
    """The latest final assessment of the database (or of the body itself), optionally against one framework."""
    queryset = ConformanceAssessment.objects.filter(status=AssessmentStatus.FINAL)
    queryset = queryset.filter(database=database) if database is not None else queryset.filter(
        body=body, database__isnull=True)
    if framework is not None:
        queryset = queryset.filter(framework=framework)
    return queryset.order_by("-assessed_on", "-id").first()


@dataclass(frozen=True)
class AnswerWithCheck:
    requirement: FrameworkRequirement
    answer: AssessmentAnswer | None
    check: DatabaseCheckResult | None  # the automatic check named by requirement.check_code, if stored
    check_hidden: bool = False  # a posture check the reader may not see


def answers_with_checks(*, user, assessment: ConformanceAssessment) -> list[AnswerWithCheck]:
    """Every requirement of the assessment's framework that applies to what is assessed, with its
    manual answer and, beside it, the stored automatic check (database assessments). Three
    queries. Posture checks are left out for readers who may not see the posture."""
    from catalog.security import posture_visible

    applies = AppliesTo.DATABASE if assessment.database_id else AppliesTo.BODY
    requirements = list(assessment.framework.requirements.filter(applies_to=applies).order_by("order", "identifier"))
    answers = {answer.requirement_id: answer for answer in assessment.answers.all()}
    checks: dict[str, DatabaseCheckResult] = {}
    sees_posture = True
    if assessment.database_id:
        codes = {requirement.check_code for requirement in requirements if requirement.check_code in CHECKS_BY_CODE}
        checks = {result.code: result for result in
                  DatabaseCheckResult.objects.filter(database_id=assessment.database_id, code__in=codes)}
        sees_posture = posture_visible(user=user, database=assessment.database)
    rows = []
    for requirement in requirements:
        hidden = requirement.check_code in POSTURE_CHECKS and not sees_posture
        rows.append(AnswerWithCheck(requirement=requirement, answer=answers.get(requirement.pk),
                                    check=None if hidden else checks.get(requirement.check_code),
                                    check_hidden=hidden))
    return rows
