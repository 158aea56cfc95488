"""Vocabularies of the National Data Architecture that every layer of the registry uses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataLayer(models.TextChoices):
    """The eight data layers of the National Data Architecture Framework (Decision 2439/QĐ-TTg)."""

    SOURCE = "source", _("Source data")
    METADATA = "metadata", _("Metadata")
    MASTER = "master", _("Master data")
    REFERENCE = "reference", _("Reference data")
    TRANSACTION = "transaction", _("Transaction data")
    AGGREGATE = "aggregate", _("Aggregate data")
    ANALYTICAL = "analytical", _("Analytical data")
    OPEN = "open", _("Open data")
