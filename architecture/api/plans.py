"""Endpoints of the framework register and of each body's obligations under Resolution 214/NQ-CP:
/frameworks/, /milestone-templates/, /body-architectures/, /strategies/, /milestones/,
/chief-engineers/.

Everyone reads them, anonymous visitors included (public obligations), except the e-mail and phone
of chief engineers (signed-in users). The editors of a body's chain and administrators write a
body's entries; administrators write frameworks. Every write goes through architecture.plans."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from architecture import access
from architecture.api import plan_filters, plan_serializers
from architecture.api.views import LOOKUP_WITH_DOTS
from architecture.models import (
    BodyArchitecture,
    ChiefEngineer,
    FrameworkVersion,
    Milestone,
    MilestoneTemplate,
    Strategy,
)
from architecture.plans import (
    chief_engineer_appoint,
    framework_register_delete,
    framework_register_save,
    plan_entry_delete,
    plan_entry_save,
)
from config.api.permissions import OwnedEntryAccess, RegisterAccess
from config.api.viewsets import EntryViewSet

READ = "Everyone reads it, anonymous visitors included."
WRITE = "The editors of the body and of the bodies above it, and administrators."


def plan_schema(noun: str, plural: str, extra: str = ""):
    return extend_schema_view(
        list=extend_schema(summary=f"{plural.capitalize()} of the bodies", description=f"{READ} {extra}".strip()),
        retrieve=extend_schema(summary=f"One {noun}"),
        create=extend_schema(summary=f"Record a {noun}", description=WRITE),
        update=extend_schema(summary=f"Change a {noun}", description=f"{WRITE} Send If-Match with the ETag."),
        partial_update=extend_schema(summary=f"Change some facts of a {noun}", description=WRITE),
        destroy=extend_schema(summary=f"Delete a {noun} recorded by mistake", description=WRITE),
    )


class PlanViewSet(EntryViewSet):
    """A body's obligation: read by all, changed by the body chain's editors through the services."""

    permission_classes = [OwnedEntryAccess]
    ordering = ["id"]

    def owner_of(self, entry):
        return entry.body

    def filter_queryset(self, queryset):
        # Filters narrow lists; an entry's own URL finds it whatever they would say (a former
        # chief engineer is not "current", yet is still at its address).
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def create_entry(self, data):
        return plan_entry_save(user=self.request.user, entry=self.queryset.model(), changes=dict(data))

    def update_entry(self, entry, data):
        return plan_entry_save(user=self.request.user, entry=entry, changes=dict(data))

    def delete_entry(self, entry):
        plan_entry_delete(user=self.request.user, entry=entry)


@plan_schema("body architecture", "digital architectures", "A ministry's or province's architecture document, "
             "its approval and the framework version it follows.")
class BodyArchitectureViewSet(PlanViewSet):
    queryset = BodyArchitecture.objects.select_related("body", "framework")
    serializer_class = plan_serializers.BodyArchitectureSerializer
    filterset_class = plan_filters.BodyArchitectureFilter
    ordering_fields = ["id", "decision_date", "modified_at"]


@plan_schema("strategy", "data and digital transformation strategies",
             "Resolution 214/NQ-CP: each ministry, sector and province issues both by September 2025.")
class StrategyViewSet(PlanViewSet):
    queryset = Strategy.objects.select_related("body")
    serializer_class = plan_serializers.StrategySerializer
    filterset_class = plan_filters.StrategyFilter
    ordering_fields = ["id", "period_start", "decision_date", "modified_at"]


@plan_schema("milestone", "milestones", "Each with its state derived from the dates today (`state`); filter "
             "with state=late&state=overdue to find who is behind.")
class MilestoneViewSet(PlanViewSet):
    queryset = Milestone.objects.select_related("body", "template")
    serializer_class = plan_serializers.MilestoneSerializer
    filterset_class = plan_filters.MilestoneFilter
    ordering_fields = ["id", "target_date", "completion_date", "modified_at"]
    ordering = ["target_date", "id"]

    def get_queryset(self):
        return super().get_queryset().with_state()

    def read_back(self, entry):
        return self.get_queryset().get(pk=entry.pk)


@extend_schema_view(
    list=extend_schema(summary="Chief engineers of the bodies", description=(
        f"{READ} Current holders by default (current=false: former holders; current=all: the whole history). "
        "E-mail and phone are shown to signed-in users only.")),
    retrieve=extend_schema(summary="One chief engineer's term"),
    create=extend_schema(summary="Appoint a chief engineer", description=(
        f"{WRITE} The current holder of the same role for the body, if any, is ended on the new holder's "
        "start date, in the same transaction.")),
    update=extend_schema(summary="Correct a chief engineer's term", description=(
        f"{WRITE} Body and role do not change: appoint a new holder instead. Set end_date to end a term.")),
    partial_update=extend_schema(summary="Correct some facts of a term, or end it", description=WRITE),
    destroy=extend_schema(summary="Delete a term recorded by mistake", description=WRITE),
)
class ChiefEngineerViewSet(PlanViewSet):
    queryset = ChiefEngineer.objects.select_related("body")
    serializer_class = plan_serializers.ChiefEngineerSerializer
    filterset_class = plan_filters.ChiefEngineerFilter
    ordering_fields = ["id", "start_date", "end_date", "modified_at"]

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return plan_serializers.ChiefEngineerChangeSerializer
        return self.serializer_class

    def create_entry(self, data):
        data = dict(data)
        data.pop("end_date", None)
        return chief_engineer_appoint(user=self.request.user, **data)


@extend_schema_view(
    list=extend_schema(summary="Architecture and data governance frameworks", description=(
        f"{READ} Each version with its requirements: reference model, legal source, evidence, whether it applies "
        "to databases or bodies, and the automatic check (`check_code`) the catalog computes for it.")),
    retrieve=extend_schema(summary="One framework version with its requirements"),
    create=extend_schema(summary="Add a framework version (administrators)"),
    update=extend_schema(summary="Change a framework version (administrators)"),
    partial_update=extend_schema(summary="Change some facts of a framework version (administrators)"),
    destroy=extend_schema(summary="Delete a framework version nothing refers to (administrators)",
                          responses={204: OpenApiResponse(description="Deleted")}),
)
class FrameworkViewSet(EntryViewSet):
    queryset = FrameworkVersion.objects.select_related("issuing_document").prefetch_related(
        "requirements")
    serializer_class = plan_serializers.FrameworkVersionSerializer
    permission_classes = [RegisterAccess]
    may_change_register = staticmethod(access.can_manage_frameworks)
    lookup_field = "code"
    lookup_value_regex = LOOKUP_WITH_DOTS
    filter_backends = []
    pagination_class = None

    def create_entry(self, data):
        return framework_register_save(user=self.request.user, entry=FrameworkVersion(), changes=dict(data))

    def update_entry(self, entry, data):
        return framework_register_save(user=self.request.user, entry=entry, changes=dict(data))

    def delete_entry(self, entry):
        framework_register_delete(user=self.request.user, entry=entry)


@extend_schema_view(
    list=extend_schema(summary="Milestone templates (the Resolution 214/NQ-CP deadlines)", description=(
        f"{READ} Administrators apply them to every matching body in the admin or with "
        "`manage.py apply_milestone_templates`.")),
    retrieve=extend_schema(summary="One milestone template"),
)
class MilestoneTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = MilestoneTemplate.objects.all()
    serializer_class = plan_serializers.MilestoneTemplateSerializer
    lookup_field = "code"
    lookup_value_regex = LOOKUP_WITH_DOTS
    filter_backends = []
    pagination_class = None

