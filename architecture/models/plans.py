"""A body's own obligations under Resolution 214/NQ-CP: its ministerial or provincial digital
architecture, and its Data Strategy and Digital Transformation Strategy (due September 2025).

These are public obligations: everyone reads them; the body's editors change them
(architecture.access.can_edit_body_plans).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BodyArchitectureStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class BodyArchitecture(models.Model):
    """A ministry's or province's digital architecture document (Resolution 214/NQ-CP: built with
    the Ministry of Public Security and the Ministry of Science and Technology, in 2025), and the
    framework version it follows."""

    body = models.ForeignKey(
        "architecture.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="architectures",
    )
    title = models.CharField(_("title"), max_length=500)
    version = models.CharField(_("version"), max_length=32, blank=True)
    framework = models.ForeignKey(
        "architecture.FrameworkVersion", verbose_name=_("framework version followed"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="body_architectures",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BodyArchitectureStatus.choices, default=BodyArchitectureStatus.DRAFTING,
    )
    decision_number = models.CharField(_("approval decision"), max_length=64, blank=True)
    decision_date = models.DateField(_("approval date"), null=True, blank=True)
    approving_authority = models.CharField(_("approving authority"), max_length=255, blank=True)
    document_url = models.URLField(_("document link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body architecture")
        verbose_name_plural = _("body architectures")
        ordering = ["body__path", "-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BodyArchitectureStatus.values), name="body_architecture_status_valid",
                violation_error_message=_("Choose a known status."),
            ),
            # An approved (or later superseded) architecture was approved by a decision.
            models.CheckConstraint(
                condition=Q(status=BodyArchitectureStatus.DRAFTING)
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="body_architecture_approved_has_decision",
                violation_error_message=_("An approved architecture needs its decision number and date."),
            ),
            models.UniqueConstraint(
                fields=["body"], condition=Q(status=BodyArchitectureStatus.APPROVED),
                name="body_architecture_one_approved",
                violation_error_message=_("This body already has an approved architecture; mark it superseded first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})" if self.version else self.title


class StrategyKind(models.TextChoices):
    DATA = "data", _("Data strategy")
    DIGITAL_TRANSFORMATION = "digital_transformation", _("Digital transformation strategy")


class StrategyStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    SUBMITTED = "submitted", _("Submitted for approval")
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses that follow an issuing decision.
STRATEGY_DECIDED = (StrategyStatus.ISSUED, StrategyStatus.SUPERSEDED)
YEAR_MIN, YEAR_MAX = 2000, 2100


class Strategy(models.Model):
    """A body's Data Strategy or Digital Transformation Strategy (Resolution 214/NQ-CP: issued by
    September 2025). At most one issued strategy of each kind per body at a time."""

    body = models.ForeignKey(
        "architecture.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="strategies",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=StrategyKind.choices)
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(_("status"), max_length=16, choices=StrategyStatus.choices,
                              default=StrategyStatus.DRAFTING)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(_("period start (year)"))
    period_end = models.PositiveSmallIntegerField(_("period end (year)"))
    document_url = models.URLField(_("document link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["body__path", "kind", "-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StrategyKind.values), name="strategy_kind_valid",
                violation_error_message=_("Choose a known kind of strategy."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=StrategyStatus.values), name="strategy_status_valid",
                violation_error_message=_("Choose a known status."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="strategy_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__gte=YEAR_MIN, period_start__lte=YEAR_MAX, period_end__lte=YEAR_MAX),
                name="strategy_period_plausible",
                violation_error_message=_("Give the period in years between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=STRATEGY_DECIDED) | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="strategy_issued_has_decision",
                violation_error_message=_("An issued strategy needs its decision number and date."),
            ),
            models.UniqueConstraint(
                fields=["body", "kind"], condition=Q(status=StrategyStatus.ISSUED), name="strategy_one_issued_per_kind",
                violation_error_message=_("This body already has an issued strategy of this kind; "
                                          "mark the earlier one superseded first."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_start}-{self.period_end})"
