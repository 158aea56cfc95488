"""What catalog.checks and catalog.quality compute for each database, stored so that the pages,
the API, the DCAT feed and the dashboard read (and aggregate in SQL) the same figures. Written
only by catalog.quality.database_checks_refresh."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CheckOutcome(models.TextChoices):
    PASS = "pass", _("Passed")
    FAIL = "fail", _("Failed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


def reason_text(reason: str, params: dict) -> str:
    """A stored reason in the reader's language: `reason` is the English message id (marked with
    gettext_noop where it is written), `params` fill its %(name)s placeholders; a text parameter
    is itself a message id (an item's label) or a value translation leaves as it is (a date)."""
    if not reason:
        return ""
    text = gettext(reason)
    if not params:
        return text
    return text % {name: gettext(value) if isinstance(value, str) and value else value
                   for name, value in params.items()}


class DatabaseCheckResult(models.Model):
    """The outcome of one automatic check (catalog.checks.CHECKS) on one database."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="check_results",
    )
    code = models.CharField(_("check"), max_length=64)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CheckOutcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    reason_params = models.JSONField(_("reason parameters"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("automatic check result")
        verbose_name_plural = _("automatic check results")
        ordering = ["database", "code"]
        constraints = [
            models.UniqueConstraint(fields=["database", "code"], name="check_result_once_per_database"),
            models.CheckConstraint(condition=Q(outcome__in=CheckOutcome.values), name="check_result_outcome_valid"),
        ]
        indexes = [models.Index(fields=["code", "outcome"], name="check_result_code_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.database_id} {self.code}: {self.outcome}"

    @property
    def reason_display(self) -> str:
        return reason_text(self.reason, self.reason_params)


SCORE_RANGE = Q(correct__gte=0, correct__lte=100, sufficient__gte=0, sufficient__lte=100,
                clean__gte=0, clean__lte=100, live__gte=0, live__lte=100)


class DatabaseQuality(models.Model):
    """One database's quality: "correct, sufficient, clean, live" (Resolution 214/NQ-CP), each
    0-100, and its metadata quality points after data.europa.eu's MQA (catalog.quality says how)."""

    database = models.OneToOneField(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="quality",
    )
    correct = models.PositiveSmallIntegerField(_("correct"))
    sufficient = models.PositiveSmallIntegerField(_("sufficient"))
    clean = models.PositiveSmallIntegerField(_("clean"))
    live = models.PositiveSmallIntegerField(_("live"))
    # {dimension: [[reason, params], ...]}: the reasons behind each of the four scores.
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    mqa_findability = models.PositiveSmallIntegerField(_("findability points"))
    mqa_accessibility = models.PositiveSmallIntegerField(_("accessibility points"))
    mqa_interoperability = models.PositiveSmallIntegerField(_("interoperability points"))
    mqa_reusability = models.PositiveSmallIntegerField(_("reusability points"))
    mqa_contextuality = models.PositiveSmallIntegerField(_("contextuality points"))
    mqa_total = models.PositiveSmallIntegerField(_("metadata quality points"))
    mqa_indicators = models.JSONField(_("metadata quality indicators"), default=dict, blank=True)
    sync_status = models.CharField(_("synchronization status"), max_length=16)
    last_synced_at = models.DateTimeField(_("last successful synchronization"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("database quality")
        verbose_name_plural = _("database quality")
        ordering = ["database"]
        constraints = [
            models.CheckConstraint(condition=SCORE_RANGE, name="database_quality_scores_0_to_100"),
            models.CheckConstraint(condition=Q(mqa_total__lte=405), name="database_quality_mqa_at_most_405"),
        ]

    def __str__(self) -> str:
        return f"{self.database_id}: {self.correct}/{self.sufficient}/{self.clean}/{self.live}"

    def reasons_display(self, dimension: str) -> list[str]:
        return [reason_text(reason, params) for reason, params in self.reasons.get(dimension, [])]
