"""What a database holds: its tables (entities) and their fields."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from architecture.text import fold
from catalog.models.choices import Datatype


class Table(models.Model):
    """A table or entity of a database (for example "Công dân")."""

    database = models.ForeignKey(
        "catalog.Database", verbose_name=_("database"), on_delete=models.CASCADE, related_name="tables",
    )
    name = models.CharField(_("name"), max_length=128)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["database", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["database", "name"], name="table_name_unique_in_database"),
            models.CheckConstraint(condition=~Q(name=""), name="table_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Field(models.Model):
    """A field of a table, optionally mapped to a Shared Data Dictionary element."""

    table = models.ForeignKey(Table, verbose_name=_("table"), on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("name"), max_length=128)
    description = models.TextField(_("description"), blank=True)
    datatype = models.CharField(_("datatype"), max_length=16, choices=Datatype.choices)
    length = models.PositiveIntegerField(_("length"), null=True, blank=True)
    format = models.CharField(_("format or pattern"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=False)
    is_personal_data = models.BooleanField(_("personal data"), default=False)
    is_master_data = models.BooleanField(_("master data"), default=False)
    element = models.ForeignKey(
        "dictionary.DataElement", verbose_name=_("shared dictionary element"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="fields",
    )
    # A field with no shared equivalent is marked local, and says why (Shared Data Dictionary mapping).
    is_local = models.BooleanField(_("local, no shared equivalent"), default=False)
    local_reason = models.TextField(_("why it is local"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    search_text = models.TextField(editable=False, default="",
                                   help_text="Name and description folded (no diacritics, lower case) for search.")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["table", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["table", "name"], name="field_name_unique_in_table"),
            models.CheckConstraint(condition=~Q(name=""), name="field_name_not_empty"),
            models.CheckConstraint(condition=Q(datatype__in=Datatype.values), name="field_datatype_valid"),
            models.CheckConstraint(
                condition=Q(length__isnull=True) | Q(length__gte=1), name="field_length_positive"
            ),
            models.CheckConstraint(
                condition=Q(is_local=False) | (Q(element__isnull=True) & ~Q(local_reason="")),
                name="field_local_says_why_and_maps_nothing",
                violation_error_message=_("A local field says why it has no shared equivalent, and maps to no element."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A derived index column, as Database.search_text: kept here for every writer; bulk
        # writers call field_search_text themselves.
        self.search_text = field_search_text(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)


def field_search_text(field: Field) -> str:
    """What field search reads: the column name with its underscores as spaces ("ngay_sinh" is
    found by "ngay sinh") and the description, folded; a trigram index serves it on PostgreSQL."""
    return fold(f"{field.name.replace('_', ' ')} {field.description}")
