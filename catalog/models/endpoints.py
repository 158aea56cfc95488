from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.choices import Protocol


class Service(models.Model):
    """A service through which a database is reached (a DCAT data service or distribution)."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="services",
    )
    title = models.CharField(_("title"), max_length=255)
    endpoint_url = models.URLField(_("endpoint URL"), max_length=500)
    endpoint_description_url = models.URLField(_("endpoint description URL"), max_length=500, blank=True)
    protocol = models.CharField(_("protocol"), max_length=16, choices=Protocol.choices, default=Protocol.REST)
    media_type = models.CharField(_("media type"), max_length=127, blank=True, help_text=_("For example application/json."))
    access_conditions = models.TextField(_("access conditions"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["database", "title"]
        constraints = [
            models.UniqueConstraint(fields=["database", "endpoint_url"], name="service_endpoint_unique_in_database"),
            models.CheckConstraint(condition=Q(protocol__in=Protocol.values), name="service_protocol_valid"),
            models.CheckConstraint(
                condition=Q(media_type="") | Q(media_type__regex=r"^[\w.+-]+/[\w.+-]+$"), name="service_media_type_format"
            ),
        ]

    def __str__(self) -> str:
        return self.title
