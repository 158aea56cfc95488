"""The audit log in the admin: administrators read it; nobody adds, changes or deletes an event
here (nor anywhere else: the database refuses it, architecture.audit)."""

from django.contrib import admin

from architecture import access
from architecture.admin import in_admin
from architecture.models import AuditEvent
from architecture.two_factor import AdminSignInForm

# The admin's sign-in page asks for the authenticator code as the site's does (architecture.two_factor).
admin.site.login_form = AdminSignInForm


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "address", "method", "path", "target")
    list_filter = ("kind",)
    search_fields = ("username", "address", "path", "target")
    date_hierarchy = "at"
    readonly_fields = tuple(field.name for field in AuditEvent._meta.fields)
    actions = None

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user) and access.is_administrator(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
