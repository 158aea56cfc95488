"""Endpoints of the automatic checks and quality scores of a database (catalog.checks,
catalog.quality), read-only: they are computed, never typed in.

- GET /databases/{identifier}/checks/   the stored check results, each with its reason in the
  caller's language; the two posture checks only for readers of the security posture.
- GET /databases/{identifier}/quality/  correct, sufficient, clean, live with their reasons, the
  MQA points per dimension and indicator, and the synchronization status they were computed with.
- GET /database-quality/                the quality of every database the caller sees (paged), for
  tools that aggregate; `?body=<code>` keeps a body's entries and those under it.
Databases the caller may not see answer 404, as missing ones.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from architecture.access import visible_filter
from architecture.models import Body
from catalog.checks import CHECKS_BY_CODE, checks_visible
from catalog.models import CheckOutcome, Database, DatabaseCheckResult, DatabaseQuality
from catalog.quality import MQA_DIMENSIONS, MQA_MAX
from config.api.viewsets import EntryViewSet

IDENTIFIER = OpenApiParameter("identifier", str, OpenApiParameter.PATH, description="The database's identifier.")
BODY = OpenApiParameter("body", str, description="A body's code: its databases and those of every body under it.")


class CheckResultSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField(help_text="What the check checks, in the caller's language.")
    outcome = serializers.ChoiceField(choices=CheckOutcome.choices)
    reason = serializers.CharField(source="reason_display", help_text="Why, in the caller's language.")

    class Meta:
        model = DatabaseCheckResult
        fields = ["code", "title", "outcome", "reason", "computed_at"]
        read_only_fields = fields

    def get_title(self, result) -> str:
        check = CHECKS_BY_CODE.get(result.code)
        return str(check.title) if check else result.code


class ScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    reasons = serializers.ListField(child=serializers.CharField())


class QualitySerializer(serializers.ModelSerializer):
    database = serializers.CharField(source="database.identifier", read_only=True)
    correct = serializers.SerializerMethodField()
    sufficient = serializers.SerializerMethodField()
    clean = serializers.SerializerMethodField()
    live = serializers.SerializerMethodField()
    metadata_quality = serializers.SerializerMethodField(
        help_text="Points after the data.europa.eu MQA: total of 405, per dimension and per indicator.")

    class Meta:
        model = DatabaseQuality
        fields = ["database", "correct", "sufficient", "clean", "live", "metadata_quality", "sync_status",
                  "last_synced_at", "computed_at"]
        read_only_fields = fields

    def _score(self, quality, name) -> dict:
        return {"score": getattr(quality, name), "reasons": quality.reasons_display(name)}

    @extend_schema_field(ScoreSerializer)
    def get_correct(self, quality) -> dict:
        return self._score(quality, "correct")

    @extend_schema_field(ScoreSerializer)
    def get_sufficient(self, quality) -> dict:
        return self._score(quality, "sufficient")

    @extend_schema_field(ScoreSerializer)
    def get_clean(self, quality) -> dict:
        return self._score(quality, "clean")

    @extend_schema_field(ScoreSerializer)
    def get_live(self, quality) -> dict:
        return self._score(quality, "live")

    def get_metadata_quality(self, quality) -> dict:
        return {"total": quality.mqa_total, "maximum": MQA_MAX,
                "dimensions": {name: getattr(quality, f"mqa_{name}") for name in MQA_DIMENSIONS},
                "indicators": quality.mqa_indicators}


def visible_database(request, identifier: str) -> Database:
    """The database if the caller sees it; 404 otherwise, exactly as for a missing one."""
    database = get_object_or_404(Database.objects.select_related("owner"), identifier=identifier)
    if not Database.objects.filter(visible_filter(request.user), pk=database.pk).exists():
        raise Http404
    return database


@extend_schema(parameters=[IDENTIFIER])
class DatabaseQualityViewSet(viewsets.GenericViewSet):
    """Routed under databases/{identifier}/."""

    queryset = Database.objects.none()
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []

    @extend_schema(summary="Automatic checks of a database", responses=CheckResultSerializer(many=True), description=(
        "Every check with pass, fail or not_applicable and why. The posture checks (security_assessment_current, "
        "no_open_critical_incident) are listed only for the owner chain, reviewers and administrators."))
    @action(detail=False, methods=["get"], url_path="checks")
    def checks(self, request, identifier=None):
        database = visible_database(request, identifier)
        return Response(CheckResultSerializer(checks_visible(user=request.user, database=database), many=True).data)

    @extend_schema(summary="Quality scores of a database", responses={200: QualitySerializer}, description=(
        "Correct, sufficient, clean and live (0-100, with reasons) and the metadata quality points. 404 also "
        "while the database has not been measured yet."))
    @action(detail=False, methods=["get"], url_path="quality")
    def quality(self, request, identifier=None):
        database = visible_database(request, identifier)
        quality = get_object_or_404(DatabaseQuality.objects.select_related("database"), database=database)
        return Response(QualitySerializer(quality).data)


@extend_schema_view(
    list=extend_schema(summary="Quality scores of the databases you may see", parameters=[BODY]),
    retrieve=extend_schema(summary="Quality scores of one database, by the database's identifier"),
)
class QualityListViewSet(EntryViewSet):
    serializer_class = QualitySerializer
    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]
    lookup_field = "database__identifier"
    lookup_url_kwarg = "identifier"
    lookup_value_regex = r"[^/]+"
    filter_backends = []
    ordering = ["database_id"]

    def get_queryset(self):
        queryset = (DatabaseQuality.objects.filter(visible_filter(self.request.user, owner_field="database__owner",
                                                                  access_field="database__access_level"))
                    .select_related("database").order_by("database_id"))
        code = self.request.query_params.get("body")
        if code and self.action == "list":
            path = Body.objects.filter(code=code).values_list("path", flat=True).first()
            queryset = queryset.filter(database__owner__path__startswith=path) if path else queryset.none()
        return queryset
