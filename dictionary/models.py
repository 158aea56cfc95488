"""The Shared Data Dictionary (Decision 2439/QĐ-TTg, v1.0). The dictionary issue grows this model."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ItemStatus(models.TextChoices):
    """Registration status, after ISO/IEC 11179-6 (kept small)."""

    DRAFT = "draft", _("Draft")
    SUGGESTED = "suggested", _("Suggested")
    VALID = "valid", _("Valid")
    SUPERSEDED = "superseded", _("Superseded")
    RETIRED = "retired", _("Retired")


class DataElement(models.Model):
    """A shared data element: one standardized data field, such as "Ngày sinh" (date of birth)."""

    identifier = models.CharField(_("identifier"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    definition = models.TextField(_("business definition"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ItemStatus.values), name="element_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.identifier})"
