"""A database's security posture: the approved security level (Decree 85/2016/NĐ-CP), the periodic
TCVN 14423:2025 assessments and the security incidents. Seen only by the owner chain, reviewers
and administrators (architecture.access.can_view_security_posture); written through
catalog.security."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SecurityApproval(models.Model):
    """One decision approving a database's information system security level (Decree 85/2016/NĐ-CP,
    Article 12: levels 1 to 5). All decisions are kept; the latest by date is the current one."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="security_approvals",
    )
    level = models.PositiveSmallIntegerField(_("approved security level"))
    decision_number = models.CharField(_("decision number"), max_length=64)
    decided_on = models.DateField(_("decision date"))
    approving_authority = models.CharField(_("approving authority"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("security level approval")
        verbose_name_plural = _("security level approvals")
        ordering = ["database", "-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="security_approval_level_1_to_5",
                violation_error_message=_("The security level is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=~Q(decision_number=""), name="security_approval_has_decision",
                violation_error_message=_("Give the number of the approving decision."),
            ),
            models.CheckConstraint(
                condition=~Q(approving_authority=""), name="security_approval_has_authority",
                violation_error_message=_("Name the approving authority."),
            ),
        ]
        indexes = [models.Index(fields=["database", "-decided_on"], name="security_approval_latest_idx")]

    def __str__(self) -> str:
        return f"{self.database.identifier}: {self.level} ({self.decision_number})"


class AssessmentResult(models.TextChoices):
    PASS = "pass", _("Passed")
    PARTLY = "partly", _("Partly passed")
    FAIL = "fail", _("Failed")


class SecurityAssessment(models.Model):
    """One periodic assessment of a database's system against TCVN 14423:2025 (network security
    requirements for important information systems). The next one is due `period_months` after
    it (`next_due_on`, stored so that dashboards can count overdue assessments in SQL)."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="security_assessments",
    )
    assessed_on = models.DateField(_("assessment date"))
    assessor = models.CharField(_("assessor"), max_length=255, help_text=_("The organization that assessed."))
    result = models.CharField(_("result"), max_length=8, choices=AssessmentResult.choices)
    findings = models.TextField(_("findings"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"), default=12, help_text=_("How often the assessment is repeated."),
    )
    next_due_on = models.DateField(_("next assessment due"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TCVN 14423:2025 assessment")
        verbose_name_plural = _("TCVN 14423:2025 assessments")
        ordering = ["database", "-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=AssessmentResult.values), name="security_assessment_result_valid",
                violation_error_message=_("Choose a known result."),
            ),
            models.CheckConstraint(
                condition=Q(period_months__gte=1, period_months__lte=60), name="security_assessment_period_range",
                violation_error_message=_("The period is from 1 to 60 months."),
            ),
            models.CheckConstraint(
                condition=Q(next_due_on__gt=F("assessed_on")), name="security_assessment_next_after_date",
                violation_error_message=_("The next assessment is due after this one."),
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | Q(follow_up_due__gte=F("assessed_on")),
                name="security_assessment_follow_up_after_date",
                violation_error_message=_("The follow-up is due on or after the assessment date."),
            ),
            models.CheckConstraint(
                condition=~Q(assessor=""), name="security_assessment_has_assessor",
                violation_error_message=_("Name the assessor."),
            ),
        ]
        indexes = [models.Index(fields=["database", "-assessed_on"], name="security_assessment_latest_idx")]

    def __str__(self) -> str:
        return f"{self.database.identifier} {self.assessed_on}: {self.get_result_display()}"


class IncidentSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTAINED = "contained", _("Contained")
    RESOLVED = "resolved", _("Resolved")


class SecurityIncident(models.Model):
    """A security incident of one body's systems, affecting one or more of its databases
    (incident monitoring and response, Resolution 214/NQ-CP). `owner` is the body responsible,
    whose chain sees and changes it."""

    owner = models.ForeignKey(
        "architecture.Body", verbose_name=_("responsible body"), on_delete=models.PROTECT,
        related_name="security_incidents",
    )
    occurred_at = models.DateTimeField(_("occurred"))
    severity = models.CharField(_("severity"), max_length=10, choices=IncidentSeverity.choices)
    summary = models.CharField(_("summary"), max_length=500)
    databases = models.ManyToManyField(
        "catalog.Database", verbose_name=_("affected databases"), related_name="security_incidents",
    )
    status = models.CharField(_("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    response = models.TextField(_("response"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[databases])

    class Meta:
        verbose_name = _("security incident")
        verbose_name_plural = _("security incidents")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__in=IncidentSeverity.values), name="security_incident_severity_valid",
                violation_error_message=_("Choose a known severity."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=IncidentStatus.values), name="security_incident_status_valid",
                violation_error_message=_("Choose a known status."),
            ),
            # Resolved exactly when it has a resolution time, and that time follows the incident.
            models.CheckConstraint(
                condition=(Q(status=IncidentStatus.RESOLVED) & Q(resolved_at__isnull=False))
                | (~Q(status=IncidentStatus.RESOLVED) & Q(resolved_at__isnull=True)),
                name="security_incident_resolved_has_time",
                violation_error_message=_("A resolved incident has a resolution time, and only a resolved one."),
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("occurred_at")),
                name="security_incident_resolved_after_occurred",
                violation_error_message=_("An incident is resolved after it occurs."),
            ),
            models.CheckConstraint(
                condition=~Q(summary=""), name="security_incident_has_summary",
                violation_error_message=_("Summarize the incident."),
            ),
        ]
        indexes = [models.Index(fields=["severity", "status"], name="security_incident_open_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.get_severity_display()}: {self.summary}"
