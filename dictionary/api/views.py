"""Endpoints of the Shared Data Dictionary. Elements and code lists are read here; they change
through change requests (proposed by editors, decided by the steward's reviewers) and are
frozen in numbered releases (published by reviewers): dictionary.services and .releases decide."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from architecture import access
from config.api.permissions import RegisterAccess, SignedIn
from config.api.viewsets import EntryViewSet
from dictionary import codelist_io
from dictionary.api import filters, selectors
from dictionary.api.serializers import (
    ChangeRequestSerializer,
    CodeListImportReportSerializer,
    CodeListImportSerializer,
    CodeListSerializer,
    CodeValueSerializer,
    DecisionSerializer,
    ElementSerializer,
    ProposalSerializer,
    ReleaseDiffSerializer,
    ReleaseSerializer,
)
from dictionary.models import Release
from dictionary.releases import release_publish
from dictionary.selectors import element_suggest
from dictionary.services import change_request_decide, change_request_propose, change_request_withdraw

LOOKUP_WITH_DOTS = r"[^/]+"


def _within_proposal(error: ValidationError, proposed: dict) -> ValidationError:
    """Name the service's errors about proposed fields as the client sent them: "proposed.<key>"."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({(f"proposed.{key}" if key in proposed else key): errors
                            for key, errors in error.error_dict.items()})
READ_ONLY = ["get", "head", "options"]


class SuggestQuery(serializers.Serializer):
    name = serializers.CharField(max_length=200,
                                 help_text="A field or column name, e.g. ngay_sinh, NgaySinh, ngày sinh.")
    limit = serializers.IntegerField(min_value=1, max_value=20, default=5)


class DiffQuery(serializers.Serializer):
    since = serializers.CharField(required=False, max_length=32,
                                  help_text="An older release's version; by default the prior one.")


@extend_schema_view(list=extend_schema(summary="Shared data elements"), retrieve=extend_schema(summary="One element"))
class ElementViewSet(EntryViewSet):
    serializer_class = ElementSerializer
    http_method_names = READ_ONLY
    lookup_field = "identifier"
    lookup_value_regex = LOOKUP_WITH_DOTS
    filterset_class = filters.ElementFilter
    ordering_fields = ["identifier", "name_vi", "modified_at"]
    ordering = ["identifier"]

    def get_queryset(self):
        return selectors.element_list()

    @extend_schema(summary="Elements a field name may map to", parameters=[SuggestQuery],
                   responses=ElementSerializer(many=True), description=(
                       "Best first, ignoring diacritics, case and the separators of column names; only elements in "
                       "force (valid or suggested)."))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def suggest(self, request):
        query = SuggestQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = [element.pk for element in element_suggest(**query.validated_data)]
        with_parts = selectors.element_list().in_bulk(found)  # with what the representation names
        return Response(ElementSerializer([with_parts[pk] for pk in found], many=True).data)


@extend_schema_view(list=extend_schema(summary="Shared code lists"), retrieve=extend_schema(summary="One code list"),
                    create=extend_schema(exclude=True))
class CodeListViewSet(EntryViewSet):
    serializer_class = CodeListSerializer
    http_method_names = [*READ_ONLY, "post"]  # POST only for the import action below
    lookup_field = "identifier"
    lookup_value_regex = LOOKUP_WITH_DOTS
    filterset_class = filters.CodeListFilter
    ordering_fields = ["identifier", "name_vi", "modified_at"]
    ordering = ["identifier"]

    def get_queryset(self):
        return selectors.code_list_list()

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method)  # lists come from change requests and loaders

    @extend_schema(summary="Replace the list's values from a CSV or XLSX file (the steward's editors and reviewers)",
                   description="All or nothing: every row is checked first; any bad row stores nothing and is "
                               "reported with its line, column and reason. Columns: see the CSV export.",
                   request={"multipart/form-data": CodeListImportSerializer},
                   responses={200: CodeListImportReportSerializer})
    @action(detail=True, methods=["post"], url_path="import", permission_classes=[SignedIn],
            parser_classes=[MultiPartParser], pagination_class=None, filter_backends=[])
    def import_values(self, request, identifier=None):
        code_list = self.get_object()
        upload = CodeListImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data, fmt = upload.validated_data["file"].read(), upload.validated_data["format"]
        report = codelist_io.code_list_import(code_list=code_list, data=data, fmt=fmt, user=request.user)
        if not report.ok:
            raise serializers.ValidationError({"file": [
                _("line %(line)s, column %(column)s: %(reason)s") % error._asdict() for error in report.errors]})
        return Response(CodeListImportReportSerializer(report).data)


@extend_schema_view(list=extend_schema(summary="Values of the shared code lists", description="Filter by code_list."),
                    retrieve=extend_schema(summary="One code value"))
class CodeValueViewSet(EntryViewSet):
    serializer_class = CodeValueSerializer
    http_method_names = READ_ONLY
    filterset_class = filters.CodeValueFilter
    ordering_fields = ["id", "code", "position"]
    ordering = ["code_list_id", "position", "code"]

    def get_queryset(self):
        return selectors.code_value_list()


@extend_schema_view(
    list=extend_schema(summary="Numbered dictionary releases"),
    retrieve=extend_schema(summary="One release"),
    create=extend_schema(summary="Publish a release (reviewers)", description=(
        "Freezes every reviewed element and code list as release `version`, a semantic version newer than the "
        "latest.")),
)
class ReleaseViewSet(EntryViewSet):
    queryset = Release.objects.select_related("prior")
    serializer_class = ReleaseSerializer
    permission_classes = [RegisterAccess]
    may_change_register = staticmethod(access.can_publish_dictionary)
    http_method_names = ["get", "post", "head", "options"]
    lookup_field = "version"
    lookup_value_regex = LOOKUP_WITH_DOTS
    filterset_class = None
    ordering_fields = ["published_at"]
    ordering = ["-sort_key"]

    def create_entry(self, data):
        return release_publish(user=self.request.user, **data)

    @extend_schema(summary="What a release changed", parameters=[DiffQuery], responses=ReleaseDiffSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def diff(self, request, version=None):
        release = self.get_object()
        query = DiffQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = release.prior
        if "since" in query.validated_data:
            since = Release.objects.filter(version=query.validated_data["since"]).first()
            if since is None:
                raise serializers.ValidationError({"since": [_("No release has this version.")]})
        return Response(ReleaseDiffSerializer(selectors.release_changes(release=release, since=since)).data)


@extend_schema_view(
    list=extend_schema(summary="Change requests to the dictionary", description="For signed-in users."),
    retrieve=extend_schema(summary="One change request"),
    create=extend_schema(summary="Propose a new or changed element (editors)", request=ProposalSerializer,
                         responses={201: ChangeRequestSerializer}),
)
class ChangeRequestViewSet(EntryViewSet):
    serializer_class = ChangeRequestSerializer
    permission_classes = [SignedIn, RegisterAccess]
    may_change_register = staticmethod(access.can_propose_dictionary_change)
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = filters.ChangeRequestFilter
    ordering_fields = ["id", "created_at", "due_date"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.change_request_list()

    def get_serializer_class(self):
        return ProposalSerializer if self.action == "create" else ChangeRequestSerializer

    def create(self, request, *args, **kwargs):
        proposal = ProposalSerializer(data=request.data)
        proposal.is_valid(raise_exception=True)
        try:
            change = change_request_propose(user=request.user, **proposal.validated_data)
        except ValidationError as error:
            raise _within_proposal(error, proposal.validated_data["proposed"]) from None
        return self.entry_response(self.read_back(change), status.HTTP_201_CREATED)

    def entry_response(self, entry, status_code=status.HTTP_200_OK):
        response = Response(ChangeRequestSerializer(entry, context=self.get_serializer_context()).data,
                            status=status_code)
        response["ETag"] = self.entry_etag(entry)
        return response

    @extend_schema(summary="Approve or reject (a reviewer of the steward body)", request=DecisionSerializer,
                   responses={200: ChangeRequestSerializer})
    @action(detail=True, methods=["post"], permission_classes=[SignedIn])
    def decide(self, request, pk=None):
        change = self.get_object()
        if not access.can_decide_for_steward(request.user, change.steward):
            raise PermissionDenied(_("Only a reviewer of the steward body may decide."))
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        change = change_request_decide(user=request.user, change_request=change, **decision.validated_data)
        return self.entry_response(self.read_back(change))

    @extend_schema(summary="Withdraw your own open request", request=None, responses={200: ChangeRequestSerializer})
    @action(detail=True, methods=["post"], permission_classes=[SignedIn])
    def withdraw(self, request, pk=None):
        change = change_request_withdraw(user=request.user, change_request=self.get_object())
        return self.entry_response(self.read_back(change))
