"""Filters of the framework register and of a body's obligations."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from architecture.api.filters import under_body
from architecture.models import (
    BodyArchitecture,
    BodyArchitectureStatus,
    BodyLevel,
    ChiefEngineer,
    ChiefEngineerRole,
    Milestone,
    MilestoneState,
    MilestoneStatus,
    Strategy,
    StrategyKind,
    StrategyStatus,
)
from architecture.models.milestones import milestone_state_filter
from config.api.filters import ModifiedSinceFilterSet


class PlanFilter(ModifiedSinceFilterSet):
    body = filters.CharFilter(method="filter_body", help_text=_("A body code: that body and every body under it."))
    province = filters.CharFilter(method="filter_province",
                                  help_text=_("A province code: the province and its communes."))

    def filter_body(self, queryset, name, value):
        return under_body(queryset, path_field="body__path", code=value, parameter=name)

    def filter_province(self, queryset, name, value):
        return under_body(queryset, path_field="body__path", code=value, parameter=name, level=BodyLevel.PROVINCIAL)


class BodyArchitectureFilter(PlanFilter):
    status = filters.ChoiceFilter(choices=BodyArchitectureStatus.choices)
    framework = filters.CharFilter(field_name="framework__code", help_text=_("The code of a framework version."))

    class Meta:
        model = BodyArchitecture
        fields = ["body", "province", "status", "framework", "modified_since"]


class StrategyFilter(PlanFilter):
    kind = filters.ChoiceFilter(choices=StrategyKind.choices)
    status = filters.ChoiceFilter(choices=StrategyStatus.choices)

    class Meta:
        model = Strategy
        fields = ["body", "province", "kind", "status", "modified_since"]


class MilestoneFilter(PlanFilter):
    state = filters.MultipleChoiceFilter(
        choices=MilestoneState.choices, method="filter_state",
        help_text=_("The derived state today; repeat the parameter for several (state=late&state=overdue)."))
    status = filters.ChoiceFilter(choices=MilestoneStatus.choices)
    template = filters.CharFilter(field_name="template__code", help_text=_("The code of a milestone template."))
    target_before = filters.DateFilter(field_name="target_date", lookup_expr="lte",
                                       help_text=_("Target date on or before this date."))
    target_after = filters.DateFilter(field_name="target_date", lookup_expr="gte",
                                      help_text=_("Target date on or after this date."))

    class Meta:
        model = Milestone
        fields = ["body", "province", "state", "status", "template", "target_before", "target_after",
                  "modified_since"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(milestone_state_filter(*value)) if value else queryset


CURRENT_CHOICES = (("true", _("Current holders only")), ("false", _("Former holders only")),
                   ("all", _("Current and former holders")))


class ChiefEngineerFilter(PlanFilter):
    role = filters.ChoiceFilter(choices=ChiefEngineerRole.choices)
    current = filters.ChoiceFilter(
        choices=CURRENT_CHOICES, method="filter_current",
        help_text=_("Current holders by default; \"false\" for former holders, \"all\" for the whole history."))

    class Meta:
        model = ChiefEngineer
        fields = ["body", "province", "role", "current", "modified_since"]

    def filter_queryset(self, queryset):
        # Current holders unless the request asks otherwise.
        if not self.form.cleaned_data.get("current"):
            queryset = queryset.filter(end_date__isnull=True)
        return super().filter_queryset(queryset)

    def filter_current(self, queryset, name, value):
        if value == "true":
            return queryset.filter(end_date__isnull=True)
        if value == "false":
            return queryset.filter(end_date__isnull=False)
        return queryset
