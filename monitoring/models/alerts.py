"""Alert e-mails: one per event and recipient, never repeated (the unique event key is the proof
it was sent), at once or gathered in a daily digest as the recipient prefers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    MILESTONE_LATE = "milestone_late", _("Milestone late")
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    SYNC_OVERDUE = "sync_overdue", _("Synchronization overdue")
    REVIEW_WAITING = "review_waiting", _("Review waiting past its due date")
    CHANGE_REQUEST_WAITING = "change_request_waiting", _("Change request waiting past its due date")


class AlertPreference(models.Model):
    """How one address wants its alerts: each at once (default) or one digest a day."""

    email = models.EmailField(_("email"), unique=True)
    daily_digest = models.BooleanField(_("daily digest"), default=False,
                                       help_text=_("Gather the day's alerts in one message."))

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class AlertSent(models.Model):
    """An alert for one event to one address. sent_at is empty while it waits for the digest."""

    event_key = models.CharField(_("event"), max_length=200,
                                 help_text=_("What happened, e.g. sync_overdue:42:2026-03-01T10:00"))
    kind = models.CharField(_("kind"), max_length=32, choices=AlertKind.choices)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="alert_once_per_event_and_recipient",
                                    violation_error_message=_("This alert was already sent.")),
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="alert_kind_valid"),
        ]
        indexes = [models.Index(fields=["sent_at", "recipient"])]

    def __str__(self) -> str:
        return f"{self.event_key} → {self.recipient}"
