"""Shared code lists ("danh mục dùng chung"): provinces, communes, ethnic groups, religions, ISO lists."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from architecture.models.bodies import CODE_PATTERN, code_validator
from dictionary.models.status import ItemStatus


class CodeList(models.Model):
    identifier = models.CharField(_("identifier"), max_length=64, unique=True, validators=[code_validator])
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    steward = models.ForeignKey(
        "architecture.Body", verbose_name=_("steward body"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="code_lists",
    )
    legal_basis = models.ManyToManyField(
        "architecture.LegalDocument", verbose_name=_("legal basis"), blank=True, related_name="code_lists",
    )
    source = models.TextField(_("source"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    successor = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[legal_basis])

    class Meta:
        verbose_name = _("code list")
        verbose_name_plural = _("code lists")
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(condition=Q(identifier__regex=CODE_PATTERN), name="code_list_identifier_format"),
            models.CheckConstraint(condition=Q(status__in=ItemStatus.values), name="code_list_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.SUPERSEDED) | Q(successor__isnull=False),
                name="code_list_superseded_has_successor",
            ),
            models.CheckConstraint(condition=~Q(successor=F("id")), name="code_list_not_own_successor"),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.identifier})"


class CodeValue(models.Model):
    """One value of a code list. A parent may sit in another list (a commune's parent is a province)."""

    code_list = models.ForeignKey(CodeList, verbose_name=_("code list"), on_delete=models.CASCADE, related_name="values")
    code = models.CharField(_("code"), max_length=64)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=255)
    label_en = models.CharField(_("label (English)"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent value"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    note = models.TextField(_("note"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("code value")
        verbose_name_plural = _("code values")
        ordering = ["code_list", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="code_value_unique_in_list"),
            models.CheckConstraint(condition=~Q(code=""), name="code_value_code_not_empty"),
            models.CheckConstraint(condition=~Q(label_vi=""), name="code_value_label_not_empty"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="code_value_effective_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="code_value_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_vi}"


class CodeValueAlias(models.Model):
    """The code a value has in another official numbering (e.g. ethnic groups in the 1979 list)."""

    value = models.ForeignKey(CodeValue, verbose_name=_("code value"), on_delete=models.CASCADE, related_name="aliases")
    scheme = models.CharField(_("numbering"), max_length=100, help_text=_("For example QĐ 121-TCTK/PPCĐ (1979)."))
    code = models.CharField(_("code"), max_length=64)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alias code")
        verbose_name_plural = _("alias codes")
        ordering = ["value", "scheme"]
        constraints = [
            models.UniqueConstraint(fields=["value", "scheme"], name="code_alias_one_per_scheme"),
            models.CheckConstraint(condition=~Q(code="") & ~Q(scheme=""), name="code_alias_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.code}"
