"""The admin of bodies, legal documents and users, and the rules every admin of the project follows.

Django's admin asks its per-user permission table (auth.Permission) by default. Here
architecture.access decides instead, so the admin, the pages and the API agree: every ModelAdmin
of the project takes RegisterAdminMixin (registers only administrators change) or OwnedAdminMixin
(entries owned by a body), and every inline under an owned entry takes OwnedInlineMixin.
"""

from __future__ import annotations

from functools import reduce

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from architecture import access
from architecture.models import ApiToken, Body, BodyKind, LegalDocument, User
from architecture.services import body_check_cycle, body_save
from architecture.tokens import token_revoke

admin.site.site_header = _("National database registry")
admin.site.site_title = _("Database registry")
admin.site.index_title = _("Registry administration")

# Groups only carry Django permissions, which decide nothing here: roles on the user do.
admin.site.unregister(Group)

# simple_history ships no Vietnamese catalog, Django's lacks some admin strings and calls the
# history page "Bản ghi nhớ" (a memo); naming them here puts them in our catalog, which wins.
THIRD_PARTY_STRINGS = (
    gettext_noop("History"), gettext_noop("Object"), gettext_noop("Comment"), gettext_noop("Changed by"),
    gettext_noop("Change reason"), gettext_noop("Changes"), gettext_noop("Created"), gettext_noop("Changed"),
    gettext_noop("Deleted"), gettext_noop("This object doesn't have a change history."),
    gettext_noop("View %(verbose_name)s"), gettext_noop(" By %(filter_title)s "), ngettext_lazy("entry", "entries"),
    gettext_noop("Show counts"), gettext_noop("Hide counts"), gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"), gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"), gettext_noop("Toggle navigation"),
    gettext_noop("Filter navigation items"), gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("Set password"), gettext_noop("Reset password"), gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"), gettext_noop("Disabled"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be "
        "able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
)

# Government sites are served over HTTPS: a typed "csdl.gov.vn" means https:// (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def follow(obj, path: str):
    """The value at `path` ("table__database__owner") from `obj`."""
    return reduce(getattr, path.split("__"), obj)


def in_admin(user) -> bool:
    """May the user enter the admin at all (Django's own rule for its site)."""
    return user.is_active and user.is_staff


def _edits_something(user) -> bool:
    return in_admin(user) and access.editable_filter(user) is not None


def editable_bodies(user):
    """The bodies whose entries `user` may change, or None for every body."""
    rule = access.editable_filter(user, owner_field=None)
    if rule is None:
        return Body.objects.none()
    if not rule:  # Q(): administrators change every body's entries
        return None
    return Body.objects.filter(rule)


class AccessAdminMixin:
    """What every admin of the project shares, whoever decides its permissions."""

    formfield_overrides = HTTPS_URLS

    def has_module_permission(self, request):
        return in_admin(request.user)

    def get_object(self, request, object_id, from_field=None):
        # An entry the user may not see answers 404 as if it did not exist (Django would redirect).
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def choices_for(self, request, field_name: str):
        """The rows `request.user` may pick for the foreign key `field_name`; None for every row."""
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.choices_for(request, db_field.name)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        # An autocomplete offers the same choices as the form field it fills.
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match is None or match.url_name != "autocomplete":
            return queryset
        try:
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            source_admin = self.admin_site.get_model_admin(source)
        except (KeyError, LookupError, NotRegistered):
            return queryset
        if isinstance(source_admin, AccessAdminMixin):
            choices = source_admin.choices_for(request, request.GET.get("field_name", ""))
            if choices is not None:
                queryset = queryset.filter(pk__in=choices.values("pk"))
        return queryset


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows the history; never reverts to an old version. A revert would write around the
    services (a body's path, a database's review state), so old versions are read-only."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        self.get_object(request, unquote(object_id))  # 404 unless the current entry is visible
        return super().history_form_view(request, object_id, version_id, extra_context)


class RegisterAdminMixin(AccessAdminMixin):
    """A register every staff member reads and only administrators change."""

    def may_change(self, user) -> bool:
        return access.is_administrator(user)

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request):
        return self.may_change(request.user)

    def has_change_permission(self, request, obj=None):
        return self.may_change(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.may_change(request.user)


class RecordAdminMixin(RegisterAdminMixin):
    """A record written by services (change requests, releases): read here, never added or
    changed; only an administrator, who may do everything, erases one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OwnedAdminMixin(AccessAdminMixin):
    """Entries owned by a body: seen through access.visible_filter/can_view, changed through can_edit."""

    owner_field = "owner"  # path from the model to its owning Body
    access_field = "access_level"  # path to the access level deciding who sees it

    def get_queryset(self, request):
        rule = access.visible_filter(request.user, owner_field=self.owner_field, access_field=self.access_field)
        return super().get_queryset(request).filter(rule)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return in_admin(request.user)
        owner, level = follow(obj, self.owner_field), follow(obj, self.access_field)
        return in_admin(request.user) and access.can_view(request.user, owner=owner, access_level=level)

    def has_add_permission(self, request):
        return _edits_something(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return _edits_something(request.user)
        return in_admin(request.user) and access.can_edit(request.user, owner=follow(obj, self.owner_field))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class OwnedInlineMixin:
    """An inline under an owned entry. Django passes the parent entry as `obj`: its owner decides."""

    parent_owner_field = "owner"
    formfield_overrides = HTTPS_URLS

    def _may_edit(self, request, obj) -> bool:
        if obj is None:  # the parent is being added; its owner is checked when the form is saved
            return _edits_something(request.user)
        return access.can_edit(request.user, owner=follow(obj, self.parent_owner_field))

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)  # the parent's admin has decided who sees the parent

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The same choices as the model's own admin (and its autocomplete) offers.
        model_admin = self.admin_site._registry.get(self.model)
        choices = model_admin.choices_for(request, db_field.name) if model_admin else None
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)


class ProvinceFilter(admin.SimpleListFilter):
    """The 34 provinces; an entry is in a province when its body is the province or lies under it."""

    title = _("province")
    parameter_name = "province"
    path_field = "owner__path"

    def lookups(self, request, model_admin):
        return list(Body.objects.filter(kind=BodyKind.PROVINCE).order_by("code").values_list("code", "name_vi"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        path = Body.objects.filter(kind=BodyKind.PROVINCE, code=self.value()).values_list("path", flat=True).first()
        if path is None:
            return queryset.none()
        return queryset.filter(**{f"{self.path_field}__startswith": path})


def province_filter(path_field: str) -> type[ProvinceFilter]:
    """A ProvinceFilter for a model whose body path is at `path_field` ("path", "owner__path")."""
    return type("ProvinceFilter", (ProvinceFilter,), {"path_field": path_field})


class BodyForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # Refused here rather than in body_save, so the form shows the error on the field.
        if self.instance.pk is not None and "parent" in cleaned:
            body_check_cycle(self.instance, cleaned["parent"])
        return cleaned


@admin.register(Body)
class BodyAdmin(RegisterAdminMixin, HistoryAdmin):
    form = BodyForm
    list_display = ("code", "name_vi", "kind", "level", "unit_type", "parent", "effective_to")
    list_select_related = ("parent",)
    list_filter = ("kind", "level", "unit_type", province_filter("path"))
    search_fields = ("code", "name_vi", "name_en", "short_name")
    autocomplete_fields = ("parent", "predecessors")
    readonly_fields = ("path", "modified_at")
    fieldsets = (
        (None, {"fields": ("code", "name_vi", "name_en", "short_name", "kind", "level", "unit_type")}),
        (_("Place in the political system"), {"fields": ("parent", "path", "predecessors")}),
        (_("Validity"), {"fields": ("effective_from", "effective_to")}),
        (_("Contact and sources"), {"fields": ("website", "email", "source", "note", "modified_at")}),
    )

    def may_change(self, user) -> bool:
        return access.can_manage_bodies(user)

    def save_model(self, request, obj, form, change):
        # body_save keeps the path of the body and of every body under it.
        obj._history_user = request.user
        body_save(body=obj)


@admin.register(LegalDocument)
class LegalDocumentAdmin(RegisterAdminMixin, HistoryAdmin):
    list_display = ("number", "title", "issued_on")
    search_fields = ("number", "title")
    date_hierarchy = "issued_on"


@admin.register(User)
class UserAdmin(RegisterAdminMixin, DjangoUserAdmin):
    list_display = (
        "username", "first_name", "last_name", "body", "is_editor", "is_reviewer", "is_monitor", "is_assessor",
        "is_administrator", "is_staff", "is_active",
    )
    list_select_related = ("body",)
    list_filter = ("is_editor", "is_reviewer", "is_monitor", "is_assessor", "is_administrator", "is_staff", "is_active")
    search_fields = ("username", "first_name", "last_name", "email", "body__code", "body__name_vi")
    autocomplete_fields = ("body",)
    filter_horizontal = ()
    roles = (_("Body and roles"), {"fields": ("body", "is_editor", "is_reviewer", "is_monitor", "is_assessor", "is_administrator")})
    # Groups and per-user permissions are left out: architecture.access reads the roles above.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "position", "phone")}),
        roles,
        (_("Access to the admin"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (roles,)

    def has_view_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated (is_active), never deleted: the change history and the audit log
        # name them, and the database refuses to rewrite those (architecture.audit).
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Administrators see every token and revoke one at need; tokens are created by their user,
    who alone sees the secret (architecture.tokens). Revoked, never deleted: the trace stays."""

    list_display = ("name", "prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__username")
    actions = ("revoke",)

    def has_view_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(user=request.user, token=token, request=request)

# The framework register, the milestone templates and each body's obligations (issue 6).
from architecture import admin_plans  # noqa: F401

# The audit log: read-only, for administrators (architecture/admin_audit.py).
from architecture import admin_audit  # noqa: E402,F401
