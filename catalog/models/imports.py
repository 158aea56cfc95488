"""Bulk imports of a body's databases that run in the background (see catalog.bulk_import)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One large file handed to a Celery task. The file waits in `upload` until the task has run;
    the task stores all of it in one transaction at the end, or nothing, and keeps the counts or
    the row errors here for the client to poll."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE,
                             related_name="import_jobs")
    body = models.ForeignKey("architecture.Body", verbose_name=_("owning body"), on_delete=models.CASCADE,
                             related_name="import_jobs")
    format = models.CharField(_("format"), max_length=8)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    upload = models.BinaryField(_("uploaded file"), editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="import_job_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_job_progress_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.format} {self.status}"
