"""Endpoints of databases and of their review (Resolution 214/NQ-CP). A database is addressed by
its identifier; every write needs If-Match (an entry several people edit) and goes through
catalog.services."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.api.filters import DatabaseFilter
from catalog.api.rows import database_rows, database_rows_represent
from catalog.api.selectors import database_list, review_steps
from catalog.api.serializers import (
    DatabaseChangeSerializer,
    DatabaseSerializer,
    ReviewInputSerializer,
    ReviewStepSerializer,
)
from catalog.selectors import database_list_visible
from catalog.services import database_create, database_review_step, database_update
from config.api.paging import CursorPage
from config.api.permissions import OwnedEntryAccess, SignedIn
from config.api.versions import precondition_check
from config.api.viewsets import EntryViewSet

LOOKUP_WITH_DOTS = r"[^/]+"
IF_MATCH_RULE = "Requires If-Match with the ETag of your last read: 428 without it, 412 when stale."


def database_etag(database) -> str:
    """The database's own version column, counted by catalog.services on every write."""
    return f'"{database.pk}-{database.version}"'


@extend_schema_view(
    list=extend_schema(summary="Databases you may see", description=(
        "Public entries for everyone, entries within the political system for signed-in users, restricted "
        "ones for their owner chain, reviewers and monitors. Paged by cursor (`next`), ordered by id "
        "unless ?ordering= says otherwise.")),
    retrieve=extend_schema(summary="One database", description=(
        "Answers 404 alike for a missing and an invisible entry. The ETag is \"<id>-<version>\".")),
    create=extend_schema(summary="Register a database",
                         description="For a body you edit for (its editors and those of the bodies above it)."),
    update=extend_schema(summary="Replace a database's facts", description=IF_MATCH_RULE),
    partial_update=extend_schema(summary="Change some facts of a database", description=IF_MATCH_RULE),
)
class DatabaseViewSet(EntryViewSet):
    permission_classes = [OwnedEntryAccess]
    lookup_field = "identifier"
    lookup_value_regex = LOOKUP_WITH_DOTS
    pagination_class = CursorPage
    filterset_class = DatabaseFilter
    ordering_fields = ["id", "identifier"]  # unique: a cursor needs a stable order
    ordering = ["id"]
    if_match_required = True
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # retire, never delete

    def get_queryset(self):
        return database_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        # The rows read as plain values (catalog.api.rows): same shape, a fraction of the time.
        queryset = self.filter_queryset(database_list_visible(user=request.user))
        page = self.paginate_queryset(database_rows(queryset))
        return self.get_paginated_response(database_rows_represent(page))

    def get_serializer_class(self):
        return DatabaseChangeSerializer if self.action in {"update", "partial_update"} else DatabaseSerializer

    def owner_of(self, database):
        return database.owner

    def entry_etag(self, entry):
        return database_etag(entry)

    def create_entry(self, data):
        return database_create(user=self.request.user, **data)

    def update_entry(self, entry, data):
        return database_update(user=self.request.user, database=entry, **data)

    @extend_schema(methods=["GET"], summary="The review record of a database",
                   responses=ReviewStepSerializer(many=True))
    @extend_schema(
        methods=["POST"], summary="Take a review step", request=ReviewInputSerializer,
        responses={201: ReviewStepSerializer},
        description=("submit: the owner's editor; return (comment required), mark_reviewed, mark_standardized: "
                     "reviewers. If-Match is honoured when sent; the database's new ETag is in the response."),
    )
    @action(detail=True, methods=["get", "post"], url_path="review", permission_classes=[SignedIn],
            pagination_class=None, filter_backends=[], honours_if_match=True)
    def review(self, request, identifier=None):
        database = self.get_object()
        if request.method == "GET":
            return Response(ReviewStepSerializer(review_steps(database=database), many=True).data)
        step = ReviewInputSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        with transaction.atomic():
            current = self.lock(database)
            precondition_check(request, etag=database_etag(current), required=False)
            taken = database_review_step(user=request.user, database=current, **step.validated_data)
        return Response(ReviewStepSerializer(taken).data, status=status.HTTP_201_CREATED,
                        headers={"ETag": database_etag(taken.database)})
