"""Input and output shapes of the database register. References are by their public keys: a
body by code, a database by identifier, a legal document by number, a theme by code, a standard
by code, an element by identifier; an unknown one is a 400 naming the field."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from architecture.models import Body, LegalDocument
from catalog.mapping import field_mismatches
from catalog.models import (
    Database,
    DatabaseReview,
    DatabaseStandard,
    Field,
    ReviewAction,
    Service,
    Standard,
    Table,
    Theme,
)
from catalog.services import LOCAL
from dictionary.models import DataElement


def _visible_choices(serializer, field_name: str, queryset) -> None:
    """Let a reference pick only what the caller may see: an invisible database or table reads
    as missing ("does not exist"), never as forbidden."""
    if field_name in serializer.fields and not serializer.fields[field_name].read_only:
        serializer.fields[field_name].queryset = queryset


class DatabaseSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(),
                                         help_text="The owning body's code.")
    operator = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(), allow_null=True,
                                            required=False, help_text="The operating body's code.")
    legal_basis = serializers.SlugRelatedField(
        slug_field="number", queryset=LegalDocument.objects.all(), many=True, required=False,
        help_text="Numbers of legal documents, e.g. 47/2024/NĐ-CP.")
    themes = serializers.SlugRelatedField(slug_field="code", queryset=Theme.objects.all(), many=True, required=False,
                                          help_text="EU Data Theme codes, e.g. GOVE, SOCI.")

    class Meta:
        model = Database
        fields = [
            "identifier", "name_vi", "name_en", "description_vi", "description_en", "kind", "owner", "operator",
            "legal_basis", "data_layer", "themes", "keywords", "landing_page", "lifecycle", "roadmap_target_date",
            "review_state", "submitted_on", "reviewed_on", "standardized_on", "access_level", "security_level",
            "tcvn_14423_status", "encrypted_at_rest", "encrypted_in_transit", "digitally_signed",
            "has_personal_data", "contact_name", "contact_email", "contact_phone", "sync_mode", "sync_frequency",
            "last_synced_at", "last_sync_error", "withdrawn_at", "needs_verification", "source", "version",
            "created_at", "modified_at",
        ]
        read_only_fields = ["review_state", "submitted_on", "reviewed_on", "standardized_on", "withdrawn_at",
                            "version", "created_at", "modified_at"]
        extra_kwargs = {"security_level": {"min_value": 1, "max_value": 5}}


class DatabaseChangeSerializer(DatabaseSerializer):
    """A database as changed: its identifier, in every URL and feed, stays as registered."""

    class Meta(DatabaseSerializer.Meta):
        read_only_fields = [*DatabaseSerializer.Meta.read_only_fields, "identifier"]


class ReviewStepSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DatabaseReview
        fields = ["id", "action", "from_state", "to_state", "actor", "at", "comment"]


class ReviewInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ReviewAction.choices, help_text=(
        "submit (the owner's editor), return (with a comment), mark_reviewed, mark_standardized (reviewers)."))
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class TableSerializer(serializers.ModelSerializer):
    database = serializers.SlugRelatedField(slug_field="identifier", queryset=Database.objects.all(),
                                            help_text="The identifier of the database; set on creation only.")

    class Meta:
        model = Table
        fields = ["id", "database", "name", "description", "position"]

    def __init__(self, *args, visible_databases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visible_databases is not None:
            _visible_choices(self, "database", visible_databases)


class TableChangeSerializer(TableSerializer):
    database = serializers.SlugRelatedField(slug_field="identifier", read_only=True)


@extend_schema_field({"type": "string", "nullable": True, "description": (
    "The shared data element the field maps to (its identifier), or \"local\" for a field with no "
    "shared equivalent (then local_reason says why), or null when not yet mapped.")})
class MappingField(serializers.Field):
    default_error_messages = {
        "does_not_exist": _("No shared data element has the identifier “%(value)s”."),
        "invalid": _("Give an element identifier, \"local\" or null."),
    }

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, required=False, **kwargs)

    def validate_empty_values(self, data):
        if data is None:  # explicitly unmapped: not "empty", a value of its own
            return True, {"mapping": None}
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip() or len(data) > 64:
            self.fail("invalid")
        if data == LOCAL:
            return {"mapping": LOCAL}
        element = DataElement.objects.filter(identifier=data).first()
        if element is None:
            raise serializers.ValidationError(self.error_messages["does_not_exist"] % {"value": data},
                                              code="does_not_exist")
        return {"mapping": element}

    def to_representation(self, field):
        if field.is_local:
            return LOCAL
        return field.element.identifier if field.element_id else None


class FieldSerializer(serializers.ModelSerializer):
    table = serializers.PrimaryKeyRelatedField(queryset=Table.objects.all(),
                                               help_text="The id of the table; set on creation only.")
    database = serializers.SlugRelatedField(source="table.database", slug_field="identifier", read_only=True)
    element = MappingField()
    local_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    mismatches = serializers.SerializerMethodField(help_text="Why the field does not fit its element, if it does not.")

    class Meta:
        model = Field
        fields = [
            "id", "table", "database", "name", "description", "datatype", "length", "format", "required",
            "is_personal_data", "is_master_data", "element", "local_reason", "mismatches", "position",
        ]
        extra_kwargs = {"length": {"min_value": 1}}

    def __init__(self, *args, visible_tables=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visible_tables is not None:
            _visible_choices(self, "table", visible_tables)

    def get_mismatches(self, obj) -> list[str]:
        return field_mismatches(obj)

    def validate(self, attrs):
        if attrs.get("mapping") == LOCAL and not attrs.get("local_reason", "").strip():
            raise serializers.ValidationError({"local_reason": _("Say why the field has no shared equivalent.")},
                                              code="required")
        return attrs


class FieldChangeSerializer(FieldSerializer):
    table = serializers.PrimaryKeyRelatedField(read_only=True)


class StandardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Standard
        fields = ["id", "code", "title", "issuer", "year", "url"]
        extra_kwargs = {"year": {"min_value": 1900, "max_value": 2100}}


class ServiceSerializer(serializers.ModelSerializer):
    database = serializers.SlugRelatedField(slug_field="identifier", queryset=Database.objects.all(),
                                            help_text="The identifier of the database; set on creation only.")

    class Meta:
        model = Service
        fields = ["id", "database", "title", "endpoint_url", "endpoint_description_url", "protocol", "media_type",
                  "access_conditions"]

    def __init__(self, *args, visible_databases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visible_databases is not None:
            _visible_choices(self, "database", visible_databases)


class ServiceChangeSerializer(ServiceSerializer):
    database = serializers.SlugRelatedField(slug_field="identifier", read_only=True)


class DatabaseStandardSerializer(serializers.ModelSerializer):
    database = serializers.SlugRelatedField(slug_field="identifier", queryset=Database.objects.all(),
                                            help_text="The identifier of the database; set on creation only.")
    standard = serializers.SlugRelatedField(slug_field="code", queryset=Standard.objects.all(),
                                            help_text="The standard's code, e.g. TCVN 14423:2025.")

    class Meta:
        model = DatabaseStandard
        fields = ["id", "database", "standard", "conformance", "note"]

    def __init__(self, *args, visible_databases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visible_databases is not None:
            _visible_choices(self, "database", visible_databases)


class DatabaseStandardChangeSerializer(DatabaseStandardSerializer):
    database = serializers.SlugRelatedField(slug_field="identifier", read_only=True)
