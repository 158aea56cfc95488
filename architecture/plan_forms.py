"""Forms of the pages that maintain a body's obligations (issue #6 and #8): its strategies,
milestones, architecture and chief engineers. They validate and put each error next to its input,
in the user's language; architecture.plans decides and writes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from architecture.models import BodyArchitecture, ChiefEngineerRole, FrameworkVersion, Milestone, Strategy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(model_field, **kwargs):
    """Addresses typed without a scheme are read as https:// (as catalog.forms does)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class ConstraintErrorsBesideFields:
    """A database constraint's message belongs beside the input the reader must change, not above the
    form: CONSTRAINT_FIELDS names that input for each constraint (by the constraint's name)."""

    CONSTRAINT_FIELDS: dict[str, str] = {}

    def _post_clean(self):
        super()._post_clean()
        self.move_constraint_errors()

    def move_constraint_errors(self) -> None:
        errors = self._errors.get(NON_FIELD_ERRORS)
        if not errors:
            return
        targets = {}
        for constraint in self._meta.model._meta.constraints:
            if constraint.name in self.CONSTRAINT_FIELDS:
                targets[str(constraint.get_violation_error_message())] = self.CONSTRAINT_FIELDS[constraint.name]
        moved = [message for message in errors if message in targets]
        if not moved:
            return
        kept = self.error_class([message for message in errors if message not in targets], error_class="nonfield")
        if kept:
            self._errors[NON_FIELD_ERRORS] = kept
        else:
            del self._errors[NON_FIELD_ERRORS]
        for message in moved:
            self._errors.setdefault(targets[message], self.error_class()).append(message)
            self.cleaned_data.pop(targets[message], None)


class StrategyForm(ConstraintErrorsBesideFields, forms.ModelForm):
    CONSTRAINT_FIELDS = {
        "strategy_period_in_order": "period_end",
        "strategy_period_plausible": "period_start",
        "strategy_issued_has_decision": "decision_number",
        "strategy_one_issued_per_kind": "status",
    }

    class Meta:
        model = Strategy
        formfield_callback = _formfield
        fields = ["kind", "title", "status", "decision_number", "decision_date", "period_start", "period_end",
                  "document_url", "note"]
        widgets = {"decision_date": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "decision_number": _("Required once the strategy is issued, with the decision date."),
            "period_start": _("A year, for example 2025."),
        }


class MilestoneForm(ConstraintErrorsBesideFields, forms.ModelForm):
    """What an editor changes of a milestone: its progress and the evidence (the title and target
    date come from the law's template or were set when it was created)."""

    CONSTRAINT_FIELDS = {
        "milestone_done_has_completion_date": "completion_date",
        "milestone_completion_date_only_when_done": "completion_date",
    }

    class Meta:
        model = Milestone
        formfield_callback = _formfield
        fields = ["status", "completion_date", "evidence_url", "evidence", "note"]
        widgets = {"completion_date": DATE, "evidence": forms.Textarea(attrs={"rows": 3}),
                   "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"completion_date": _("Required when the milestone is done; empty otherwise.")}


class BodyArchitectureForm(ConstraintErrorsBesideFields, forms.ModelForm):
    CONSTRAINT_FIELDS = {
        "body_architecture_approved_has_decision": "decision_number",
        "body_architecture_one_approved": "status",
    }

    class Meta:
        model = BodyArchitecture
        formfield_callback = _formfield
        fields = ["title", "version", "framework", "status", "decision_number", "decision_date",
                  "approving_authority", "document_url", "note"]
        widgets = {"decision_date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = FrameworkVersion.objects.order_by("code")


class ChiefEngineerAppointForm(forms.Form):
    """A new holder of a role; the service ends the current holder's term on the start date."""

    role = forms.ChoiceField(choices=ChiefEngineerRole.choices, label=capfirst(_("role")))
    person_name = forms.CharField(max_length=255, label=capfirst(_("name")))
    position = forms.CharField(max_length=255, required=False, label=capfirst(_("position")))
    email = forms.EmailField(required=False, label=capfirst(_("email")))
    phone = forms.CharField(max_length=32, required=False, label=capfirst(_("phone")))
    decision_number = forms.CharField(max_length=64, required=False, label=capfirst(_("appointment decision")))
    decision_date = forms.DateField(required=False, widget=DATE, label=capfirst(_("appointment decision date")))
    start_date = forms.DateField(widget=DATE, label=capfirst(_("start date")),
                                 help_text=_("The current holder's term ends on this day."))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=capfirst(_("note")))
