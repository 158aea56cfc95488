"""Forms of the change-request pages: a proposal of a new or changed shared data element, and a
steward's decision. dictionary.services validates the proposal against the element's rules."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from architecture.models import Body
from architecture.vocabularies import DataLayer
from dictionary.models import DataElement
from dictionary.models.status import Datatype

# The proposable fields the page offers, in order (dictionary.services.PROPOSABLE_FIELDS has them all).
TEXT_FIELDS = ["identifier", "name_vi", "name_en", "definition", "examples", "synonyms", "datatype", "format",
               "max_length", "unit", "legal_source", "maintenance_rule", "master_source", "data_layer"]


class ProposalForm(forms.Form):
    identifier = forms.CharField(label=capfirst(_("identifier")), max_length=64, required=False,
                                 help_text=_("Letters, digits, '-', '_' and '.' only; for a new element."))
    name_vi = forms.CharField(label=capfirst(_("name (Vietnamese)")), max_length=255, required=False)
    name_en = forms.CharField(label=capfirst(_("name (English)")), max_length=255, required=False)
    definition = forms.CharField(label=capfirst(_("business definition")), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    examples = forms.CharField(label=capfirst(_("examples")), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    synonyms = forms.CharField(label=capfirst(_("synonyms")), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Other names, one per line."))
    datatype = forms.ChoiceField(label=capfirst(_("datatype")), choices=[("", "—"), *Datatype.choices], required=False)
    format = forms.CharField(label=capfirst(_("format or pattern")), max_length=255, required=False)
    max_length = forms.IntegerField(label=capfirst(_("maximum length")), min_value=1, required=False)
    unit = forms.CharField(label=capfirst(_("unit of measure")), max_length=64, required=False)
    steward = forms.ModelChoiceField(
        Body.objects.all(), to_field_name="code", required=False, widget=forms.TextInput,
        label=capfirst(_("steward body (code)")), help_text=_("The body that keeps the element, for a new element."),
        error_messages={"invalid_choice": _("No body has this code.")})
    legal_source = forms.CharField(label=capfirst(_("legal source")), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    maintenance_rule = forms.CharField(label=capfirst(_("who creates and updates the data")), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    master_source = forms.CharField(label=capfirst(_("master data source")), max_length=255, required=False)
    data_layer = forms.ChoiceField(label=capfirst(_("data layer")), choices=[("", "—"), *DataLayer.choices],
                                   required=False)
    reason = forms.CharField(label=capfirst(_("reason")), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why the change is needed."))
    due_date = forms.DateField(label=capfirst(_("decision due")), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               help_text=_("By default 30 days from today."))

    def __init__(self, *args, element: DataElement | None = None, **kwargs):
        self.element = element
        if element is not None:
            initial = {name: getattr(element, name) for name in TEXT_FIELDS}
            initial["steward"] = element.steward.code if element.steward_id else ""
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if element is not None:
            self.fields["identifier"].disabled = True
            self.fields["steward"].disabled = True

    def proposed(self) -> dict:
        """What the proposal changes: every given value of a new element, or what differs from the element."""
        data = self.cleaned_data
        proposed = {}
        for name in [*TEXT_FIELDS, "steward"]:
            value = data.get(name)
            if name == "steward":
                value = value.code if value is not None else ""
            if self.element is None:
                if value not in (None, ""):
                    proposed[name] = value
            else:
                current = getattr(self.element, name) if name != "steward" else (
                    self.element.steward.code if self.element.steward_id else "")
                if (value if value is not None else "") != (current if current is not None else ""):
                    proposed[name] = value
        return proposed

    def clean(self):
        data = super().clean()
        if self.is_valid_so_far() and not self.proposed():
            raise forms.ValidationError(_("The proposal changes nothing."))
        return data

    def is_valid_so_far(self) -> bool:
        return not self._errors


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=capfirst(_("decision")), widget=forms.RadioSelect,
                                 choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(label=capfirst(_("comment")), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Required when rejecting."))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the change is rejected."))
        return data
