"""Endpoints of the harvest: the sources the national catalog reads, and each run's report
(counts and the problem lines). Signed-in people read them; administrators configure sources
and start runs. A source's access token is taken, never shown."""

from django.core.validators import URLValidator
from django.db.models import OuterRef, Subquery
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from architecture import access
from architecture.models import Body
from catalog.harvest.services import harvest_source_delete, harvest_source_run_request, harvest_source_save
from catalog.models import HarvestReportLine, HarvestRun, HarvestSource, HarvestStatus
from config.api.permissions import SignedIn
from config.api.viewsets import EntryViewSet


class HarvestSourceSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(),
                                         help_text="The code of the body the harvested entries belong to.")
    # Declared: DRF would replace the model's http(s)-only validator with its own, which takes ftp too.
    url = serializers.URLField(max_length=1000, validators=[URLValidator(schemes=["http", "https"])],
                               help_text="The first page of the DCAT-AP catalog (http or https).")
    access_token = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200,
                                         help_text="Sent as a Bearer token to the feed's own host; never shown.")
    has_access_token = serializers.SerializerMethodField()
    last_run_status = serializers.CharField(read_only=True, allow_null=True, default=None)
    last_run_at = serializers.DateTimeField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = HarvestSource
        fields = ["id", "name", "url", "format", "owner", "interval_minutes", "grace_days", "enabled", "access_token",
                  "has_access_token", "last_run_status", "last_run_at", "created_at", "modified_at"]
        read_only_fields = ["created_at", "modified_at"]

    def get_has_access_token(self, source) -> bool:
        return bool(source.access_token)


class ReportLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = HarvestReportLine
        fields = ["subject", "reason"]


class HarvestRunSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = HarvestRun
        fields = ["id", "source", "started_at", "finished_at", "status", "complete", "pages_read", "created",
                  "updated", "unchanged", "withdrawn", "errors"]


class HarvestRunReportSerializer(HarvestRunSerializer):
    """A run with its problem lines (a run that met thousands of bad records lists them all)."""

    lines = ReportLineSerializer(many=True, read_only=True)

    class Meta(HarvestRunSerializer.Meta):
        fields = [*HarvestRunSerializer.Meta.fields, "lines"]


class HarvestRunFilter(filters.FilterSet):
    source = filters.NumberFilter(field_name="source_id", help_text="A source's id.")
    status = filters.ChoiceFilter(choices=HarvestStatus.choices)

    class Meta:
        model = HarvestRun
        fields = ["source", "status"]


class HarvestReader(SignedIn):
    def has_permission(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return access.can_read_harvest(request.user)
        return super().has_permission(request, view)  # the services decide who writes


@extend_schema_view(
    list=extend_schema(summary="Harvest sources", description="Signed-in people; with each source's last run."),
    retrieve=extend_schema(summary="One harvest source"),
    create=extend_schema(summary="Add a harvest source (administrators)"),
    update=extend_schema(summary="Change a harvest source (administrators)"),
    partial_update=extend_schema(summary="Change some settings of a harvest source (administrators)"),
    destroy=extend_schema(summary="Delete a source that never ran (administrators; 409 once it has runs)"),
)
class HarvestSourceViewSet(EntryViewSet):
    serializer_class = HarvestSourceSerializer
    permission_classes = [HarvestReader]
    ordering_fields = ["name", "id"]
    ordering = ["name"]
    filterset_fields = ["enabled", "format"]

    def get_queryset(self):
        last = HarvestRun.objects.filter(source=OuterRef("pk")).order_by("-started_at", "-id")
        return HarvestSource.objects.select_related("owner").annotate(
            last_run_status=Subquery(last.values("status")[:1]), last_run_at=Subquery(last.values("started_at")[:1]))

    def create_entry(self, data):
        return harvest_source_save(user=self.request.user, source=HarvestSource(), changes=data)

    def update_entry(self, entry, data):
        return harvest_source_save(user=self.request.user, source=entry, changes=data)

    def delete_entry(self, entry):
        harvest_source_delete(user=self.request.user, source=entry)

    @extend_schema(summary="Harvest this source now (administrators)", request=None,
                   responses={202: None}, description="The run goes to the background; follow it in harvest-runs.")
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        harvest_source_run_request(user=request.user, source=self.get_object())
        return Response(status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(summary="Harvest runs, newest first", description="Each with its counts; the detail adds "
                                                                          "the problem lines."),
    retrieve=extend_schema(summary="One harvest run with its report"),
)
class HarvestRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HarvestRunSerializer
    permission_classes = [HarvestReader]
    filterset_class = HarvestRunFilter
    ordering_fields = ["started_at", "id"]
    ordering = ["-started_at", "-id"]

    def get_queryset(self):
        return HarvestRun.objects.all()

    def get_serializer_class(self):
        return HarvestRunReportSerializer if self.action == "retrieve" else HarvestRunSerializer
