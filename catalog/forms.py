"""Forms of the editing pages (issue #8): they validate and say what is wrong next to each input,
in the user's language; catalog.editing and catalog.services decide and write."""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.db import models
from django.forms import modelformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from architecture.access import editable_filter
from architecture.models import Body, LegalDocument
from catalog import bulk_import
from catalog.editing import LOCAL
from catalog.models import Database, DatabaseStandard, Field, ReviewAction, Service, Standard, SyncMode, Table, Theme
from dictionary.models import DataElement
from dictionary.selectors import MAPPABLE_STATUSES, element_suggest

SUGGESTIONS = 3


def _formfield(model_field, **kwargs):
    """Addresses typed without a scheme are read as https:// (Django 6's default, chosen now)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class VersionedForm(forms.Form):
    """The version of the entry the page was read at (optimistic locking: catalog.editing)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class DatabaseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    operator = forms.ModelChoiceField(
        Body.objects.all(), to_field_name="code", required=False, label=capfirst(_("operating body (code)")),
        widget=forms.TextInput, help_text=_("The code of the body that runs the system, if not the owner."),
        error_messages={"invalid_choice": _("No body has this code.")},
    )
    legal_basis = forms.ModelMultipleChoiceField(
        LegalDocument.objects.order_by("number"), required=False, label=capfirst(_("legal basis")),
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(), required=False, label=capfirst(_("themes")), widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Database
        formfield_callback = _formfield
        fields = [
            "identifier", "name_vi", "name_en", "description_vi", "description_en", "kind", "owner", "operator",
            "legal_basis", "data_layer", "themes", "keywords", "landing_page", "lifecycle", "roadmap_target_date",
            "access_level", "security_level", "tcvn_14423_status", "encrypted_at_rest", "encrypted_in_transit",
            "digitally_signed", "has_personal_data", "contact_name", "contact_email", "contact_phone",
            "sync_mode", "sync_frequency", "needs_verification", "source",
        ]
        widgets = {
            "description_vi": forms.Textarea(attrs={"rows": 4}), "description_en": forms.Textarea(attrs={"rows": 3}),
            "keywords": forms.Textarea(attrs={"rows": 3}), "source": forms.Textarea(attrs={"rows": 2}),
            "roadmap_target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "security_level": forms.Select(choices=[("", "—"), *[(level, level) for level in range(1, 6)]]),
        }
        help_texts = {
            "name_vi": _("The official name, as in the legal text that establishes the database."),
            "owner": _("The body responsible for the database: you may choose the bodies whose entries you edit."),
            "access_level": _("Who may read this entry in the registry."),
            "source": _("Where the facts of this entry come from (legal text, decision, letter)."),
        }

    # Sections of the page, in order: (legend, field names).
    SECTIONS = [
        (_("Identification"), ["identifier", "name_vi", "name_en", "description_vi", "description_en", "kind",
                               "owner", "operator", "legal_basis", "data_layer", "themes", "keywords",
                               "landing_page"]),
        (_("Lifecycle"), ["lifecycle", "roadmap_target_date"]),
        (_("Security profile"), ["access_level", "security_level", "tcvn_14423_status", "encrypted_at_rest",
                                 "encrypted_in_transit", "digitally_signed", "has_personal_data"]),
        (_("Contact point"), ["contact_name", "contact_email", "contact_phone"]),
        (_("Synchronization with the National Data Center"), ["sync_mode", "sync_frequency"]),
        (_("Verification"), ["needs_verification", "source"]),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        rule = editable_filter(user, owner_field=None)
        bodies = Body.objects.filter(rule) if rule is not None else Body.objects.none()
        self.fields["owner"].queryset = bodies.order_by("path")
        self.fields["owner"].empty_label = None if bodies.count() == 1 else "—"
        if not self.fields["legal_basis"].queryset.exists():  # nothing to choose from: no empty box
            del self.fields["legal_basis"]
        if self.instance.pk:
            self.fields["identifier"].disabled = True
            self.fields["identifier"].help_text = _("The identifier is part of the entry's address and never changes.")
            self.fields["version"].initial = self.instance.version
        elif user.body_id is not None and not self.initial.get("owner"):
            self.initial["owner"] = user.body_id

    def clean_security_level(self):
        level = self.cleaned_data.get("security_level")
        if level is not None and not 1 <= level <= 5:
            raise forms.ValidationError(_("The security level is from 1 to 5."))
        return level

    def clean(self):
        """The synchronization rules of the model's constraints, said next to the frequency."""
        data = super().clean()
        mode, frequency = data.get("sync_mode"), data.get("sync_frequency")
        if mode == SyncMode.PERIODIC and not frequency:
            self.add_error("sync_frequency", _("A periodic synchronization needs a frequency."))
        elif mode == SyncMode.NONE and frequency:
            self.add_error("sync_frequency",
                           _("A database that is not synchronized has no synchronization frequency."))
        return data

    def sections(self):
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.SECTIONS]

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items()
                if name not in {"version", "identifier"} or (name == "identifier" and not self.instance.pk)}


class TableForm(forms.ModelForm):
    class Meta:
        model = Table
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"name": _("The table or entity, as named in the system (for example CONG_DAN).")}


class FieldForm(forms.ModelForm):
    """One row of the fields grid, with its mapping to the Shared Data Dictionary."""

    element_identifier = forms.CharField(
        label=capfirst(_("dictionary element")), required=False, max_length=64,
        help_text=_("The identifier of a shared data element in force (see the suggestions)."),
    )
    local = forms.BooleanField(label=capfirst(_("local, no shared equivalent")), required=False)
    reason = forms.CharField(label=capfirst(_("why it is local")), required=False, max_length=2000)

    class Meta:
        model = Field
        fields = ["name", "description", "datatype", "length", "format", "required", "is_personal_data",
                  "is_master_data"]
        widgets = {"description": forms.TextInput, "length": forms.NumberInput(attrs={"min": 1, "size": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element_identifier"].widget.attrs.update({"list": f"{self.prefix}-suggestions",
                                                               "autocomplete": "off"})
        field = self.instance
        if field.pk:
            self.initial.setdefault("element_identifier", field.element.identifier if field.element_id else "")
            self.initial.setdefault("local", field.is_local)
            self.initial.setdefault("reason", field.local_reason)

    def clean_element_identifier(self):
        identifier = self.cleaned_data["element_identifier"].strip()
        if not identifier:
            return None
        element = DataElement.objects.filter(identifier=identifier).first()
        if element is None:
            raise forms.ValidationError(_("No shared data element has this identifier."))
        if element.status not in MAPPABLE_STATUSES:
            raise forms.ValidationError(_("“%(element)s” is no longer in force; map to its successor.")
                                        % {"element": element})
        return element

    def clean(self):
        data = super().clean()
        if data.get("local"):
            if data.get("element_identifier"):
                self.add_error("local", _("A field is either mapped to an element or local, not both."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why the field has no shared equivalent."))
        return data

    def mapping(self):
        return LOCAL if self.cleaned_data.get("local") else self.cleaned_data.get("element_identifier")

    @cached_property
    def suggestions(self) -> list[DataElement]:
        """Elements the field's name resembles (dictionary.selectors.element_suggest), best first;
        none for a field already mapped or marked local (a big table's page stays quick)."""
        name = (self["name"].value() or "").strip()
        if not name or self["element_identifier"].value() or self["local"].value():
            return []
        return element_suggest(name=name, limit=SUGGESTIONS)


FieldFormSet = modelformset_factory(Field, form=FieldForm, extra=0, can_delete=True)


class DatabaseStandardForm(forms.ModelForm):
    standard = forms.ModelChoiceField(Standard.objects.all(), label=capfirst(_("standard")))

    class Meta:
        model = DatabaseStandard
        fields = ["standard", "conformance", "note"]
        widgets = {"note": forms.TextInput}


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = ["title", "endpoint_url", "endpoint_description_url", "protocol", "media_type", "access_conditions"]
        widgets = {"access_conditions": forms.TextInput}


StandardFormSet = modelformset_factory(DatabaseStandard, form=DatabaseStandardForm, extra=2, can_delete=True)
ServiceFormSet = modelformset_factory(Service, form=ServiceForm, extra=2, can_delete=True)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=ReviewAction.choices, label=capfirst(_("step")))
    comment = forms.CharField(label=capfirst(_("comment")), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when returning the entry: say what must change."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    body = forms.ModelChoiceField(Body.objects.none(), label=capfirst(_("owning body")),
                                  help_text=_("The databases of the file are registered for this body."))
    file = forms.FileField(label=capfirst(_("file")), help_text=_("CSV, XLSX or JSON, at most 20 MB."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        rule = editable_filter(user, owner_field=None)
        bodies = Body.objects.filter(rule) if rule is not None else Body.objects.none()
        self.fields["body"].queryset = bodies.order_by("path")
        if user.body_id is not None:
            self.initial.setdefault("body", user.body_id)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in bulk_import.FORMATS:
            raise forms.ValidationError(_("Give a file named .csv, .xlsx or .json."))
        if upload.size > bulk_import.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        self.cleaned_data["format"] = suffix
        return upload
