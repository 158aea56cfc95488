"""The base of every register's endpoint: reads with ETags, and writes that go through a service,
honour If-Match on a locked row, and answer with the entry's new ETag.

A concrete view says how to write (create_entry, update_entry, delete_entry, each calling a
service that checks permissions again and signs the history) and, for databases, that If-Match
is required (if_match_required: an entry that several people edit).
"""

from __future__ import annotations

from django.db import transaction
from rest_framework import status, viewsets
from rest_framework.response import Response

from config.api.errors import PreconditionRequired
from config.api.versions import not_modified, precondition_check, row_etag


class EntryViewSet(viewsets.ModelViewSet):
    if_match_required = False
    honours_if_match = False  # a POST action that checks If-Match says so (for the schema): honours_if_match=True
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    # --- what a concrete view provides
    def create_entry(self, data: dict):
        raise NotImplementedError

    def update_entry(self, entry, data: dict):
        raise NotImplementedError

    def delete_entry(self, entry) -> None:
        raise NotImplementedError

    def entry_etag(self, entry) -> str:
        return row_etag(entry)

    def lock(self, entry):
        """The entry's row, locked until the transaction ends (no joins: PostgreSQL refuses
        FOR UPDATE on the nullable side of an outer join)."""
        return type(entry)._default_manager.select_for_update().get(pk=entry.pk)

    def read_back(self, entry):
        """The entry as the list and detail show it (with their joins), after a write."""
        return self.get_queryset().get(pk=entry.pk)

    # --- HTTP
    def entry_response(self, entry, status_code=status.HTTP_200_OK) -> Response:
        data = self.get_serializer(entry).data
        return Response(data, status=status_code, headers={"ETag": self.entry_etag(entry)})

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        etag = self.entry_etag(entry)
        if not_modified(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return self.entry_response(entry)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = self.create_entry(serializer.validated_data)
        return self.entry_response(self.read_back(entry), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        entry = self.get_object()  # 404 when not visible, 403 when not editable
        if self.if_match_required and "If-Match" not in request.headers:
            raise PreconditionRequired()  # before the body is even read: the client must read first
        serializer = self.get_serializer(entry, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            current = self.lock(entry)
            precondition_check(request, etag=self.entry_etag(current), required=self.if_match_required)
            entry = self.update_entry(current, serializer.validated_data)
        return self.entry_response(self.read_back(entry))

    def destroy(self, request, *args, **kwargs):
        entry = self.get_object()
        with transaction.atomic():
            current = self.lock(entry)
            precondition_check(request, etag=self.entry_etag(current), required=False)
            self.delete_entry(current)
        return Response(status=status.HTTP_204_NO_CONTENT)
