"""The bodies of Vietnam's political system: the owners and operators of data."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# A body code is one path segment: letters, digits, '-', '_' and '.' only.
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# The same rule at the form and API edge, without asking the database.
code_validator = RegexValidator(CODE_PATTERN, _("Use letters, digits, '-', '_' and '.' only."))
PATH_SEPARATOR = "/"


class BodyKind(models.TextChoices):
    PARTY = "party", _("Party body")
    NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly and its agencies")
    PRESIDENT_OFFICE = "president_office", _("State President's Office")
    STATE_AUDIT = "state_audit", _("State Audit")
    CONSTITUTIONAL_BODY = "constitutional_body", _("Other constitutional body")
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry")
    MINISTERIAL_AGENCY = "ministerial_agency", _("Ministerial-level agency")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    SUPREME_COURT = "supreme_court", _("Supreme People's Court")
    SUPREME_PROCURACY = "supreme_procuracy", _("Supreme People's Procuracy")
    FATHERLAND_FRONT = "fatherland_front", _("Vietnam Fatherland Front")
    SOCIO_POLITICAL = "socio_political", _("Socio-political organization")
    MASS_ASSOCIATION = "mass_association", _("Mass association")
    PROVINCE = "province", _("Province or centrally-run city")
    COMMUNE = "commune", _("Commune, ward or special zone")
    DEPARTMENT = "department", _("Department under a ministry or province")


class BodyLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    COMMUNAL = "communal", _("Communal")


class UnitType(models.TextChoices):
    """Administrative unit types after 1 July 2025 (Resolution 202/2025/QH15, two-level local government)."""

    MUNICIPALITY = "municipality", _("Centrally-run city")
    PROVINCE = "province", _("Province")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    SPECIAL_ZONE = "special_zone", _("Special zone")


class Body(models.Model):
    """An owning or operating body: a ministry, a province, a commune, a Party or mass organization.

    Codes are stable (province and commune codes are the GSO codes of Decision 19/2025/QĐ-TTg);
    names change, and the history keeps each former name with the date it changed.
    """

    code = models.CharField(
        _("code"), max_length=32, unique=True, validators=[code_validator],
        help_text=_("Stable identifier: the GSO code for provinces and communes."),
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=BodyLevel.choices)
    unit_type = models.CharField(_("administrative unit type"), max_length=16, choices=UnitType.choices, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent body"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Codes from the root down to this body, e.g. "01/00004/": finds everything under a body
    # with one indexed prefix match. Kept by architecture.services, never typed in.
    path = models.CharField(_("path"), max_length=512, db_index=True, editable=False)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", verbose_name=_("predecessors"), symmetrical=False, blank=True, related_name="successors",
        help_text=_("Bodies merged into or replaced by this one (for example the 2025 mergers)."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where the facts about this body come from."))
    note = models.TextField(_("note"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=CODE_PATTERN), name="body_code_format"),
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="body_kind_valid"),
            models.CheckConstraint(condition=Q(level__in=BodyLevel.values), name="body_level_valid"),
            models.CheckConstraint(
                condition=Q(unit_type="") | Q(unit_type__in=UnitType.values), name="body_unit_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="body_effective_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="body_not_own_parent"),
            # The path ends with the body's own code: it was set by architecture.services.body_save.
            models.CheckConstraint(
                condition=Q(path__endswith=Concat(F("code"), Value(PATH_SEPARATOR))), name="body_path_ends_with_code"
            ),
        ]
        indexes = [models.Index(fields=["level", "kind"])]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.code})"

    @property
    def is_current(self) -> bool:
        return self.effective_to is None

    def ancestor_codes(self) -> list[str]:
        return [code for code in self.path.split(PATH_SEPARATOR) if code][:-1]
