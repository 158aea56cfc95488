"""The admin of the framework register, the milestone templates, and each body's obligations
(architecture, strategies, milestones, chief engineers). Imported by architecture/admin.py.

Frameworks and templates are registers: every staff member reads them, administrators change them.
A body's obligations are public and read by every staff member; the editors of the body's chain
change them (architecture.access.can_edit_body_plans). Every write goes through architecture.plans,
which asks access again and signs the history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from architecture import access
from architecture.admin import (
    HTTPS_URLS,
    AccessAdminMixin,
    HistoryAdmin,
    RegisterAdminMixin,
    _edits_something,
    editable_bodies,
    in_admin,
    province_filter,
)
from architecture.models import (
    BodyArchitecture,
    ChiefEngineer,
    FrameworkRequirement,
    FrameworkVersion,
    Milestone,
    MilestoneState,
    MilestoneTemplate,
    Strategy,
)
from architecture.models.milestones import milestone_state_filter
from architecture.plans import (
    chief_engineer_appoint,
    framework_register_save,
    milestone_templates_apply,
    plan_entry_delete,
    plan_entry_save,
)


class FrameworkRegisterMixin(RegisterAdminMixin):
    def may_change(self, user) -> bool:
        return access.can_manage_frameworks(user)

    def save_model(self, request, obj, form, change):
        framework_register_save(user=request.user, entry=obj)


class RequirementInline(admin.StackedInline):
    model = FrameworkRequirement
    extra = 0
    formfield_overrides = HTTPS_URLS
    fields = (("identifier", "order", "reference_model", "applies_to", "check_code"), "text_vi", "text_en",
              "legal_source", "evidence", ("source_verified", "source_note"))

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request, obj):
        return access.can_manage_frameworks(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can_manage_frameworks(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_manage_frameworks(request.user)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrameworkRegisterMixin, HistoryAdmin):
    list_display = ("code", "name_vi", "version", "decision_number", "decision_date", "source_verified")
    search_fields = ("code", "name_vi", "name_en", "decision_number")
    autocomplete_fields = ("issuing_document",)
    readonly_fields = ("modified_at",)
    inlines = (RequirementInline,)
    fieldsets = (
        (None, {"fields": ("code", "name_vi", "name_en", "version", "reference_models")}),
        (_("Issuing decision"), {"fields": ("issuing_document", "decision_number", "decision_date",
                                            "effective_from", "effective_to")}),
        (_("Sources"), {"fields": ("source", "source_verified", "note", "modified_at")}),
    )

    def save_formset(self, request, form, formset, change):
        # Requirements are saved one by one through the service: validated and signed.
        for obj in formset.deleted_objects:
            obj._history_user = request.user
            obj.delete()
        for obj in formset.save(commit=False):
            framework_register_save(user=request.user, entry=obj)


@admin.register(FrameworkRequirement)
class FrameworkRequirementAdmin(FrameworkRegisterMixin, HistoryAdmin):
    list_display = ("identifier", "framework", "reference_model", "applies_to", "check_code", "source_verified")
    list_select_related = ("framework",)
    list_filter = ("framework", "reference_model", "applies_to", "source_verified")
    search_fields = ("identifier", "text_vi", "text_en", "legal_source")
    readonly_fields = ("modified_at",)


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(FrameworkRegisterMixin, HistoryAdmin):
    list_display = ("code", "title_vi", "target_date", "body_kinds", "body_levels", "source_verified")
    search_fields = ("code", "title_vi", "title_en")
    readonly_fields = ("modified_at",)
    actions = ("apply",)

    @admin.action(description=_("Create the milestones of the selected templates for every body they apply to"))
    def apply(self, request, queryset):
        if not access.can_apply_milestone_templates(request.user):
            self.message_user(request, _("Only administrators apply milestone templates."), messages.ERROR)
            return
        created = milestone_templates_apply(templates=list(queryset), user=request.user)
        total = sum(created.values())
        self.message_user(request, ngettext("%(count)d milestone created.", "%(count)d milestones created.", total)
                          % {"count": total}, messages.SUCCESS)


# --- a body's obligations

class PlanAdminMixin(AccessAdminMixin):
    """Entries of a body's obligations: public, changed by the body chain's editors."""

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request):
        return _edits_something(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return _edits_something(request.user)
        return in_admin(request.user) and access.can_edit_body_plans(request.user, body=obj.body)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def choices_for(self, request, field_name: str):
        if field_name == "body":
            return editable_bodies(request.user)
        return None

    def save_model(self, request, obj, form, change):
        plan_entry_save(user=request.user, entry=obj)

    def delete_model(self, request, obj):
        plan_entry_delete(user=request.user, entry=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            plan_entry_delete(user=request.user, entry=obj)


@admin.register(BodyArchitecture)
class BodyArchitectureAdmin(PlanAdminMixin, HistoryAdmin):
    list_display = ("title", "body", "version", "status", "framework", "decision_number", "decision_date")
    list_select_related = ("body", "framework")
    list_filter = ("status", "framework", province_filter("body__path"))
    search_fields = ("title", "body__code", "body__name_vi", "decision_number")
    autocomplete_fields = ("body",)
    readonly_fields = ("modified_at",)


@admin.register(Strategy)
class StrategyAdmin(PlanAdminMixin, HistoryAdmin):
    list_display = ("title", "body", "kind", "status", "period_start", "period_end", "decision_number",
                    "decision_date")
    list_select_related = ("body",)
    list_filter = ("kind", "status", province_filter("body__path"))
    search_fields = ("title", "body__code", "body__name_vi", "decision_number")
    autocomplete_fields = ("body",)
    readonly_fields = ("modified_at",)


class MilestoneStateFilter(admin.SimpleListFilter):
    """The state derived from the dates today (never stored)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return MilestoneState.choices

    def queryset(self, request, queryset):
        if self.value() in MilestoneState.values:
            return queryset.filter(milestone_state_filter(self.value()))
        return queryset


@admin.register(Milestone)
class MilestoneAdmin(PlanAdminMixin, HistoryAdmin):
    list_display = ("title", "body", "target_date", "status", "state_display", "completion_date", "template")
    list_select_related = ("body", "template")
    list_filter = (MilestoneStateFilter, "status", "template", province_filter("body__path"))
    search_fields = ("title", "body__code", "body__name_vi")
    autocomplete_fields = ("body",)
    readonly_fields = ("state_display", "modified_at")
    date_hierarchy = "target_date"

    @admin.display(description=_("state"))
    def state_display(self, obj):
        return MilestoneState(obj.state).label if obj.pk else "-"


class ChiefEngineerAppointForm(forms.ModelForm):
    """A new appointment is current (no end date). The rule of one current holder per role is
    not checked here: the appointment ends the previous holder's term (chief_engineer_appoint)."""

    class Meta:
        model = ChiefEngineer
        exclude = ("end_date",)


@admin.register(ChiefEngineer)
class ChiefEngineerAdmin(PlanAdminMixin, HistoryAdmin):
    list_display = ("person_name", "role", "body", "position", "start_date", "end_date")
    list_select_related = ("body",)
    list_filter = ("role", ("end_date", admin.EmptyFieldListFilter), province_filter("body__path"))
    search_fields = ("person_name", "body__code", "body__name_vi", "decision_number")
    autocomplete_fields = ("body",)
    readonly_fields = ("modified_at",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ChiefEngineerAppointForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [name for name in fields if name != "end_date"] if obj is None else fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = chief_engineer_appoint(
            user=request.user, body=obj.body, role=obj.role, person_name=obj.person_name, start_date=obj.start_date,
            position=obj.position, email=obj.email, phone=obj.phone, decision_number=obj.decision_number,
            decision_date=obj.decision_date, note=obj.note,
        )
        obj.pk = saved.pk
