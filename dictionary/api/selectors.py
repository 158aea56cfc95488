"""Reads of the Shared Data Dictionary for the API."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from dictionary.models import ChangeRequest, CodeList, CodeValue, DataElement, Release
from dictionary.releases import release_diff


def element_list() -> QuerySet[DataElement]:
    """Elements with what their representation names, fetched for the page only: joined in the
    main query, PostgreSQL (which cannot estimate how many elements a trigram search keeps) joins
    every match before sorting and cutting the page, 30 ms for a common word over 50,000 elements."""
    return DataElement.objects.prefetch_related("topic", "code_list", "successor", "steward", "legal_basis")


def code_list_list() -> QuerySet[CodeList]:
    return CodeList.objects.select_related("steward", "successor").prefetch_related("legal_basis").annotate(
        value_count=Count("values"))


def code_value_list() -> QuerySet[CodeValue]:
    return CodeValue.objects.select_related("code_list", "parent__code_list").prefetch_related("aliases")


def change_request_list() -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.select_related("element", "steward", "proposed_by", "decided_by")


def release_changes(*, release: Release, since: Release | None) -> dict:
    """What `release` added, changed and retired since `since` (or since nothing: all added)."""
    if since is not None:
        diff = release_diff(old=since, new=release)
    else:
        items = release.items.order_by("kind", "identifier").values_list("kind", "identifier", "content__name_vi")
        diff = {"added": [{"kind": kind, "identifier": identifier, "name": name} for kind, identifier, name in items],
                "changed": [], "retired": []}
    return {"since": since.version if since else None, "version": release.version, **diff}
