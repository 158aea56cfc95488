"""Input and output shapes of the Shared Data Dictionary (Decision 2439/QĐ-TTg). References are
by public keys: element, code list and topic by identifier, steward by body code, legal documents
by number."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api.uploads import UploadSerializer
from dictionary.codelist_io import FORMATS, MAX_UPLOAD_BYTES
from dictionary.models import ChangeRequest, CodeList, CodeValue, DataElement, Release, ReleaseItemKind

IDENTIFIER = {"slug_field": "identifier", "read_only": True}


class ElementSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(**IDENTIFIER)
    code_list = serializers.SlugRelatedField(**IDENTIFIER)
    successor = serializers.SlugRelatedField(**IDENTIFIER)
    steward = serializers.SlugRelatedField(slug_field="code", read_only=True)
    legal_basis = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    synonyms = serializers.ListField(source="synonym_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = DataElement
        fields = [
            "identifier", "name_vi", "name_en", "topic", "definition", "examples", "synonyms", "datatype", "format",
            "max_length", "unit", "value_domain", "min_value", "max_value", "code_list", "steward", "legal_basis",
            "legal_source", "maintenance_rule", "master_source", "data_layer", "status", "successor", "modified_at",
        ]


class CodeListSerializer(serializers.ModelSerializer):
    steward = serializers.SlugRelatedField(slug_field="code", read_only=True)
    successor = serializers.SlugRelatedField(**IDENTIFIER)
    legal_basis = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    value_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CodeList
        fields = ["identifier", "name_vi", "name_en", "description", "steward", "legal_basis", "source", "status",
                  "successor", "value_count", "modified_at"]


class CodeValueSerializer(serializers.ModelSerializer):
    code_list = serializers.SlugRelatedField(**IDENTIFIER)
    parent_list = serializers.CharField(
        source="parent.code_list.identifier", default=None, read_only=True,
        help_text="The code list of the parent value (a commune's parent is a province).")
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    aliases = serializers.SerializerMethodField(help_text="Codes in other official numberings, by numbering.")

    class Meta:
        model = CodeValue
        fields = ["id", "code_list", "code", "label_vi", "label_en", "parent_list", "parent_code", "effective_from",
                  "effective_to", "position", "note", "aliases", "modified_at"]

    def get_aliases(self, obj) -> dict[str, str]:
        return {alias.scheme: alias.code for alias in obj.aliases.all()}


class ReleaseSerializer(serializers.ModelSerializer):
    prior = serializers.SlugRelatedField(slug_field="version", read_only=True)

    class Meta:
        model = Release
        fields = ["version", "title", "notes", "prior", "published_at"]
        read_only_fields = ["prior", "published_at"]
        # The version is checked by dictionary.releases.release_publish (semantic, newer than the last).
        extra_kwargs = {"version": {"validators": []}}


class DiffEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReleaseItemKind.choices)
    identifier = serializers.CharField()
    name = serializers.CharField(allow_null=True)


class ReleaseDiffSerializer(serializers.Serializer):
    since = serializers.CharField(allow_null=True, help_text="The older release compared (null: nothing before).")
    version = serializers.CharField()
    added = DiffEntrySerializer(many=True)
    changed = DiffEntrySerializer(many=True)
    retired = DiffEntrySerializer(many=True)


class ChangeRequestSerializer(serializers.ModelSerializer):
    element = serializers.SlugRelatedField(**IDENTIFIER)
    steward = serializers.SlugRelatedField(slug_field="code", read_only=True)
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ChangeRequest
        fields = ["id", "kind", "element", "proposed", "reason", "steward", "proposed_by", "created_at", "due_date",
                  "status", "decided_by", "decided_at", "decision_comment"]


class ProposalSerializer(serializers.Serializer):
    element = serializers.SlugRelatedField(
        slug_field="identifier", queryset=DataElement.objects.all(), required=False, allow_null=True,
        help_text="The element to change; omit to propose a new element.")
    proposed = serializers.DictField(help_text=(
        "The element's fields as proposed (identifier, name_vi, definition, datatype, …; topic, code_list and "
        "steward by identifier or code; legal_basis as a list of document numbers)."))
    reason = serializers.CharField(max_length=5000)
    due_date = serializers.DateField(required=False, allow_null=True)

    def validate_proposed(self, proposed: dict) -> dict:
        """Only the shapes a proposal is stored in (dictionary.services reads them as such): plain
        values, and legal_basis as a list of document numbers."""
        for key, value in proposed.items():
            if key == "legal_basis":
                if not isinstance(value, list) or not all(isinstance(number, str) for number in value):
                    raise serializers.ValidationError({key: _("Give a list of document numbers.")}, code="invalid")
            elif value is not None and not isinstance(value, (str, int, float, bool)):
                raise serializers.ValidationError({key: _("Give a plain value.")}, code="invalid")
        return proposed


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000,
                                    help_text=str(_("Required when rejecting.")))


class CodeListImportSerializer(UploadSerializer):
    FORMATS = FORMATS
    MAX_BYTES = MAX_UPLOAD_BYTES
    FORMAT_HINT = _("Say csv or xlsx, or name the file .csv or .xlsx.")


class CodeListImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    ended = serializers.IntegerField(help_text="Values missing from the file, given an end date (never deleted).")
