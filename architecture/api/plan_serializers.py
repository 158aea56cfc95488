"""Input and output shapes of the framework register and of a body's obligations (architecture,
strategies, milestones, chief engineers). References by public keys: a body by code, a framework
by code, a template by code. They validate shapes only: the services in architecture.plans check
permissions and the database constraints (so `validators = []`: no check runs twice, and a
second current chief engineer is allowed in, to be resolved by the appointment)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from architecture import access
from architecture.models import (
    Body,
    BodyArchitecture,
    ChiefEngineer,
    FrameworkRequirement,
    FrameworkVersion,
    Milestone,
    MilestoneState,
    MilestoneTemplate,
    ReferenceModel,
    Strategy,
)

BODY_HELP = "The body's code."


def body_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(), help_text=BODY_HELP, **kwargs)


class FrameworkRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameworkRequirement
        fields = ["identifier", "order", "reference_model", "applies_to", "check_code", "text_vi", "text_en",
                  "legal_source", "evidence", "source_verified", "source_note"]
        read_only_fields = fields


class FrameworkVersionSerializer(serializers.ModelSerializer):
    # Values of ReferenceModel, checked by the model (a ChoiceField here would name the enum twice).
    reference_models = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False,
        help_text="The reference models or areas it uses: " + ", ".join(ReferenceModel.values) + ".")
    requirements = FrameworkRequirementSerializer(many=True, read_only=True)

    class Meta:
        model = FrameworkVersion
        fields = ["code", "name_vi", "name_en", "version", "decision_number", "decision_date", "reference_models",
                  "effective_from", "effective_to", "source", "source_verified", "note", "modified_at",
                  "requirements"]
        read_only_fields = ["modified_at"]
        validators = []


class PlanSerializer(serializers.ModelSerializer):
    body = body_field()
    body_name = serializers.CharField(source="body.name_vi", read_only=True)

    class Meta:
        validators = []


class BodyArchitectureSerializer(PlanSerializer):
    framework = serializers.SlugRelatedField(
        slug_field="code", queryset=FrameworkVersion.objects.all(), allow_null=True, required=False,
        help_text="The code of the framework version it follows, e.g. DGAF-3.0.")

    class Meta(PlanSerializer.Meta):
        model = BodyArchitecture
        fields = ["id", "body", "body_name", "title", "version", "framework", "status", "decision_number",
                  "decision_date", "approving_authority", "document_url", "note", "modified_at"]
        read_only_fields = ["id", "modified_at"]


class StrategySerializer(PlanSerializer):
    class Meta(PlanSerializer.Meta):
        model = Strategy
        fields = ["id", "body", "body_name", "kind", "title", "status", "decision_number", "decision_date",
                  "period_start", "period_end", "document_url", "note", "modified_at"]
        read_only_fields = ["id", "modified_at"]


class MilestoneSerializer(PlanSerializer):
    template = serializers.SlugRelatedField(
        slug_field="code", queryset=MilestoneTemplate.objects.all(), allow_null=True, required=False,
        help_text="The code of the template it was created from, if any.")
    state = serializers.SerializerMethodField(help_text=(
        "Derived from the dates and the status today, never typed in: on_time, due_soon (target within 30 "
        "days), late (target passed, up to 30 days ago), overdue (more than 30 days), done, done_late, cancelled."))

    class Meta(PlanSerializer.Meta):
        model = Milestone
        fields = ["id", "body", "body_name", "template", "title", "description", "target_date", "status",
                  "completion_date", "state", "evidence_url", "evidence", "note", "modified_at"]
        read_only_fields = ["id", "modified_at"]

    @extend_schema_field(serializers.ChoiceField(choices=MilestoneState.choices))
    def get_state(self, obj) -> str:
        return getattr(obj, "state_now", None) or obj.state


class ChiefEngineerSerializer(PlanSerializer):
    """Name, position and appointment are public; e-mail and phone only for signed-in users."""

    is_current = serializers.BooleanField(read_only=True)

    class Meta(PlanSerializer.Meta):
        model = ChiefEngineer
        fields = ["id", "body", "body_name", "role", "person_name", "position", "email", "phone",
                  "decision_number", "decision_date", "start_date", "end_date", "is_current", "note", "modified_at"]
        read_only_fields = ["id", "end_date", "is_current", "modified_at"]
        extra_kwargs = {
            "email": {"help_text": _("Shown to signed-in users only.")},
            "phone": {"help_text": _("Shown to signed-in users only.")},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not access.can_view_personal_contacts(request.user):
            data.pop("email", None)
            data.pop("phone", None)
        return data


class ChiefEngineerChangeSerializer(ChiefEngineerSerializer):
    """Corrections and the end of a term; a new holder is appointed by POST, not by changing the body
    or the role of a row."""

    class Meta(ChiefEngineerSerializer.Meta):
        read_only_fields = ["id", "body", "role", "is_current", "modified_at"]


class MilestoneTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MilestoneTemplate
        fields = ["code", "title_vi", "title_en", "description", "target_date", "body_kinds", "body_levels",
                  "legal_source", "source_verified", "source_note", "order", "modified_at"]
        read_only_fields = fields
