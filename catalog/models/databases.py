"""The database register: every national, specialized and local database of the political system."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from architecture.access import AccessLevel
from architecture.models.bodies import CODE_PATTERN, code_validator
from architecture.text import fold
from catalog.models.choices import (
    DatabaseKind, DataLayer, Lifecycle, ReviewAction, ReviewState, SyncFrequency, SyncMode, TcvnStatus,
)


class Database(models.Model):
    identifier = models.CharField(
        _("identifier"), max_length=64, unique=True, validators=[code_validator],
        help_text=_("Stable identifier, letters, digits, '-', '_' and '.' only."),
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DatabaseKind.choices)
    owner = models.ForeignKey(
        "architecture.Body", verbose_name=_("owning body"), on_delete=models.PROTECT, related_name="databases",
    )
    operator = models.ForeignKey(
        "architecture.Body", verbose_name=_("operating body"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="operated_databases",
    )
    legal_basis = models.ManyToManyField(
        "architecture.LegalDocument", verbose_name=_("legal basis"), blank=True, related_name="databases",
    )
    data_layer = models.CharField(_("data layer"), max_length=16, choices=DataLayer.choices, blank=True)
    themes = models.ManyToManyField("catalog.Theme", verbose_name=_("themes"), blank=True, related_name="databases")
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("One keyword or phrase per line."))
    landing_page = models.URLField(_("landing page"), max_length=500, blank=True)

    lifecycle = models.CharField(_("lifecycle"), max_length=24, choices=Lifecycle.choices, default=Lifecycle.PLANNED)
    roadmap_target_date = models.DateField(
        _("roadmap target date"), null=True, blank=True,
        help_text=_("When a database under construction is due to be completed and synchronized."),
    )

    review_state = models.CharField(
        _("review state"), max_length=16, choices=ReviewState.choices, default=ReviewState.NOT_REVIEWED,
        editable=False,
    )
    submitted_on = models.DateField(_("submitted for review on"), null=True, blank=True, editable=False)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True, editable=False)
    standardized_on = models.DateField(_("standardized on"), null=True, blank=True, editable=False)

    access_level = models.CharField(
        _("access level"), max_length=16, choices=AccessLevel.choices, default=AccessLevel.INTERNAL,
    )
    security_level = models.PositiveSmallIntegerField(
        _("security level"), null=True, blank=True,
        help_text=_("Information system security level 1-5 (Decree 85/2016/NĐ-CP)."),
    )
    tcvn_14423_status = models.CharField(
        _("TCVN 14423:2025 status"), max_length=20, choices=TcvnStatus.choices, default=TcvnStatus.NOT_DECLARED,
    )
    encrypted_at_rest = models.BooleanField(_("encrypted at rest"), default=False)
    encrypted_in_transit = models.BooleanField(_("encrypted in transit"), default=False)
    digitally_signed = models.BooleanField(_("digital signature"), default=False)
    has_personal_data = models.BooleanField(_("contains personal data"), default=False)

    contact_name = models.CharField(_("contact point"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)

    sync_mode = models.CharField(
        _("synchronization with the National Data Center"), max_length=16,
        choices=SyncMode.choices, default=SyncMode.NONE,
    )
    sync_frequency = models.CharField(_("synchronization frequency"), max_length=16, choices=SyncFrequency.choices, blank=True)
    last_synced_at = models.DateTimeField(_("last successful synchronization"), null=True, blank=True)
    last_sync_error = models.TextField(_("last synchronization error"), blank=True)

    withdrawn_at = models.DateTimeField(
        _("withdrawn"), null=True, blank=True, editable=False,
        help_text=_("A harvested entry its source no longer lists: kept, but no longer published."),
    )
    needs_verification = models.BooleanField(
        _("needs verification"), default=False,
        help_text=_("Facts of this entry are not yet confirmed by an official text."),
    )
    source = models.TextField(_("source"), blank=True)
    search_text = models.TextField(
        editable=False, default="",
        help_text="Identifier, names, keywords and description folded (no diacritics, lower case) for search.",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True, db_index=True)

    history = HistoricalRecords(m2m_fields=[legal_basis, themes], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("database")
        verbose_name_plural = _("databases")
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(condition=Q(identifier__regex=CODE_PATTERN), name="database_identifier_format"),
            models.CheckConstraint(condition=Q(kind__in=DatabaseKind.values), name="database_kind_valid"),
            models.CheckConstraint(
                condition=Q(data_layer="") | Q(data_layer__in=DataLayer.values), name="database_data_layer_valid"
            ),
            models.CheckConstraint(condition=Q(lifecycle__in=Lifecycle.values), name="database_lifecycle_valid"),
            models.CheckConstraint(condition=Q(review_state__in=ReviewState.values), name="database_review_state_valid"),
            models.CheckConstraint(condition=Q(access_level__in=AccessLevel.values), name="database_access_level_valid"),
            models.CheckConstraint(
                condition=Q(security_level__isnull=True) | Q(security_level__gte=1, security_level__lte=5),
                name="database_security_level_1_to_5",
                violation_error_message=_("The security level is from 1 to 5."),
            ),
            models.CheckConstraint(condition=Q(tcvn_14423_status__in=TcvnStatus.values), name="database_tcvn_status_valid"),
            models.CheckConstraint(condition=Q(sync_mode__in=SyncMode.values), name="database_sync_mode_valid"),
            models.CheckConstraint(
                condition=Q(sync_frequency="") | Q(sync_frequency__in=SyncFrequency.values),
                name="database_sync_frequency_valid",
            ),
            # A periodic synchronization says how often it runs.
            models.CheckConstraint(
                condition=~Q(sync_mode=SyncMode.PERIODIC) | ~Q(sync_frequency=""),
                name="database_periodic_sync_has_frequency",
                violation_error_message=_("A periodic synchronization needs a frequency."),
            ),
            models.CheckConstraint(
                condition=~Q(sync_mode=SyncMode.NONE) | Q(sync_frequency=""),
                name="database_no_sync_no_frequency",
                violation_error_message=_("A database that is not synchronized has no synchronization frequency."),
            ),
            models.CheckConstraint(
                condition=~Q(review_state__in=[ReviewState.SUBMITTED, ReviewState.RETURNED])
                | Q(submitted_on__isnull=False),
                name="database_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | Q(standardized_on__isnull=True)
                | Q(standardized_on__gte=F("reviewed_on")),
                name="database_review_dates_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(review_state=ReviewState.REVIEWED) | Q(reviewed_on__isnull=False),
                name="database_reviewed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(review_state=ReviewState.STANDARDIZED) | Q(standardized_on__isnull=False),
                name="database_standardized_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "identifier"]),
            models.Index(fields=["kind", "lifecycle"]),
            models.Index(fields=["review_state"]),
            models.Index(fields=["access_level"]),
            # The DCAT feed pages published entries by id and counts them with their latest change:
            # on PostgreSQL this index answers both without reading the table (INCLUDE is ignored
            # elsewhere).
            models.Index(
                fields=["id"], include=["modified_at", "access_level", "owner", "kind"],
                condition=Q(withdrawn_at__isnull=True), name="database_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.identifier})"

    def save(self, *args, **kwargs):
        # A derived index column, not a business rule: kept here so that every writer (services,
        # admin, imports, loaders) keeps it current. Bulk writers call database_search_text themselves.
        self.search_text = database_search_text(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


def database_search_text(database: Database) -> str:
    """What text search over databases reads: folded so that "co so du lieu dan cu" finds
    "Cơ sở dữ liệu quốc gia về dân cư" with a plain substring match (a trigram index serves it on
    PostgreSQL, catalog migration 0009)."""
    parts = [database.identifier, database.name_vi, database.name_en, database.keywords, database.description_vi,
             database.description_en]
    return fold(" ".join(part for part in parts if part))


class DatabaseReview(models.Model):
    """One dated, attributed step of the Resolution 214 review of a database entry."""

    database = models.ForeignKey(Database, verbose_name=_("database"), on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(_("action"), max_length=20, choices=ReviewAction.choices)
    from_state = models.CharField(_("from state"), max_length=16, choices=ReviewState.choices)
    to_state = models.CharField(_("to state"), max_length=16, choices=ReviewState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="database_reviews",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["database", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=ReviewAction.values), name="review_action_valid"),
            # A returned entry always says why (Resolution 214 review).
            models.CheckConstraint(
                condition=~Q(action=ReviewAction.RETURN) | ~Q(comment=""), name="review_return_has_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.database.identifier}: {self.get_action_display()}"
