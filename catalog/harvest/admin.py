"""Admin classes of the harvest, registered by catalog.admin (not here, so one file decides what
the catalog's admin shows).

Sources are a register: every staff member reads them, administrators configure them, since a
source lets the harvester write on behalf of its body. Runs, their report lines and records are
written by the harvester only and kept: read here, never added, changed or deleted.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from architecture.admin import RecordAdminMixin, RegisterAdminMixin
from catalog.models import HarvestReportLine


class HarvestSourceAdmin(RegisterAdminMixin, admin.ModelAdmin):
    list_display = ("name", "owner", "format", "interval_minutes", "grace_days", "enabled", "modified_at")
    list_select_related = ("owner",)
    list_filter = ("enabled", "format")
    search_fields = ("name", "url", "owner__code", "owner__name_vi")
    autocomplete_fields = ("owner",)
    readonly_fields = ("created_at", "modified_at")
    actions = ("harvest_now",)

    @admin.action(description=_("Harvest the selected sources now"))
    def harvest_now(self, request, queryset):
        from catalog.tasks import harvest_source_run
        from config.queue import task_enqueue

        sent = [source for source in queryset if task_enqueue(harvest_source_run, source.pk)]
        if len(sent) < len(queryset):
            self.message_user(request, _("The task queue cannot be reached now: try again in a few minutes."),
                              messages.ERROR)
        count = len(sent)
        self.message_user(request, ngettext("%d source sent for harvesting; see its runs.",
                                            "%d sources sent for harvesting; see their runs.", count) % count,
                          messages.SUCCESS)


class KeptRecordAdminMixin(RecordAdminMixin):
    """The harvest's own records: nobody deletes them, administrators included."""

    def has_delete_permission(self, request, obj=None):
        return False


class HarvestReportLineInline(admin.TabularInline):
    model = HarvestReportLine
    fields = ("subject", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HarvestRunAdmin(KeptRecordAdminMixin, admin.ModelAdmin):
    list_display = ("started_at", "source", "status", "complete", "pages_read", "created", "updated", "unchanged",
                    "withdrawn", "errors", "finished_at")
    list_select_related = ("source",)
    list_filter = ("status", "complete", "source")
    date_hierarchy = "started_at"
    inlines = (HarvestReportLineInline,)


class HarvestRecordAdmin(KeptRecordAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "database", "source", "first_seen_at", "last_seen_at", "missing_since", "withdrawn")
    list_select_related = ("database", "source")
    list_filter = ("source", ("missing_since", admin.EmptyFieldListFilter))
    search_fields = ("remote_identifier", "remote_iri", "database__identifier", "database__name_vi")
    show_full_result_count = False  # up to 20,000 records per source

    @admin.display(description=_("withdrawn"), boolean=True)
    def withdrawn(self, obj):
        return obj.database.withdrawn_at is not None
