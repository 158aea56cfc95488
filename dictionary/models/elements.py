"""Shared data elements: for every shared data field, the name, the business definition, the
technical definition and the management rules (Decision 2439/QĐ-TTg, Shared Data Dictionary v1.0).

ISO/IEC 11179-1 §3.2: a data element is a data element concept (object class + property) with a
value domain. Here the object class is the Topic, the property is the element's name, and the
value domain is free, a range, or a code list.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from architecture.models.bodies import CODE_PATTERN, code_validator
from architecture.vocabularies import DataLayer
from dictionary.models.status import Datatype, ItemStatus, ValueDomain


class Topic(models.Model):
    """The object class a group of elements describes: citizen, organization, address."""

    identifier = models.CharField(_("identifier"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    definition = models.TextField(_("definition"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["identifier"]

    def __str__(self) -> str:
        return self.name_vi


class DataElement(models.Model):
    identifier = models.CharField(_("identifier"), max_length=64, unique=True, validators=[code_validator])
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="elements",
    )
    # Business definition
    definition = models.TextField(_("business definition"), blank=True)
    examples = models.TextField(_("examples"), blank=True)
    synonyms = models.TextField(_("synonyms"), blank=True, help_text=_("Other names, one per line."))
    # Technical definition
    datatype = models.CharField(_("datatype"), max_length=16, choices=Datatype.choices, default=Datatype.STRING)
    format = models.CharField(_("format or pattern"), max_length=255, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=64, blank=True)
    value_domain = models.CharField(_("value domain"), max_length=16, choices=ValueDomain.choices, default=ValueDomain.FREE)
    min_value = models.DecimalField(_("minimum value"), max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(_("maximum value"), max_digits=20, decimal_places=6, null=True, blank=True)
    code_list = models.ForeignKey(
        "dictionary.CodeList", verbose_name=_("code list"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="elements",
    )
    # Management rules
    steward = models.ForeignKey(
        "architecture.Body", verbose_name=_("steward body"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="data_elements",
    )
    legal_basis = models.ManyToManyField(
        "architecture.LegalDocument", verbose_name=_("legal basis"), blank=True, related_name="data_elements",
    )
    legal_source = models.TextField(_("legal source"), blank=True, help_text=_("Article and text the element comes from."))
    maintenance_rule = models.TextField(_("who creates and updates the data"), blank=True)
    master_source = models.CharField(_("master data source"), max_length=255, blank=True)
    data_layer = models.CharField(_("data layer"), max_length=16, choices=DataLayer.choices, blank=True)

    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    successor = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # Name and synonyms without diacritics, for search and suggestions. Kept by dictionary.services.
    search_text = models.TextField(editable=False, default="")
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[legal_basis], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(condition=Q(identifier__regex=CODE_PATTERN), name="element_identifier_format"),
            models.CheckConstraint(condition=Q(status__in=ItemStatus.values), name="element_status_valid"),
            models.CheckConstraint(condition=Q(datatype__in=Datatype.values), name="element_datatype_valid"),
            models.CheckConstraint(condition=Q(value_domain__in=ValueDomain.values), name="element_value_domain_valid"),
            models.CheckConstraint(
                condition=Q(data_layer="") | Q(data_layer__in=DataLayer.values), name="element_data_layer_valid"
            ),
            models.CheckConstraint(
                condition=~Q(value_domain=ValueDomain.CODE_LIST) | Q(code_list__isnull=False),
                name="element_code_list_domain_names_list",
                violation_error_message=_("A code-list value domain names its code list."),
            ),
            models.CheckConstraint(
                condition=~Q(value_domain=ValueDomain.RANGE) | Q(min_value__isnull=False) | Q(max_value__isnull=False),
                name="element_range_domain_has_bound",
                violation_error_message=_("A range names a minimum or a maximum."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="element_range_in_order",
                violation_error_message=_("The maximum cannot be below the minimum."),
            ),
            models.CheckConstraint(
                condition=Q(max_length__isnull=True) | Q(max_length__gte=1), name="element_max_length_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.SUPERSEDED) | Q(successor__isnull=False),
                name="element_superseded_has_successor",
            ),
            models.CheckConstraint(condition=~Q(successor=F("id")), name="element_not_own_successor"),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.identifier})"

    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]
