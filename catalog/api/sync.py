"""Endpoints of synchronization with the National Data Center, under a database:
reporter credentials (issued by the owner's editors), the reports the operating system sends with
its reporter token, and the status derived from them (catalog.sync)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from architecture.access import can_edit, visible_filter
from catalog.models import Database, SyncOutcome, SyncReport, SyncReporter
from catalog.sync import (
    reporter_for,
    sync_report_record,
    sync_reporter_create,
    sync_reporter_revoke,
    sync_status,
)
from config.api.permissions import SignedIn

REPORTS_SHOWN = 200
IDENTIFIER = OpenApiParameter("identifier", str, OpenApiParameter.PATH, description="The database's identifier.")
REPORTER_ID = OpenApiParameter("reporter_id", int, OpenApiParameter.PATH, description="The reporter's id.")


class SyncReportSerializer(serializers.ModelSerializer):
    report_id = serializers.CharField(max_length=64, help_text="Chosen by the client (a UUID); a report sent "
                                      "twice with the same id is stored once.")
    outcome = serializers.ChoiceField(choices=SyncOutcome.choices)
    records_sent = serializers.IntegerField(min_value=0)
    error = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = SyncReport
        fields = ["report_id", "started_at", "finished_at", "records_sent", "outcome", "error", "received_at"]
        read_only_fields = ["received_at"]
        validators = []  # idempotency is the service's: a repeated report_id answers 200, not 400


class SyncStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "late", "overdue", "failing", "not_configured"])
    lag_seconds = serializers.IntegerField(allow_null=True)
    last_synced_at = serializers.DateTimeField(allow_null=True)
    expected_interval_seconds = serializers.IntegerField(allow_null=True)


class SyncReporterSerializer(serializers.ModelSerializer):
    token_prefix = serializers.CharField(source="token.prefix", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = SyncReporter
        fields = ["id", "token_prefix", "created_by", "created_at"]
        read_only_fields = fields


class SyncReporterCreatedSerializer(SyncReporterSerializer):
    token = serializers.CharField(read_only=True, help_text="The token itself, shown this once.")

    class Meta(SyncReporterSerializer.Meta):
        fields = [*SyncReporterSerializer.Meta.fields, "token"]
        read_only_fields = fields


def _seconds(delta):
    return None if delta is None else int(delta.total_seconds())


@extend_schema(parameters=[IDENTIFIER])
class DatabaseSyncViewSet(viewsets.GenericViewSet):
    """Routed under databases/{identifier}/; every action is one of the database."""

    queryset = Database.objects.none()
    permission_classes = [SignedIn]
    pagination_class = None
    filter_backends = []
    lookup_field = "identifier"

    def database(self, *, reporting: bool = False) -> Database:
        """The database, when the caller sees it or is its reporter; 404 otherwise, as a missing one."""
        database = get_object_or_404(Database.objects.select_related("owner"), identifier=self.kwargs["identifier"])
        if reporter_for(self.request.auth, database) is not None:
            return database
        if not Database.objects.filter(visible_filter(self.request.user), pk=database.pk).exists():
            raise Http404
        return database

    @extend_schema(methods=["GET"], summary="Synchronization reports of a database", responses=SyncReportSerializer(many=True),
                   description=f"The newest {REPORTS_SHOWN}, newest first; for those who see the database.")
    @extend_schema(
        methods=["POST"], summary="Report a synchronization with the National Data Center",
        request=SyncReportSerializer, responses={201: SyncReportSerializer, 200: SyncReportSerializer},
        description=("Only with the database's reporter token (403 for any other). Idempotent: a report whose "
                     "report_id was already received answers 200 with the stored report and changes nothing."),
    )
    @action(detail=False, methods=["get", "post"], url_path="sync-reports")
    def sync_reports(self, request, identifier=None):
        database = self.database()
        if request.method == "GET":
            reports = database.sync_reports.order_by("-finished_at", "-id")[:REPORTS_SHOWN]
            return Response(SyncReportSerializer(reports, many=True).data)
        reporter = reporter_for(request.auth, database)
        if reporter is None:
            raise PermissionDenied("Only the reporter token of this database may report its synchronizations.")
        serializer = SyncReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        data.pop("received_at", None)
        report, created = sync_report_record(reporter=reporter, **data)
        return Response(SyncReportSerializer(report).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Synchronization status of a database", responses=SyncStatusSerializer, description=(
        "Derived from the reports: ok, late (older than the expected interval), overdue (older than twice "
        "that, or never synchronized while in operation), failing (the latest report failed), not_configured."))
    @action(detail=False, methods=["get"], url_path="sync-status")
    def sync_status(self, request, identifier=None):
        found = sync_status(self.database())
        return Response(SyncStatusSerializer({
            "status": found.status, "lag_seconds": _seconds(found.lag), "last_synced_at": found.last_synced_at,
            "expected_interval_seconds": _seconds(found.expected_interval),
        }).data)

    def editable_database(self) -> Database:
        database = self.database()
        if not can_edit(self.request.user, owner=database.owner):
            raise PermissionDenied("Only the editors of the owning body manage its synchronization reporters.")
        return database

    @extend_schema(methods=["GET"], summary="Synchronization reporters of a database",
                   responses=SyncReporterSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Issue a synchronization reporter token", request=None,
                   responses={201: SyncReporterCreatedSerializer}, description=(
                       "For the editors of the owning body. The token, shown this once, may only post the "
                       "synchronization reports of this database."))
    @action(detail=False, methods=["get", "post"], url_path="sync-reporters")
    def sync_reporters(self, request, identifier=None):
        database = self.editable_database()
        if request.method == "GET":
            reporters = database.sync_reporters.select_related("token", "created_by").filter(
                token__revoked_at__isnull=True)
            return Response(SyncReporterSerializer(reporters, many=True).data)
        reporter, plain = sync_reporter_create(user=request.user, database=database)
        data = SyncReporterCreatedSerializer(reporter).data
        data["token"] = plain
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Revoke a synchronization reporter", parameters=[REPORTER_ID], request=None,
                   responses={204: None})
    @action(detail=False, methods=["delete"], url_path=r"sync-reporters/(?P<reporter_id>[0-9]+)")
    def sync_reporter_revoke(self, request, identifier=None, reporter_id=None):
        database = self.editable_database()
        reporter = get_object_or_404(database.sync_reporters.select_related("token__user"), pk=reporter_id)
        sync_reporter_revoke(user=request.user, reporter=reporter)
        return Response(status=status.HTTP_204_NO_CONTENT)
