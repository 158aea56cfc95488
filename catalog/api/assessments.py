"""Endpoints of conformance assessments (catalog.conformance): /conformance-assessments/ and, under
each, /answers/ with the automatic check beside every manual answer.

Everyone reads the assessments of bodies; those of a database, whoever sees the database. Only
assessors of the assessed body's chain (and administrators) record and change them
(architecture.access.can_assess); a final assessment is history and is not changed again."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from architecture import access
from architecture.models import Body, FrameworkRequirement, FrameworkVersion
from catalog import conformance
from catalog.api.choices import inline_choice_field
from catalog.api.quality import CheckResultSerializer
from catalog.models import Answer, AssessmentStatus, ConformanceAssessment, Database
from config.api.viewsets import EntryViewSet

WRITE = "Assessors of the assessed body's chain, and administrators."


class AssessorAccess(BasePermission):
    message = _("Only assessors of this body record its conformance assessments.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return user.is_authenticated and (access.is_administrator(user) or getattr(user, "is_assessor", False))

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or access.can_assess(request.user, owner=obj.body)


class VisibleDatabaseField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="identifier", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return Database.objects.filter(access.visible_filter(request.user)) if request else Database.objects.none()


class AssessmentSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(), required=False,
                                        help_text="The assessed body; for a database, its owner (may be left out).")
    database = VisibleDatabaseField(required=False, allow_null=True, help_text="The assessed database, if any.")
    framework = serializers.SlugRelatedField(slug_field="code", queryset=FrameworkVersion.objects.all())
    assessor = serializers.CharField(source="assessor.username", read_only=True)
    status = inline_choice_field(AssessmentStatus.choices, read_only=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True, help_text=(
        "100 x mean weight of the applicable answers (compliant 1, partly 0.5, not compliant 0; not applicable "
        "left out); empty with no applicable answer."))

    class Meta:
        model = ConformanceAssessment
        fields = ["id", "body", "database", "framework", "assessor", "assessed_on", "comment", "status", "score",
                  "applicable_count", "created_at", "modified_at"]
        read_only_fields = ["id", "assessor", "status", "score", "applicable_count", "created_at", "modified_at"]


class AssessmentChangeSerializer(serializers.ModelSerializer):
    status = inline_choice_field(AssessmentStatus.choices, required=False,
                                     help_text="final makes it history: no further change.")

    class Meta:
        model = ConformanceAssessment
        fields = ["assessed_on", "comment", "status"]


class AnswerInputSerializer(serializers.Serializer):
    requirement = serializers.CharField(help_text="The requirement's identifier in the assessment's framework.")
    answer = serializers.ChoiceField(choices=Answer.choices)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    evidence_file = serializers.FileField(required=False, allow_null=True, max_length=200)
    comment = serializers.CharField(required=False, allow_blank=True)


class AnswerRowSerializer(serializers.Serializer):
    requirement = serializers.CharField(source="requirement.identifier")
    text_vi = serializers.CharField(source="requirement.text_vi")
    text_en = serializers.CharField(source="requirement.text_en")
    check_code = serializers.CharField(source="requirement.check_code")
    answer = serializers.CharField(source="answer.answer", allow_null=True, default=None)
    evidence_url = serializers.CharField(source="answer.evidence_url", allow_null=True, default=None)
    evidence_file = serializers.SerializerMethodField()
    comment = serializers.CharField(source="answer.comment", allow_null=True, default=None)
    automatic_check = CheckResultSerializer(source="check", allow_null=True, help_text=(
        "The stored automatic check named by the requirement; null when none (or a posture check you may not see)."))

    def get_evidence_file(self, row) -> str | None:
        file = row.answer.evidence_file if row.answer else None
        return file.url if file else None


ASSESSMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The assessment's id.")


@extend_schema_view(
    list=extend_schema(summary="Conformance assessments", description=(
        "Of bodies (everyone reads them) and of the databases you may see; every assessment is kept, the latest "
        "final one is current. Filter with ?body=<code>, ?database=<identifier>, ?framework=<code>.")),
    retrieve=extend_schema(summary="One conformance assessment"),
    create=extend_schema(summary="Start a conformance assessment (a draft)", description=WRITE),
    partial_update=extend_schema(summary="Change an assessment's date, comment or status",
                                 request=AssessmentChangeSerializer, responses=AssessmentSerializer,
                                 description=f"{WRITE} Not once final."),
)
class ConformanceAssessmentViewSet(EntryViewSet):
    queryset = ConformanceAssessment.objects.none()
    serializer_class = AssessmentSerializer
    permission_classes = [AssessorAccess]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = []
    ordering = ["-id"]

    def get_queryset(self):
        queryset = conformance.assessments_visible(user=self.request.user).order_by("-id")
        params = self.request.query_params
        if self.action == "list":
            for name, lookup in (("body", "body__code"), ("database", "database__identifier"),
                                 ("framework", "framework__code")):
                if params.get(name):
                    queryset = queryset.filter(**{lookup: params[name]})
        return queryset

    def get_serializer_class(self):
        return AssessmentChangeSerializer if self.action == "partial_update" else AssessmentSerializer

    def entry_response(self, entry, status_code=status.HTTP_200_OK):
        self.action = "retrieve"
        return super().entry_response(entry, status_code)

    def create_entry(self, data):
        return conformance.assessment_create(user=self.request.user, **data)

    def update_entry(self, entry, data):
        return conformance.assessment_update(user=self.request.user, assessment=entry, **data)

    @extend_schema(methods=["GET"], summary="Answers of an assessment, with the automatic checks beside them",
                   responses=AnswerRowSerializer(many=True), description=(
                       "Every requirement of the framework that applies to what is assessed, with its manual answer "
                       "(or null) and the stored automatic check it names."))
    @extend_schema(methods=["POST"], summary="Answer one requirement", request={
        "application/json": AnswerInputSerializer, "multipart/form-data": AnswerInputSerializer},
        responses={200: AnswerRowSerializer(many=True)}, description=(
            f"{WRITE} Answering again replaces the answer; the score follows. Evidence as a link, or a file "
            "sent as multipart/form-data. 400 when the requirement is not one of the framework's or does not "
            "apply to what is assessed."))
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser, MultiPartParser, FormParser],
            pagination_class=None)
    def answers(self, request, pk=None):
        assessment = self.get_object()
        if request.method == "POST":
            serializer = AnswerInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            requirement = FrameworkRequirement.objects.filter(
                framework=assessment.framework, identifier=data.pop("requirement")).first()
            if requirement is None:
                raise serializers.ValidationError({"requirement": [_("The framework has no such requirement.")]})
            conformance.answer_save(user=request.user, assessment=assessment, requirement=requirement, **data)
        rows = conformance.answers_with_checks(user=request.user, assessment=assessment)
        return Response(AnswerRowSerializer(rows, many=True, context={"request": request}).data)


