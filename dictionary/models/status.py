"""Vocabularies of the Shared Data Dictionary."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemStatus(models.TextChoices):
    """Registration status of elements and code lists, after ISO/IEC 11179-6 (kept small)."""

    DRAFT = "draft", _("Draft")
    SUGGESTED = "suggested", _("Suggested")
    VALID = "valid", _("Valid")
    SUPERSEDED = "superseded", _("Superseded")
    RETIRED = "retired", _("Retired")


# Which status may follow which. Superseded and retired items are final: a new item replaces them.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.DRAFT: frozenset({ItemStatus.SUGGESTED, ItemStatus.RETIRED}),
    ItemStatus.SUGGESTED: frozenset({ItemStatus.VALID, ItemStatus.DRAFT, ItemStatus.RETIRED}),
    ItemStatus.VALID: frozenset({ItemStatus.SUPERSEDED, ItemStatus.RETIRED}),
    ItemStatus.SUPERSEDED: frozenset(),
    ItemStatus.RETIRED: frozenset(),
}


class Datatype(models.TextChoices):
    """Technical datatypes, shared by dictionary elements and the fields of registered databases."""

    STRING = "string", _("Text (short)")
    TEXT = "text", _("Text (long)")
    INTEGER = "integer", _("Integer")
    DECIMAL = "decimal", _("Decimal number")
    BOOLEAN = "boolean", _("Yes/no")
    DATE = "date", _("Date")
    DATETIME = "datetime", _("Date and time")
    TIME = "time", _("Time")
    BINARY = "binary", _("Binary (file)")
    GEOMETRY = "geometry", _("Geometry")
    JSON = "json", _("Structured (JSON)")


class ValueDomain(models.TextChoices):
    """What values an element may take (the ISO/IEC 11179 value domain, simplified)."""

    FREE = "free", _("Free value")
    RANGE = "range", _("Range")
    CODE_LIST = "code_list", _("Code list")
