"""The architecture frameworks a body's databases and its own architecture must conform to
(Resolution 214/NQ-CP): the Digital Government Architecture Framework v3.0 (Decision
2568/QĐ-BTTTT) with its reference models, and the National Data Architecture and Data Governance
Frameworks (Decision 2439/QĐ-TTg). Each version holds its requirements; conformance assessments
(catalog) answer them one by one.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Codes of frameworks, requirement identifiers and check codes: one path segment.
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
identifier_validator = RegexValidator(IDENTIFIER_PATTERN, _("Use letters, digits, '-', '_' and '.' only."))
CHECK_PATTERN = r"^[a-z][a-z0-9_]*$"
check_validator = RegexValidator(CHECK_PATTERN, _("Use lower-case letters, digits and '_' only."))


class ReferenceModel(models.TextChoices):
    """The five reference models of the Digital Government Architecture Framework v3.0, then the
    areas of the National Data Architecture and Data Governance Frameworks (Decision 2439/QĐ-TTg)."""

    BRM = "BRM", _("Business reference model (BRM)")
    DRM = "DRM", _("Data reference model (DRM)")
    ARM = "ARM", _("Application reference model (ARM)")
    TRM = "TRM", _("Technology reference model (TRM)")
    SRM = "SRM", _("Security reference model (SRM)")
    DATA_ARCHITECTURE = "data_architecture", _("Data architecture: layers, models and flows")
    GOVERNANCE_ORGANIZATION = "governance_organization", _("Data governance: organization and roles")
    GOVERNANCE_POLICY = "governance_policy", _("Data governance: policies, rules and processes")
    DATA_QUALITY = "data_quality", _("Data governance: data quality")
    METADATA = "metadata", _("Data governance: metadata and the shared data dictionary")
    MASTER_REFERENCE = "master_reference", _("Data governance: master and reference data")
    DATA_SECURITY = "data_security", _("Data governance: data security and protection")
    DATA_SHARING = "data_sharing", _("Data governance: connection, sharing and open data")
    DATA_LIFECYCLE = "data_lifecycle", _("Data governance: lifecycle and storage")


class AppliesTo(models.TextChoices):
    DATABASE = "database", _("Database")
    BODY = "body", _("Body")


class FrameworkVersion(models.Model):
    """One issued version of an architecture or governance framework."""

    code = models.CharField(
        _("code"), max_length=64, unique=True, validators=[identifier_validator],
        help_text=_("Stable identifier, for example DGAF-3.0."),
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    version = models.CharField(_("version"), max_length=32)
    issuing_document = models.ForeignKey(
        "architecture.LegalDocument", verbose_name=_("issuing document"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="framework_versions",
    )
    decision_number = models.CharField(
        _("issuing decision"), max_length=64, blank=True, help_text=_("For example 2568/QĐ-BTTTT."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    reference_models = models.JSONField(
        _("reference models"), default=list, blank=True,
        help_text=_("The reference models or areas the framework is organized in."),
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where the facts about this framework come from."))
    source_verified = models.BooleanField(
        _("source verified"), default=False,
        help_text=_("The official text was read; otherwise the note says what could not be checked."),
    )
    note = models.TextField(_("note"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=IDENTIFIER_PATTERN), name="framework_code_format",
                violation_error_message=_("Use letters, digits, '-', '_' and '.' only."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="framework_effective_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.version})"

    def clean(self) -> None:
        super().clean()
        models_ = self.reference_models
        if not isinstance(models_, list) or any(value not in ReferenceModel.values for value in models_):
            raise ValidationError({"reference_models": _("Give a list of known reference models.")})
        if len(set(models_)) != len(models_):
            raise ValidationError({"reference_models": _("A reference model is listed twice.")})

    @property
    def is_current(self) -> bool:
        return self.effective_to is None


class FrameworkRequirement(models.Model):
    """One requirement of a framework version: what a database or a body must satisfy, where the
    rule comes from, and what evidence shows it is met. `check_code` names the automatic check the
    catalog computes for it, if any (the catalog defines the codes)."""

    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("framework version"), on_delete=models.CASCADE, related_name="requirements",
    )
    identifier = models.CharField(_("identifier"), max_length=64, validators=[identifier_validator])
    text_vi = models.TextField(_("text (Vietnamese)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    reference_model = models.CharField(_("reference model"), max_length=32, choices=ReferenceModel.choices)
    legal_source = models.TextField(
        _("legal source"), help_text=_("The legal text and its article or section that the requirement comes from."),
    )
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What evidence shows the requirement is met."))
    applies_to = models.CharField(_("applies to"), max_length=16, choices=AppliesTo.choices)
    # Not named "check": that would hide Model.check(), Django's system checks.
    check_code = models.CharField(
        _("automatic check"), max_length=64, blank=True, validators=[check_validator],
        help_text=_("Code of the automatic check the catalog computes for this requirement, if any."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    source_verified = models.BooleanField(
        _("source verified"), default=False,
        help_text=_("The wording was checked against the official text."),
    )
    source_note = models.TextField(
        _("source note"), blank=True, help_text=_("How the requirement was sourced, or why it could not be checked."),
    )
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework requirement")
        verbose_name_plural = _("framework requirements")
        ordering = ["framework", "order", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "identifier"], name="framework_requirement_identifier_unique",
                violation_error_message=_("This identifier is already used in the framework."),
            ),
            models.CheckConstraint(
                condition=Q(reference_model__in=ReferenceModel.values), name="framework_requirement_model_valid",
                violation_error_message=_("Choose a known reference model."),
            ),
            models.CheckConstraint(
                condition=Q(applies_to__in=AppliesTo.values), name="framework_requirement_applies_to_valid",
                violation_error_message=_("Choose a database or a body."),
            ),
            models.CheckConstraint(
                condition=Q(check_code="") | Q(check_code__regex=CHECK_PATTERN), name="framework_requirement_check_format",
                violation_error_message=_("Use lower-case letters, digits and '_' only."),
            ),
            models.CheckConstraint(
                condition=~Q(legal_source=""), name="framework_requirement_has_legal_source",
                violation_error_message=_("Every requirement states its legal source."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.identifier}"
