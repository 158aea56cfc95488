from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from architecture import access
from architecture.admin import (
    AccessAdminMixin,
    RecordAdminMixin,
    RegisterAdminMixin,
    in_admin,
)
from config.queue import task_enqueue
from monitoring.models import (
    AlertPreference,
    AlertSent,
    FigureSnapshot,
    MonthlyReport,
    ReportFile,
)


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    can_delete = False
    fields = ["generated_at", "generated_by", "xlsx", "pdf", "replaced_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user) and access.reads_everything(request.user)

    def has_change_permission(self, request, obj=None):
        return False


class MonitoringAdminMixin(AccessAdminMixin):
    """Reports and snapshots count the whole register, restricted entries included: staff who read
    everything (monitors, reviewers, administrators) see them; nobody types them in or edits them."""

    def has_module_permission(self, request):
        return in_admin(request.user) and access.reads_everything(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user)


@admin.register(MonthlyReport)
class MonthlyReportAdmin(MonitoringAdminMixin, admin.ModelAdmin):
    list_display = ["month", "generated_at", "generated_by"]
    readonly_fields = ["month", "generated_at", "generated_by", "xlsx", "pdf"]
    inlines = [ReportFileInline]
    actions = ["regenerate"]

    def has_regenerate_permission(self, request):
        return self.has_module_permission(request)

    @admin.action(description=_("Generate the selected reports again (the earlier files are kept)"),
                  permissions=["regenerate"])
    def regenerate(self, request, queryset):
        from monitoring.tasks import monthly_report_generate

        count = 0
        for report in queryset:
            count += task_enqueue(monthly_report_generate, f"{report.month:%Y-%m}", request.user.pk)
        if count < queryset.count():
            self.message_user(request, _("The task queue cannot be reached now: try again in a few minutes."),
                              messages.ERROR)
        self.message_user(request, ngettext("%(count)d report is being generated.",
                                            "%(count)d reports are being generated.", count)
                          % {"count": count}, messages.SUCCESS)


@admin.register(FigureSnapshot)
class FigureSnapshotAdmin(MonitoringAdminMixin, admin.ModelAdmin):
    list_display = ["month", "body", "taken_at"]
    list_filter = ["month"]
    search_fields = ["body__code", "body__name_vi"]
    readonly_fields = ["body", "month", "taken_at", "figures", "lists"]


@admin.register(AlertSent)
class AlertSentAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["recipient", "event_key", "subject"]
    readonly_fields = ["event_key", "kind", "recipient", "subject", "message", "created_at", "sent_at"]


@admin.register(AlertPreference)
class AlertPreferenceAdmin(RegisterAdminMixin, admin.ModelAdmin):
    list_display = ["email", "daily_digest"]
    search_fields = ["email"]
