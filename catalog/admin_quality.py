"""The admin of issue #6's catalog side: a database's security posture, conformance assessments,
and the computed automatic checks and quality scores (read only).

The same rules as everywhere, asked of architecture.access: the posture is seen by the owner chain,
reviewers and administrators (can_view_security_posture) and written by the owner's editors
(can_edit); assessments are read with their database and written by assessors (can_assess);
checks and quality are read with their database, the posture checks only by readers of the
posture. Writes go through catalog.security and catalog.conformance, which check again.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from architecture import access
from architecture.admin import (
    AccessAdminMixin,
    HistoryAdmin,
    _edits_something,
    in_admin,
)
from catalog import conformance, security
from catalog.checks import POSTURE_CHECKS
from catalog.models import (
    AssessmentAnswer,
    ConformanceAssessment,
    Database,
    DatabaseCheckResult,
    DatabaseQuality,
    SecurityApproval,
    SecurityAssessment,
    SecurityIncident,
)


def _posture_databases(user):
    rule = access.editable_filter(user, owner_field="owner")
    return Database.objects.none() if rule is None else Database.objects.filter(rule)


class PostureAdminMixin(AccessAdminMixin):
    owner_field = "database__owner"

    def owner_of(self, obj):
        return obj.database.owner

    def get_queryset(self, request):
        rule = access.security_posture_filter(request.user, owner_field=self.owner_field)
        queryset = super().get_queryset(request)
        return queryset.none() if rule is None else queryset.filter(rule)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return in_admin(request.user)
        return in_admin(request.user) and access.can_view_security_posture(request.user, owner=self.owner_of(obj))

    def has_add_permission(self, request):
        return _edits_something(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # dated decisions and assessments are history: a new one is recorded instead

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user)  # an entry recorded by mistake

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "database":
            kwargs["queryset"] = _posture_databases(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SecurityApproval)
class SecurityApprovalAdmin(PostureAdminMixin, HistoryAdmin):
    list_display = ("database", "level", "decision_number", "decided_on", "approving_authority")
    list_select_related = ("database",)
    search_fields = ("database__identifier", "decision_number")
    fields = ("database", "level", "decision_number", "decided_on", "approving_authority", "note")

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        created = security.security_approval_record(user=request.user, **data)
        obj.pk, obj._state.adding = created.pk, False


@admin.register(SecurityAssessment)
class SecurityAssessmentAdmin(PostureAdminMixin, HistoryAdmin):
    list_display = ("database", "assessed_on", "assessor", "result", "next_due_on", "follow_up_due")
    list_filter = ("result",)
    list_select_related = ("database",)
    search_fields = ("database__identifier", "assessor")
    fields = ("database", "assessed_on", "assessor", "result", "findings", "follow_up_due", "period_months")

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        created = security.security_assessment_record(user=request.user, **data)
        obj.pk, obj._state.adding = created.pk, False


@admin.register(SecurityIncident)
class SecurityIncidentAdmin(PostureAdminMixin, HistoryAdmin):
    owner_field = "owner"
    list_display = ("occurred_at", "owner", "severity", "status", "summary", "resolved_at")
    list_filter = ("severity", "status")
    list_select_related = ("owner",)
    search_fields = ("summary", "owner__code")
    filter_horizontal = ("databases",)
    fields = ("owner", "occurred_at", "severity", "summary", "databases", "status", "response", "resolved_at")

    def owner_of(self, obj):
        return obj.owner

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return _edits_something(request.user)
        return in_admin(request.user) and access.can_edit(request.user, owner=obj.owner)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            from architecture.admin import editable_bodies
            bodies = editable_bodies(request.user)
            if bodies is not None:
                kwargs["queryset"] = bodies
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "databases":
            kwargs["queryset"] = _posture_databases(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class IncidentForm(form):
            def clean(self):
                data = super().clean()
                owner = data.get("owner") or (obj.owner if obj else None)
                for database in data.get("databases") or []:
                    if owner is not None and not database.owner.path.startswith(owner.path):
                        self.add_error("databases", _("“%(database)s” is not a database of the responsible body.")
                                       % {"database": database.identifier})
                return data

        return IncidentForm

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        databases = list(data["databases"])
        if change:
            security.security_incident_update(
                user=request.user, incident=obj, databases=databases,
                **{name: data[name] for name in ("severity", "summary", "response", "status", "resolved_at",
                                                 "occurred_at")})
            return
        created = security.security_incident_record(
            user=request.user, owner=data["owner"], databases=databases, occurred_at=data["occurred_at"],
            severity=data["severity"], summary=data["summary"], response=data["response"])
        obj.pk, obj._state.adding = created.pk, False

    def save_related(self, request, form, formsets, change):
        pass  # the affected databases were set by the service


# --- Conformance assessments

class AnswerFormSet(forms.BaseInlineFormSet):
    """The requirement must be one of the assessment's framework and apply to what is assessed:
    said as a form error here, refused again by the service."""

    def clean(self):
        super().clean()
        assessment = self.instance
        for form in self.forms:
            requirement = (form.cleaned_data or {}).get("requirement")
            if requirement is None or form.cleaned_data.get("DELETE") or assessment.pk is None:
                continue
            try:
                conformance.requirement_check(assessment, requirement)
            except ValidationError as error:
                form.add_error("requirement", error.message_dict["requirement"])


class AssessmentAnswerInline(admin.TabularInline):
    model = AssessmentAnswer
    formset = AnswerFormSet
    fields = ("requirement", "answer", "evidence_url", "evidence_file", "comment")
    extra = 0

    def _may(self, request, obj):
        return obj is None or (access.can_assess(request.user, owner=obj.body)
                               and obj.status != "final")

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request, obj):
        return obj is not None and self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._may(request, obj)


@admin.register(ConformanceAssessment)
class ConformanceAssessmentAdmin(AccessAdminMixin, HistoryAdmin):
    list_display = ("__str__", "body", "database", "framework", "assessed_on", "status", "score", "assessor")
    list_filter = ("status", "framework")
    list_select_related = ("body", "database", "framework", "assessor")
    search_fields = ("body__code", "database__identifier")
    autocomplete_fields = ("body", "database")
    readonly_fields = ("assessor", "score", "applicable_count", "created_at", "modified_at")
    fields = ("body", "database", "framework", "assessed_on", "comment", "status", *readonly_fields)
    inlines = [AssessmentAnswerInline]

    def get_queryset(self, request):
        visible = conformance.assessments_visible(user=request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request):
        user = request.user
        return in_admin(user) and (access.is_administrator(user) or user.is_assessor)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return in_admin(request.user) and access.can_assess(request.user, owner=obj.body)

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            if "status" in form.changed_data or "comment" in form.changed_data or "assessed_on" in form.changed_data:
                conformance.assessment_update(user=request.user, assessment=obj, assessed_on=data["assessed_on"],
                                              comment=data["comment"], status=data["status"])
            return
        created = conformance.assessment_create(
            user=request.user, framework=data["framework"], assessed_on=data["assessed_on"],
            body=data.get("body") if data.get("database") is None else None, database=data.get("database"),
            comment=data["comment"])
        if data["status"] == "final":
            conformance.assessment_update(user=request.user, assessment=created, status="final")
        obj.pk, obj._state.adding = created.pk, False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class AssessmentForm(form):
            def clean(self):
                data = super().clean()
                database, body = data.get("database"), data.get("body")
                if database is not None and body is not None and body.pk != database.owner_id:
                    self.add_error("body", _("A database is assessed with its owning body."))
                if database is None and body is None:
                    self.add_error("body", _("Name the assessed body or database."))
                return data

        return AssessmentForm

    def save_formset(self, request, form, formset, change):
        """Each answer through the service, which checks the requirement and updates the score."""
        assessment = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                conformance.answer_delete(user=request.user, answer=deleted.instance)
                formset.deleted_objects.append(deleted.instance)
        for answer_form in formset.forms:
            data = answer_form.cleaned_data
            if not answer_form.has_changed() or answer_form in formset.deleted_forms or not data:
                continue
            new = answer_form.instance.pk is None
            saved = conformance.answer_save(
                user=request.user, assessment=assessment, requirement=data["requirement"], answer=data["answer"],
                evidence_url=data.get("evidence_url", ""), evidence_file=data.get("evidence_file") or None,
                comment=data.get("comment", ""))
            if new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, answer_form.changed_data))


# --- Computed results: read only

class ComputedAdminMixin(AccessAdminMixin):
    def get_queryset(self, request):
        rule = access.visible_filter(request.user, owner_field="database__owner",
                                     access_field="database__access_level")
        return super().get_queryset(request).filter(rule)

    def has_view_permission(self, request, obj=None):
        return in_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DatabaseCheckResult)
class DatabaseCheckResultAdmin(ComputedAdminMixin, admin.ModelAdmin):
    list_display = ("database", "code", "outcome", "reason_display", "computed_at")
    list_filter = ("code", "outcome")
    list_select_related = ("database",)
    search_fields = ("database__identifier",)
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        posture = access.security_posture_filter(request.user, owner_field="database__owner")
        if posture is None:
            return queryset.exclude(code__in=POSTURE_CHECKS)
        return queryset.filter(~Q(code__in=POSTURE_CHECKS) | posture)


@admin.register(DatabaseQuality)
class DatabaseQualityAdmin(ComputedAdminMixin, admin.ModelAdmin):
    list_display = ("database", "correct", "sufficient", "clean", "live", "mqa_total", "sync_status", "computed_at")
    list_filter = ("sync_status",)
    list_select_related = ("database",)
    search_fields = ("database__identifier",)
    show_full_result_count = False


