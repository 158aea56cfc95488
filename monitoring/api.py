"""Read-only endpoints of the dashboard under /api/v1/monitoring/: the figures of the whole
political system or of one body (with the breakdown by child body), the definitions of the figures,
and the list behind any figure. Same visibility as the pages (monitoring.figures)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from architecture.models import Body
from config.api.schema import SingleAnswerSchema
from monitoring.figures import DEFINITIONS, BodyFigures
from monitoring.lists import UnknownList, entries_for_figure, list_title
from monitoring.selectors import cache_minutes, figures_for_reader

BODY_CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The body's code.")
FIGURE_NAME = OpenApiParameter("name", str, OpenApiParameter.PATH,
                               description="The figure whose entries are listed (a `list` of /definitions/).")
BODY_FILTER = OpenApiParameter("body", str, description="A body's code: its entries and those of the bodies under "
                                                         "it (default: the whole political system).")
SORT = OpenApiParameter("sort", str, description="A column key, with '-' for descending order.")

VALUES = serializers.DictField(child=serializers.FloatField(allow_null=True),
                               help_text="Figure key -> value (see /api/v1/monitoring/definitions/).")
FIGURES = inline_serializer("MonitoringFigures", {
    "body": serializers.CharField(allow_null=True, help_text="The body's code; null for the whole political system."),
    "computed_at": serializers.DateTimeField(),
    "cache_minutes": serializers.IntegerField(help_text="The figures are at most this many minutes old."),
    "totals": VALUES,
    "rows": inline_serializer("MonitoringRow", {
        "code": serializers.CharField(), "name": serializers.CharField(),
        "own": serializers.BooleanField(help_text="The body's own entries rather than a child body's roll-up."),
        "values": VALUES,
    }, many=True),
})
DEFINITIONS_SCHEMA = inline_serializer("MonitoringDefinition", many=True, fields={
    "key": serializers.CharField(), "label": serializers.CharField(), "definition": serializers.CharField(),
    "family": serializers.CharField(), "unit": serializers.ChoiceField(choices=["count", "percent", "score"]),
    "list": serializers.CharField(allow_null=True, help_text="The list behind the figure, if any."),
})
LIST_PAGE = inline_serializer("MonitoringListPage", {
    "count": serializers.IntegerField(), "next": serializers.URLField(allow_null=True),
    "previous": serializers.URLField(allow_null=True), "title": serializers.CharField(),
    "columns": serializers.ListField(child=serializers.CharField()),
    "results": serializers.ListField(child=serializers.DictField()),
})


def _values(values: dict) -> dict:
    return {definition.key: values.get(definition.key) for definition in DEFINITIONS}


def figures_data(figures: BodyFigures) -> dict:
    return {
        "body": figures.body.code if figures.body else None, "computed_at": figures.computed_at,
        "cache_minutes": cache_minutes(), "totals": _values(figures.totals),
        "rows": [{"code": row.body.code, "name": row.body.name_vi, "own": row.own, "values": _values(row.values)}
                 for row in figures.rows],
    }


class MonitoringFiguresViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]
    schema = SingleAnswerSchema()  # `list` answers the nation's figures, one object
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    @extend_schema(summary="Figures of the whole political system", responses=FIGURES,
                   operation_id="monitoring_figures_national", description=(
        "Every figure of the dashboard, counted over the entries the caller may see, with one row per top-level "
        "body (rolled up over everything under it)."))
    def list(self, request):
        return Response(figures_data(figures_for_reader(user=request.user, body=None)))

    @extend_schema(summary="Figures of one body", parameters=[BODY_CODE], responses=FIGURES, description=(
        "The body's figures rolled up over every body under it, with one row per child body (and one for the "
        "body's own entries). 404 for an unknown body."))
    def retrieve(self, request, code=None):
        body = get_object_or_404(Body, code=code)
        return Response(figures_data(figures_for_reader(user=request.user, body=body)))


class MonitoringDefinitionsViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]

    @extend_schema(summary="What each figure counts", responses=DEFINITIONS_SCHEMA)
    def list(self, request):
        return Response([{"key": d.key, "label": d.label, "definition": d.definition, "family": d.family,
                          "unit": d.unit, "list": d.list_name} for d in DEFINITIONS])


class MonitoringListViewSet(viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    lookup_field = "name"
    lookup_value_regex = r"[a-z0-9_]+"
    filter_backends = []

    @extend_schema(summary="The entries behind a figure", parameters=[FIGURE_NAME, BODY_FILTER, SORT],
                   responses=LIST_PAGE, description=(
                       "Databases, milestones or obligated bodies that make up the figure, as many as it counts, "
                       "visible to the caller; paged (page, page_size). 404 for an unknown figure or body."))
    def retrieve(self, request, name=None):
        code = request.query_params.get("body")
        body = get_object_or_404(Body, code=code) if code else None
        try:
            entries, columns, _sort = entries_for_figure(user=request.user, body=body, name=name,
                                                        sort_param=request.query_params.get("sort"))
        except UnknownList:
            raise Http404 from None
        page = self.paginate_queryset(entries)
        results = [{column.key: column.value(entry) for column in columns} for entry in page]
        response = self.get_paginated_response(results)
        response.data["title"] = list_title(name)
        response.data["columns"] = [column.key for column in columns]
        return response


# (prefix, viewset, basename) for config/api_urls.py's router.
routes = [
    ("monitoring/figures", MonitoringFiguresViewSet, "monitoring-figures"),
    ("monitoring/definitions", MonitoringDefinitionsViewSet, "monitoring-definitions"),
    ("monitoring/lists", MonitoringListViewSet, "monitoring-lists"),
]
