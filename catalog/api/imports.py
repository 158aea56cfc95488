"""Bulk import of a body's databases through the API (the format: catalog.bulk_import), and the
jobs that run large files in the background."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from architecture import access
from architecture.models import Body
from catalog import bulk_import
from catalog.models import ImportJob
from config.api.permissions import SignedIn
from config.api.uploads import UploadSerializer

SUFFIXES = ("csv", "xlsx", "json")


class DatabasesImportUploadSerializer(UploadSerializer):
    FORMATS = SUFFIXES
    MAX_BYTES = bulk_import.MAX_UPLOAD_BYTES
    FORMAT_HINT = _lazy("Say csv, xlsx or json, or name the file so.")


class DatabasesImportCountsSerializer(serializers.Serializer):
    databases_created = serializers.IntegerField()
    databases_updated = serializers.IntegerField()
    tables = serializers.IntegerField()
    fields = serializers.IntegerField()


class ImportJobSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    url = serializers.SerializerMethodField()
    errors = serializers.ListField(child=inline_serializer("ImportRowError", fields={
        "line": serializers.CharField(help_text="Row number, or the JSON pointer of the object."),
        "column": serializers.CharField(), "reason": serializers.CharField()}), read_only=True)

    class Meta:
        model = ImportJob
        fields = ["id", "url", "body", "format", "status", "progress", "counts", "errors", "created_at", "finished_at"]
        read_only_fields = fields

    def get_url(self, job) -> str:
        return f"/api/v1/import-jobs/{job.pk}/"


def _row_errors(errors) -> serializers.ValidationError:
    return serializers.ValidationError({"file": [
        _("line %(line)s, column %(column)s: %(reason)s") % error._asdict() for error in errors]})


class DatabasesImportViewSet(viewsets.GenericViewSet):
    """POST /bodies/{code}/databases/import/: the caller must be allowed to edit the body."""

    queryset = Body.objects.all()
    permission_classes = [SignedIn]
    lookup_field = "code"
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Import the body's databases with their tables and fields (CSV, XLSX or JSON)",
        description="All or nothing: every row is checked first; any bad row stores nothing and is reported with "
                    "its line, column and reason. Files above 2 MB run in the background (202 with the job). "
                    "Format: see catalog.bulk_import.",
        request={"multipart/form-data": DatabasesImportUploadSerializer, "application/json": OpenApiTypes.OBJECT},
        responses={200: DatabasesImportCountsSerializer, 202: ImportJobSerializer,
                   400: OpenApiResponse(description="Row errors, in the API's error shape")},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, JSONParser])
    def import_databases(self, request, code=None):
        body = get_object_or_404(Body, code=code)
        if not access.can_edit(request.user, owner=body):
            self.permission_denied(request, message=_("You may not change the entries of this body."))
        if request.content_type.startswith("application/json"):
            data, fmt = request.body, "json"
        else:
            upload = DatabasesImportUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            data, fmt = upload.validated_data["file"].read(), upload.validated_data["format"]
        if bulk_import.is_large(data):
            from catalog.tasks import databases_import_run
            from config.queue import task_enqueue

            job = ImportJob.objects.create(user=request.user, body=body, format=fmt, upload=data)
            task_enqueue(databases_import_run, job.pk)  # if the queue is down the job waits, "queued", and
            job.refresh_from_db()  # import_jobs_requeue sends it again
            return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED,
                            headers={"Location": f"/api/v1/import-jobs/{job.pk}/"})
        report = bulk_import.databases_import(user=request.user, body=body, data=data, fmt=fmt)
        if not report.ok:
            raise _row_errors(report.errors)
        return Response(DatabasesImportCountsSerializer(report.counts()).data)


@extend_schema(summary="A background import: status, progress, counts or row errors (its user or an administrator)")
class ImportJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportJobSerializer
    permission_classes = [SignedIn]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        jobs = ImportJob.objects.select_related("body").defer("upload")
        user = self.request.user
        return jobs if access.is_administrator(user) else jobs.filter(user=user if user.is_authenticated else None)
