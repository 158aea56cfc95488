"""Conformance assessments of a body or of one of its databases against a framework version
(architecture.FrameworkVersion), requirement by requirement (Resolution 214/NQ-CP: every database
and every body's architecture conforms to the national frameworks). Written through
catalog.conformance by assessors only (architecture.access.can_assess)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class Answer(models.TextChoices):
    """One requirement's answer; catalog.conformance.ANSWER_WEIGHTS gives its weight in the score."""

    COMPLIANT = "compliant", _("Compliant")
    PARTLY = "partly", _("Partly compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ConformanceAssessment(models.Model):
    """One assessment. `body` is always set: the assessed body, or the owner of the assessed
    database. Every assessment is kept; the latest final one (by date, then id) is current."""

    body = models.ForeignKey(
        "architecture.Body", verbose_name=_("assessed body"), on_delete=models.PROTECT,
        related_name="conformance_assessments",
    )
    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("assessed database"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="conformance_assessments",
    )
    framework = models.ForeignKey(
        "architecture.FrameworkVersion", verbose_name=_("framework version"), on_delete=models.PROTECT,
        related_name="conformance_assessments",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+",
    )
    assessed_on = models.DateField(_("assessment date"))
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT)
    # Stored by catalog.conformance.assessment_score_update after every change of an answer.
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, null=True, blank=True, editable=False,
        help_text=_("0-100 over the applicable answers; empty when no answer applies."),
    )
    applicable_count = models.PositiveIntegerField(_("applicable answers"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conformance assessment")
        verbose_name_plural = _("conformance assessments")
        ordering = ["body", "database", "-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="conformance_assessment_status_valid",
                violation_error_message=_("Choose draft or final."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="conformance_assessment_score_range",
                violation_error_message=_("The score is from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(applicable_count__gt=0),
                name="conformance_assessment_score_needs_answers",
                violation_error_message=_("A score needs at least one applicable answer."),
            ),
        ]
        indexes = [
            models.Index(fields=["database", "status", "-assessed_on"], name="conformance_db_latest_idx"),
            models.Index(fields=["body", "status", "-assessed_on"], name="conformance_body_latest_idx"),
        ]

    def __str__(self) -> str:
        subject = self.database.identifier if self.database_id else self.body.code
        return f"{subject} / {self.framework.code} {self.assessed_on}"


class AssessmentAnswer(models.Model):
    """The answer to one requirement in one assessment, with its evidence (a link or a file)."""

    assessment = models.ForeignKey(
        ConformanceAssessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers",
    )
    requirement = models.ForeignKey(
        "architecture.FrameworkRequirement", verbose_name=_("requirement"), on_delete=models.PROTECT,
        related_name="answers",
    )
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="conformance-evidence/%Y/", blank=True)
    comment = models.TextField(_("comment"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment answer")
        verbose_name_plural = _("assessment answers")
        ordering = ["assessment", "requirement__order", "requirement__identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"], name="assessment_answer_once_per_requirement",
                violation_error_message=_("This requirement is already answered in the assessment."),
            ),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="assessment_answer_valid",
                violation_error_message=_("Choose a known answer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.get_answer_display()}"
