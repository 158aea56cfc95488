"""Change requests: an editor proposes a new or changed element; a reviewer of the steward body
decides. Rejection leaves the last approved version in force."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ChangeKind(models.TextChoices):
    CREATE = "create", _("New element")
    UPDATE = "update", _("Change to an element")


class ChangeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeRequest(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    element = models.ForeignKey(
        "dictionary.DataElement", verbose_name=_("data element"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="change_requests",
    )
    proposed = models.JSONField(_("proposed content"), help_text=_("The element's fields as proposed."))
    reason = models.TextField(_("reason"))
    steward = models.ForeignKey(
        "architecture.Body", verbose_name=_("steward body"), on_delete=models.PROTECT, related_name="change_requests",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    due_date = models.DateField(_("decision due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ChangeKind.values), name="change_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ChangeStatus.values), name="change_status_valid"),
            models.CheckConstraint(
                condition=~Q(kind=ChangeKind.UPDATE) | Q(element__isnull=False), name="change_update_names_element"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="change_has_reason"),
            models.CheckConstraint(
                condition=Q(status__in=[ChangeStatus.OPEN, ChangeStatus.WITHDRAWN])
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="change_decision_attributed",
            ),
            models.CheckConstraint(
                condition=~Q(status=ChangeStatus.REJECTED) | ~Q(decision_comment=""),
                name="change_rejection_says_why",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"
