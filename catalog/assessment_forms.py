"""Forms of the conformance assessment and security posture pages (issues #6 and #8): they validate
and put each error next to its input, in the user's language; catalog.conformance and
catalog.security decide and write."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from architecture.models import FrameworkVersion
from architecture.plan_forms import DATE, ConstraintErrorsBesideFields
from catalog.models import (
    Answer,
    Database,
    IncidentSeverity,
    IncidentStatus,
    SecurityApproval,
    SecurityAssessment,
    SecurityIncident,
)

# An evidence file is a document or a scan, not an archive of the system: a few megabytes.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = ["pdf", "odt", "ods", "doc", "docx", "xls", "xlsx", "png", "jpg", "jpeg", "txt"]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AssessmentNewForm(forms.Form):
    """The first step of an assessment: against which framework version, on which day."""

    framework = forms.ModelChoiceField(FrameworkVersion.objects.none(), label=capfirst(_("framework version")),
                                       empty_label=None)
    assessed_on = forms.DateField(label=capfirst(_("assessment date")), widget=DATE)
    comment = forms.CharField(label=capfirst(_("comment")), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, applies_to: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())
        # Only the versions that have requirements for what is assessed.
        self.fields["framework"].queryset = (FrameworkVersion.objects
                                             .filter(requirements__applies_to=applies_to).distinct().order_by("code"))


class AssessmentHeaderForm(forms.Form):
    assessed_on = forms.DateField(label=capfirst(_("assessment date")), widget=DATE)
    comment = forms.CharField(label=capfirst(_("comment")), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    """The answer to one requirement (the page shows the requirement and its automatic check beside it)."""

    answer = forms.ChoiceField(label=capfirst(_("answer")), required=False,
                               choices=[("", _("— not answered yet —")), *Answer.choices])
    evidence_url = forms.URLField(label=capfirst(_("evidence link")), required=False, max_length=500,
                                  assume_scheme="https")
    evidence_file = forms.FileField(
        label=capfirst(_("evidence file")), required=False,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("PDF, office document or image, at most 10 MB."),
    )
    comment = forms.CharField(label=capfirst(_("comment")), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, requirement, existing=None, **kwargs):
        self.requirement, self.existing = requirement, existing
        if existing is not None:
            kwargs.setdefault("initial", {"answer": existing.answer, "evidence_url": existing.evidence_url,
                                          "comment": existing.comment})
        super().__init__(*args, prefix=f"r{requirement.pk}", **kwargs)

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("answer") and (data.get("evidence_url") or data.get("evidence_file")
                                       or (data.get("comment") or "").strip()):
            self.add_error("answer", _("Choose an answer for this evidence or comment."))
        return data


# --- security posture

class SecurityApprovalForm(ConstraintErrorsBesideFields, forms.ModelForm):
    CONSTRAINT_FIELDS = {
        "security_approval_level_1_to_5": "level",
        "security_approval_has_decision": "decision_number",
        "security_approval_has_authority": "approving_authority",
    }
    level = forms.TypedChoiceField(label=capfirst(_("approved security level")), coerce=int,
                                   choices=[(level, level) for level in range(1, 6)])

    class Meta:
        model = SecurityApproval
        fields = ["level", "decision_number", "decided_on", "approving_authority", "note"]
        widgets = {"decided_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class SecurityAssessmentForm(ConstraintErrorsBesideFields, forms.ModelForm):
    CONSTRAINT_FIELDS = {
        "security_assessment_period_range": "period_months",
        "security_assessment_follow_up_after_date": "follow_up_due",
        "security_assessment_has_assessor": "assessor",
        "security_assessment_result_valid": "result",
    }

    class Meta:
        model = SecurityAssessment
        fields = ["assessed_on", "assessor", "result", "findings", "follow_up_due", "period_months"]
        widgets = {"assessed_on": DATE, "follow_up_due": DATE, "findings": forms.Textarea(attrs={"rows": 3})}


class SecurityIncidentForm(ConstraintErrorsBesideFields, forms.ModelForm):
    CONSTRAINT_FIELDS = {"security_incident_has_summary": "summary"}

    class Meta:
        model = SecurityIncident
        fields = ["occurred_at", "severity", "summary", "databases", "response"]
        widgets = {"occurred_at": DATETIME, "databases": forms.CheckboxSelectMultiple,
                   "response": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, database: Database, **kwargs):
        super().__init__(*args, **kwargs)
        # The affected databases are the responsible body's own.
        self.fields["databases"].queryset = Database.objects.filter(owner=database.owner).order_by("identifier")
        self.initial.setdefault("databases", [database.pk])


class SecurityIncidentUpdateForm(forms.Form):
    """What changes as an incident is handled: its status, severity and response."""

    status = forms.ChoiceField(label=capfirst(_("status")), choices=IncidentStatus.choices)
    severity = forms.ChoiceField(label=capfirst(_("severity")), choices=IncidentSeverity.choices)
    response = forms.CharField(label=capfirst(_("response")), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    resolved_at = forms.DateTimeField(label=capfirst(_("resolved")), required=False, widget=DATETIME,
                                      help_text=_("Empty: now, when the incident is marked resolved."))

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("status") != IncidentStatus.RESOLVED or data.get("resolved_at") is None:
            data.pop("resolved_at", None)
            if data.get("status") != IncidentStatus.RESOLVED:
                data["resolved_at"] = None
        return data

