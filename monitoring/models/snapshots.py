"""The figures of each body as they stood each month, so trends can be drawn and a past monthly
report reproduced without the register as it was then."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FigureSnapshot(models.Model):
    """One body's figures (monitoring.figures, counted over the whole register) for one month.
    The national snapshot has no body. Taken by the monthly task; a second take of the same month
    replaces the figures of the first."""

    body = models.ForeignKey(
        "architecture.Body", verbose_name=_("body"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="figure_snapshots", help_text=_("Empty for the whole political system."),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the figures describe."))
    taken_at = models.DateTimeField(_("taken at"))
    figures = models.JSONField(_("figures"), default=dict)
    # Lists kept with the national snapshot only (late and overdue entries), for the report.
    lists = models.JSONField(_("lists"), default=dict, blank=True)

    class Meta:
        verbose_name = _("figure snapshot")
        verbose_name_plural = _("figure snapshots")
        ordering = ["-month", "body__path"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="figure_snapshot_month_first_day",
                                   violation_error_message=_("A month is given by its first day.")),
            models.UniqueConstraint(fields=["body", "month"], condition=Q(body__isnull=False),
                                    name="figure_snapshot_one_per_body_month",
                                    violation_error_message=_("This body already has figures for this month.")),
            models.UniqueConstraint(fields=["month"], condition=Q(body__isnull=True),
                                    name="figure_snapshot_one_national_per_month",
                                    violation_error_message=_("The national figures of this month already exist.")),
        ]

    def __str__(self) -> str:
        return f"{self.body or _('National')} {self.month:%Y-%m}"
