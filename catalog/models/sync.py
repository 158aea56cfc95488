"""Synchronization with the National Data Center (Resolution 214/NQ-CP), as reported by the
systems themselves: a machine credential per database (SyncReporter) and the reports it sends
(SyncReport). The status shown everywhere is derived from them in catalog.sync."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SyncOutcome(models.TextChoices):
    SUCCESS = "success", _("Succeeded")
    PARTIAL = "partial", _("Partly succeeded")
    FAILURE = "failure", _("Failed")


class SyncReporter(models.Model):
    """The credential of the system that operates one database: its token may report the
    synchronizations of that database and nothing else (its user has no body and no role)."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="sync_reporters",
    )
    token = models.OneToOneField(
        "architecture.ApiToken", verbose_name=_("token"), on_delete=models.PROTECT, related_name="sync_reporter",
    )
    created_by = models.ForeignKey(
        "architecture.User", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("synchronization reporter")
        verbose_name_plural = _("synchronization reporters")
        ordering = ["database", "-created_at"]

    def __str__(self) -> str:
        return f"{self.database.identifier}: {self.token}"


class SyncReport(models.Model):
    """One synchronization run with the National Data Center, as its system reported it.

    `report_id` is chosen by the client; a report sent twice (a retry) is stored once."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="sync_reports",
    )
    reporter = models.ForeignKey(
        SyncReporter, verbose_name=_("reporter"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )
    report_id = models.CharField(_("report identifier"), max_length=64)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    records_sent = models.PositiveBigIntegerField(_("records sent"), default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=SyncOutcome.choices)
    error = models.TextField(_("error"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("synchronization report")
        verbose_name_plural = _("synchronization reports")
        ordering = ["database", "-finished_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["database", "report_id"], name="sync_report_once_per_database"),
            models.CheckConstraint(condition=~Q(report_id=""), name="sync_report_has_id"),
            models.CheckConstraint(
                condition=Q(finished_at__gte=F("started_at")), name="sync_report_finished_after_start",
                violation_error_message=_("A synchronization finishes after it starts."),
            ),
            models.CheckConstraint(condition=Q(records_sent__gte=0), name="sync_report_records_not_negative"),
            models.CheckConstraint(condition=Q(outcome__in=SyncOutcome.values), name="sync_report_outcome_valid"),
            models.CheckConstraint(
                condition=~Q(outcome=SyncOutcome.FAILURE) | ~Q(error=""), name="sync_report_failure_has_error",
                violation_error_message=_("A failed synchronization says what went wrong."),
            ),
        ]
        indexes = [models.Index(fields=["database", "-finished_at"], name="sync_report_latest_idx")]

    def __str__(self) -> str:
        return f"{self.database.identifier} {self.finished_at:%Y-%m-%d %H:%M} {self.outcome}"
