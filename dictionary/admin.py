"""The admin of the Shared Data Dictionary (Decision 2439/QĐ-TTg).

Administrators edit elements and code lists here; everyone else proposes changes that reviewers
of the steward body decide through dictionary.services. The values of a code list are kept by
its steward body (access.can_steward). Statuses move only through item_transition, so here they
are shown, as are change requests and the frozen releases.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from architecture import access
from architecture.admin import AccessAdminMixin, HistoryAdmin, RecordAdminMixin, RegisterAdminMixin, in_admin
from architecture.text import fold
from dictionary.models import (
    ChangeRequest, CodeList, CodeValue, CodeValueAlias, DataElement, Release, ReleaseItem, Topic,
)
from dictionary.services import element_save

STATUS_FIELDS = ("status", "successor", "modified_at")


@admin.register(Topic)
class TopicAdmin(RegisterAdminMixin, HistoryAdmin):
    list_display = ("identifier", "name_vi", "name_en")
    search_fields = ("identifier", "name_vi", "name_en")


@admin.register(DataElement)
class DataElementAdmin(RegisterAdminMixin, HistoryAdmin):
    list_display = ("identifier", "name_vi", "topic", "datatype", "data_layer", "steward", "status", "modified_at")
    list_select_related = ("topic", "steward")
    list_filter = ("status", "data_layer", "datatype", "value_domain", "topic")
    search_fields = ("identifier", "name_vi", "name_en")
    autocomplete_fields = ("topic", "code_list", "steward", "legal_basis")
    readonly_fields = STATUS_FIELDS
    show_full_result_count = False  # plan for 50,000 elements
    # The four parts every shared element states (Decision 2439/QĐ-TTg).
    fieldsets = (
        (None, {"fields": ("identifier", "name_vi", "name_en", "topic")}),
        (_("Business definition"), {"fields": ("definition", "examples", "synonyms")}),
        (_("Technical definition"), {"fields": (
            "datatype", "format", "max_length", "unit", "value_domain", "min_value", "max_value", "code_list",
        )}),
        (_("Management rules"), {"fields": (
            "steward", "legal_basis", "legal_source", "maintenance_rule", "master_source", "data_layer",
        )}),
        (_("Registration status"), {"fields": STATUS_FIELDS}),
    )

    def get_search_results(self, request, queryset, search_term):
        # Also without diacritics: "ngay sinh" finds "Ngày sinh" (and its synonyms).
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(search_text__contains=fold(search_term))
        return found, may_have_duplicates

    def save_model(self, request, obj, form, change):
        element_save(element=obj, user=request.user)  # keeps the search text, signs the history


@admin.register(CodeList)
class CodeListAdmin(RegisterAdminMixin, HistoryAdmin):
    list_display = ("identifier", "name_vi", "steward", "status", "modified_at")
    list_select_related = ("steward",)
    list_filter = ("status",)
    search_fields = ("identifier", "name_vi", "name_en")
    autocomplete_fields = ("steward", "legal_basis")
    readonly_fields = STATUS_FIELDS


def stewarded_lists(user):
    """The code lists whose values `user` maintains, as access.can_steward decides. Lists are
    few (dozens), so each is asked in turn rather than rebuilding the rule as a filter."""
    if access.is_administrator(user):
        return CodeList.objects.all()
    lists = CodeList.objects.select_related("steward")
    return CodeList.objects.filter(pk__in=[cl.pk for cl in lists if access.can_steward(user, cl.steward)])


class CodeValueAliasInline(admin.TabularInline):
    model = CodeValueAlias
    extra = 0

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request, obj):  # obj is the code value
        return obj is None or access.can_steward(request.user, obj.code_list.steward)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


@admin.register(CodeValue)
class CodeValueAdmin(AccessAdminMixin, HistoryAdmin):
    """Every staff member reads the values; the steward body's editors and reviewers maintain them."""

    # Values are listed on their own, filtered by list: a list may hold 3,321 communes.
    list_display = ("code", "label_vi", "code_list", "parent", "effective_to")
    list_select_related = ("code_list", "parent")
    list_filter = ("code_list",)
    search_fields = ("code", "label_vi", "label_en", "aliases__code")
    autocomplete_fields = ("code_list", "parent")
    show_full_result_count = False
    inlines = (CodeValueAliasInline,)

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request):
        return stewarded_lists(request.user).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return access.can_steward(request.user, obj.code_list.steward)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def choices_for(self, request, field_name):
        return stewarded_lists(request.user) if field_name == "code_list" else None


@admin.register(ChangeRequest)
class ChangeRequestAdmin(RecordAdminMixin, HistoryAdmin):
    list_display = ("__str__", "element", "steward", "proposed_by", "status", "due_date", "created_at")
    list_select_related = ("element", "steward", "proposed_by")
    list_filter = ("status", "kind")
    search_fields = ("element__identifier", "element__name_vi", "reason", "steward__name_vi")
    date_hierarchy = "created_at"


@admin.register(Release)
class ReleaseAdmin(RecordAdminMixin, admin.ModelAdmin):
    """A published release is frozen: not even an administrator changes or deletes it."""

    list_display = ("version", "title", "published_at", "published_by")
    list_select_related = ("published_by",)
    search_fields = ("version", "title")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReleaseItem)
class ReleaseItemAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Listed here, filtered by release, rather than inline: a release holds every element."""

    list_display = ("identifier", "kind", "status", "release")
    list_select_related = ("release",)
    list_filter = ("release", "kind")
    search_fields = ("identifier",)
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        return False
