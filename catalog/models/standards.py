"""The register of standards, and which databases follow which."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.choices import Conformance


class Standard(models.Model):
    """A technical standard or regulation, such as TCVN 14423:2025 or QCVN 109:2017/BTTTT."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="standard_code_not_empty"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100), name="standard_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DatabaseStandard(models.Model):
    """That a database follows (or is to follow) a standard, and how far it conforms."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="standard_links",
    )
    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="database_links")
    conformance = models.CharField(
        _("conformance"), max_length=16, choices=Conformance.choices, default=Conformance.NOT_ASSESSED,
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard followed")
        verbose_name_plural = _("standards followed")
        ordering = ["database", "standard"]
        constraints = [
            models.UniqueConstraint(fields=["database", "standard"], name="database_standard_unique"),
            models.CheckConstraint(condition=Q(conformance__in=Conformance.values), name="database_standard_conformance_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code}: {self.get_conformance_display()}"
