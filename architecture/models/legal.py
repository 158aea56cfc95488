from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LegalDocument(models.Model):
    """A legal or administrative document cited as a basis: a law, decree, decision, circular, standard."""

    number = models.CharField(_("number"), max_length=64, unique=True, help_text=_("For example 47/2024/NĐ-CP."))
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return self.number
