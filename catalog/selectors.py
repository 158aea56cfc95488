"""Reads of the database register that go through the access rules."""

from __future__ import annotations

from django.db.models import QuerySet

from architecture.access import visible_filter
from catalog.models import Database


def database_list_visible(*, user) -> QuerySet[Database]:
    """The databases `user` may see (anonymous visitors included), with their owners."""
    return Database.objects.filter(visible_filter(user)).select_related("owner", "operator")


def database_get_visible(*, user, identifier: str) -> Database:
    """One database by identifier, or Database.DoesNotExist when it is missing or not visible.

    An invisible entry answers exactly like a missing one, so its existence does not leak.
    """
    return database_list_visible(user=user).get(identifier=identifier)
