"""Endpoints of a database's security posture (catalog.security): /security-approvals/,
/security-assessments/ (TCVN 14423:2025) and /security-incidents/.

Only the owner chain, reviewers and administrators read them (architecture.access
.can_view_security_posture); to anyone else they answer an empty list and 404, as if missing.
The owner's editors and administrators record them. Approvals and assessments are dated decisions
kept as history: recorded, never changed through the API; an incident is changed as it is handled
(status, response, resolution)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from architecture.models import Body
from catalog import security
from catalog.api.choices import inline_choice_field
from catalog.models import (
    AssessmentResult,
    Database,
    IncidentSeverity,
    IncidentStatus,
    SecurityApproval,
    SecurityAssessment,
    SecurityIncident,
)
from config.api.permissions import OwnedEntryAccess
from config.api.viewsets import EntryViewSet

READ = "Only the owner chain, reviewers and administrators see the security posture; others get nothing (404)."
WRITE = "The editors of the owning body (and of the bodies above it) and administrators."


class PostureDatabaseField(serializers.SlugRelatedField):
    """A database by identifier, among those whose posture the caller sees."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="identifier", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        from architecture.access import security_posture_filter

        condition = security_posture_filter(request.user) if request else None
        return Database.objects.none() if condition is None else Database.objects.filter(condition)


class SecurityApprovalSerializer(serializers.ModelSerializer):
    database = PostureDatabaseField()
    level = serializers.IntegerField(min_value=1, max_value=5)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = SecurityApproval
        fields = ["id", "database", "level", "decision_number", "decided_on", "approving_authority", "note",
                  "recorded_by", "created_at"]
        read_only_fields = ["id", "recorded_by", "created_at"]


class SecurityAssessmentSerializer(serializers.ModelSerializer):
    database = PostureDatabaseField()
    result = serializers.ChoiceField(choices=AssessmentResult.choices)
    period_months = serializers.IntegerField(min_value=1, max_value=60, default=12)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = SecurityAssessment
        fields = ["id", "database", "assessed_on", "assessor", "result", "findings", "follow_up_due",
                  "period_months", "next_due_on", "recorded_by", "created_at"]
        read_only_fields = ["id", "next_due_on", "recorded_by", "created_at"]


class SecurityIncidentSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(),
                                         help_text="The responsible body's code.")
    databases = PostureDatabaseField(many=True, help_text="Identifiers of the affected databases.")
    severity = serializers.ChoiceField(choices=IncidentSeverity.choices)
    status = inline_choice_field(IncidentStatus.choices, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = SecurityIncident
        fields = ["id", "owner", "occurred_at", "severity", "summary", "databases", "status", "response",
                  "resolved_at", "recorded_by", "created_at", "modified_at"]
        read_only_fields = ["id", "status", "resolved_at", "recorded_by", "created_at", "modified_at"]


class SecurityIncidentChangeSerializer(serializers.ModelSerializer):
    databases = PostureDatabaseField(many=True, required=False)
    severity = serializers.ChoiceField(choices=IncidentSeverity.choices, required=False)
    status = inline_choice_field(IncidentStatus.choices, required=False,
                                     help_text="Resolving sets resolved_at (now unless given).")

    class Meta:
        model = SecurityIncident
        fields = ["severity", "summary", "databases", "status", "response", "resolved_at"]


def posture_schema(noun: str, plural: str, *, changes: bool = False):
    views = {
        "list": extend_schema(summary=f"{plural.capitalize()} of the databases whose posture you may see",
                              description=READ),
        "retrieve": extend_schema(summary=f"One {noun}", description=READ),
        "create": extend_schema(summary=f"Record a {noun}", description=WRITE),
    }
    if changes:
        views["partial_update"] = extend_schema(summary=f"Handle a {noun}: status, response, resolution",
                                                request=SecurityIncidentChangeSerializer,
                                                responses=SecurityIncidentSerializer, description=WRITE)
    return extend_schema_view(**views)


class PostureViewSet(EntryViewSet):
    permission_classes = [OwnedEntryAccess]
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["id"]
    ordering = ["-id"]
    filter_backends = []

    def owner_of(self, entry):
        return entry.database.owner


@posture_schema("security level approval", "security level approvals (Decree 85/2016/NĐ-CP)")
class SecurityApprovalViewSet(PostureViewSet):
    queryset = SecurityApproval.objects.none()
    serializer_class = SecurityApprovalSerializer

    def get_queryset(self):
        return security.approvals_visible(user=self.request.user).select_related("recorded_by").order_by("-id")

    def create_entry(self, data):
        return security.security_approval_record(user=self.request.user, **data)


@posture_schema("TCVN 14423:2025 assessment", "TCVN 14423:2025 assessments")
class SecurityAssessmentViewSet(PostureViewSet):
    queryset = SecurityAssessment.objects.none()
    serializer_class = SecurityAssessmentSerializer

    def get_queryset(self):
        return security.assessments_visible(user=self.request.user).select_related("recorded_by").order_by("-id")

    def create_entry(self, data):
        return security.security_assessment_record(user=self.request.user, **data)


@posture_schema("security incident", "security incidents", changes=True)
class SecurityIncidentViewSet(PostureViewSet):
    queryset = SecurityIncident.objects.none()
    serializer_class = SecurityIncidentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def owner_of(self, entry):
        return entry.owner

    def get_serializer_class(self):
        return SecurityIncidentChangeSerializer if self.action == "partial_update" else SecurityIncidentSerializer

    def get_queryset(self):
        return security.incidents_visible(user=self.request.user).select_related("recorded_by").order_by("-id")

    def entry_response(self, entry, status_code=200):
        self.action = "retrieve"  # answer with the full entry, not the change's fields
        return super().entry_response(entry, status_code)

    def create_entry(self, data):
        return security.security_incident_record(user=self.request.user, **data)

    def update_entry(self, entry, data):
        return security.security_incident_update(user=self.request.user, incident=entry, **data)
