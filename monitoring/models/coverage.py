"""Field counts per database, kept for the dashboard so that dictionary coverage at national scale
(two million fields) is a sum over 20,000 rows, not a count of two million on every page.

Refreshed by monitoring.coverage.field_counts_refresh (Celery beat, every few minutes); the figures
use them only while the latest refresh is younger than MONITORING_FIELD_COUNTS_MINUTES, and count
the fields themselves otherwise, so a figure is never older than that."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatabaseFieldCounts(models.Model):
    database = models.OneToOneField("catalog.Database", verbose_name=_("database"), primary_key=True,
                                    on_delete=models.CASCADE, related_name="field_counts")
    total = models.PositiveIntegerField(_("fields"))
    mapped = models.PositiveIntegerField(_("mapped"))
    mismatched = models.PositiveIntegerField(_("mismatched"))
    local = models.PositiveIntegerField(_("local"))
    computed_at = models.DateTimeField(_("computed"), db_index=True)

    class Meta:
        verbose_name = _("field counts of a database")
        verbose_name_plural = _("field counts of databases")

    def __str__(self) -> str:
        return f"{self.database_id}: {self.total}"
