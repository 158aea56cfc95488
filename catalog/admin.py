"""The admin of the database register.

Who sees and changes what is architecture.access's decision, applied by the mixins of
architecture.admin: a table, field, service or standard link belongs to its database's owner.
Review states change only through the catalog's review services, so here they are shown, never edited.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from architecture import access
from architecture.admin import (
    HistoryAdmin, OwnedAdminMixin, OwnedInlineMixin, RegisterAdminMixin, editable_bodies, province_filter,
)
from catalog.harvest.admin import HarvestRecordAdmin, HarvestRunAdmin, HarvestSourceAdmin
from catalog.models import (
    Database, DatabaseReview, DatabaseStandard, Field, HarvestRecord, HarvestRun, HarvestSource, Service, Standard,
    Table, Theme,
)
from catalog.services import database_create, database_update
from dictionary.models import DataElement
from dictionary.selectors import MAPPABLE_STATUSES


def _editable(model, user, owner_field: str):
    """The rows of `model` the user may change, as choices for a foreign key."""
    rule = access.editable_filter(user, owner_field=owner_field)
    return model.objects.none() if rule is None else model.objects.filter(rule)


class InDatabaseAdminMixin(OwnedAdminMixin):
    """An entry of a database (service, standard link, review step): its database decides."""

    owner_field = "database__owner"
    access_field = "database__access_level"

    def choices_for(self, request, field_name):
        if field_name == "database":
            return _editable(Database, request.user, "owner")
        return None


class TableInline(OwnedInlineMixin, admin.TabularInline):
    model = Table
    fields = ("position", "name", "description")
    extra = 0
    show_change_link = True  # a table's fields are edited on the table's own page


class DatabaseStandardInline(OwnedInlineMixin, admin.TabularInline):
    model = DatabaseStandard
    fields = ("standard", "conformance", "note")
    autocomplete_fields = ("standard",)
    extra = 0


class ServiceInline(OwnedInlineMixin, admin.StackedInline):
    model = Service
    fields = ("title", "endpoint_url", "endpoint_description_url", "protocol", "media_type", "access_conditions")
    extra = 0


class DatabaseReviewInline(admin.TabularInline):
    """The review record of the database, written by the review services and read here."""

    model = DatabaseReview
    fields = ("at", "action", "from_state", "to_state", "actor", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_view_permission(self, request, obj=None):
        return True  # the database's admin has decided who sees the database

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Database)
class DatabaseAdmin(OwnedAdminMixin, HistoryAdmin):
    list_display = (
        "identifier", "name_vi", "owner", "kind", "lifecycle", "review_state", "access_level", "security_level",
        "sync_mode", "modified_at",
    )
    list_select_related = ("owner",)
    list_filter = (
        "kind", province_filter("owner__path"), "owner__level", "lifecycle", "review_state", "access_level",
        "security_level", "sync_mode", "data_layer", "tcvn_14423_status", "needs_verification", "themes",
    )
    search_fields = ("identifier", "name_vi", "name_en", "owner__code", "owner__name_vi")
    autocomplete_fields = ("owner", "operator", "legal_basis", "themes")
    date_hierarchy = "modified_at"
    show_full_result_count = False  # up to 20,000 rows: one count per page is enough
    readonly_fields = (
        "review_state", "submitted_on", "reviewed_on", "standardized_on", "version", "created_at", "modified_at",
        "withdrawn_at",
    )
    fieldsets = (
        (None, {"fields": (
            "identifier", "name_vi", "name_en", "description_vi", "description_en", "kind", "data_layer", "themes",
            "keywords", "landing_page",
        )}),
        (_("Ownership and legal basis"), {"fields": ("owner", "operator", "legal_basis")}),
        (_("Lifecycle and review"), {"fields": (
            "lifecycle", "roadmap_target_date", "review_state", "submitted_on", "reviewed_on", "standardized_on",
        )}),
        (_("Access and security"), {"fields": (
            "access_level", "security_level", "tcvn_14423_status", "encrypted_at_rest", "encrypted_in_transit",
            "digitally_signed", "has_personal_data",
        )}),
        (_("Synchronization with the National Data Center"), {"fields": (
            "sync_mode", "sync_frequency", "last_synced_at", "last_sync_error",
        )}),
        (_("Contact point"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (_("Record"), {"fields": (
            "needs_verification", "source", "version", "created_at", "modified_at", "withdrawn_at",
        )}),
    )
    inlines = (TableInline, DatabaseStandardInline, ServiceInline, DatabaseReviewInline)

    def choices_for(self, request, field_name):
        # A database is registered for a body the user edits for; it may be operated by any body.
        return editable_bodies(request.user) if field_name == "owner" else None

    def save_model(self, request, obj, form, change):
        # Through the catalog's services, which check the owner again, count the version and
        # sign the history. The legal basis is saved afterwards with the form's other relations.
        if change:
            database_update(user=request.user, database=obj)
            return
        editable = [f.name for f in Database._meta.concrete_fields if f.editable and not f.primary_key]
        created = database_create(user=request.user, **{name: getattr(obj, name) for name in editable})
        obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db


class FieldInline(OwnedInlineMixin, admin.TabularInline):
    model = Field
    parent_owner_field = "database__owner"
    # is_local and local_reason travel together: the model's constraint checks them as a pair.
    fields = (
        "position", "name", "datatype", "length", "format", "required", "is_personal_data", "is_master_data",
        "element", "is_local", "local_reason",
    )
    autocomplete_fields = ("element",)
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("element")


@admin.register(Table)
class TableAdmin(InDatabaseAdminMixin, HistoryAdmin):
    list_display = ("name", "database", "position")
    list_select_related = ("database",)
    list_filter = (province_filter("database__owner__path"), "database__kind")
    search_fields = ("name", "database__identifier", "database__name_vi")
    autocomplete_fields = ("database",)
    show_full_result_count = False
    inlines = (FieldInline,)


@admin.register(Field)
class FieldAdmin(OwnedAdminMixin, HistoryAdmin):
    owner_field = "table__database__owner"
    access_field = "table__database__access_level"
    list_display = (
        "name", "table", "database", "datatype", "element", "required", "is_personal_data", "is_master_data",
    )
    list_select_related = ("table__database", "element")
    list_filter = (
        "datatype", "required", "is_personal_data", "is_master_data", "is_local",
        province_filter("table__database__owner__path"),
    )
    search_fields = ("name", "table__name", "table__database__identifier", "element__identifier", "element__name_vi")
    autocomplete_fields = ("table", "element")
    show_full_result_count = False  # plan for 2,000,000 fields

    @admin.display(description=_("database"), ordering="table__database__identifier")
    def database(self, obj):
        return obj.table.database.identifier

    def choices_for(self, request, field_name):
        if field_name == "table":
            return _editable(Table, request.user, "database__owner")
        if field_name == "element":  # as catalog.services.field_map: only elements in force
            return DataElement.objects.filter(status__in=MAPPABLE_STATUSES)
        return None


@admin.register(Service)
class ServiceAdmin(InDatabaseAdminMixin, HistoryAdmin):
    list_display = ("title", "database", "protocol", "endpoint_url")
    list_select_related = ("database",)
    list_filter = ("protocol", province_filter("database__owner__path"))
    search_fields = ("title", "endpoint_url", "database__identifier", "database__name_vi")
    autocomplete_fields = ("database",)


@admin.register(DatabaseStandard)
class DatabaseStandardAdmin(InDatabaseAdminMixin, HistoryAdmin):
    list_display = ("database", "standard", "conformance")
    list_select_related = ("database", "standard")
    list_filter = ("conformance", ("standard", admin.RelatedOnlyFieldListFilter))
    search_fields = ("database__identifier", "database__name_vi", "standard__code", "standard__title")
    autocomplete_fields = ("database", "standard")


@admin.register(DatabaseReview)
class DatabaseReviewAdmin(InDatabaseAdminMixin, admin.ModelAdmin):
    """The review record, read-only: steps are added by the catalog's review services."""

    list_display = ("database", "action", "from_state", "to_state", "actor", "at")
    list_select_related = ("database", "actor")
    list_filter = ("action", "to_state", province_filter("database__owner__path"))
    search_fields = ("database__identifier", "database__name_vi", "actor__username", "comment")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Only an administrator (who may do everything) erases a record, e.g. with its database;
        # so an editor cannot delete a database once it has been through review.
        return access.is_administrator(request.user)


@admin.register(Standard)
class StandardAdmin(RegisterAdminMixin, HistoryAdmin):
    list_display = ("code", "title", "issuer", "year")
    list_filter = ("year",)
    search_fields = ("code", "title", "issuer")


@admin.register(Theme)
class ThemeAdmin(RegisterAdminMixin, admin.ModelAdmin):
    """The EU Data Theme vocabulary DCAT-AP recommends for dcat:theme."""

    list_display = ("code", "label_vi", "label_en")
    search_fields = ("code", "label_vi", "label_en")


# Harvesting: sources are configured by administrators; runs and records are kept as reports.
admin.site.register(HarvestSource, HarvestSourceAdmin)
admin.site.register(HarvestRun, HarvestRunAdmin)
admin.site.register(HarvestRecord, HarvestRecordAdmin)

# Security posture, conformance assessments, automatic checks and quality (issue #6).
import catalog.admin_quality  # noqa: E402,F401
