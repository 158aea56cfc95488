"""Reads of the database register for the API, through the access rules (catalog.selectors and
architecture.access.visible_filter)."""

from __future__ import annotations

from django.db.models import QuerySet

from architecture.access import visible_filter
from architecture.api.search import query_words
from catalog.models import Database, DatabaseReview, DatabaseStandard, Field, Service, Table
from catalog.selectors import database_list_visible


def database_list(*, user) -> QuerySet[Database]:
    """Visible databases with everything their representation shows, in a fixed number of queries."""
    return database_list_visible(user=user).prefetch_related("themes", "legal_basis")


def database_search(queryset: QuerySet[Database], query: str, *, parameter: str = "q") -> QuerySet[Database]:
    """Databases whose identifier, names, keywords or description hold every word of `query`,
    ignoring diacritics and case: a substring match per word on the folded search column, which
    PostgreSQL answers from its trigram index (catalog migration 0009)."""
    for word in query_words(query, parameter=parameter):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _in_visible_database(model, user, database_path: str) -> QuerySet:
    rule = visible_filter(user, owner_field=f"{database_path}__owner", access_field=f"{database_path}__access_level")
    return model.objects.filter(rule)


def table_list(*, user) -> QuerySet[Table]:
    return _in_visible_database(Table, user, "database").select_related("database__owner")


def field_list(*, user) -> QuerySet[Field]:
    return _in_visible_database(Field, user, "table__database").select_related(
        "table__database__owner", "element")


def service_list(*, user) -> QuerySet[Service]:
    return _in_visible_database(Service, user, "database").select_related("database__owner")


def database_standard_list(*, user) -> QuerySet[DatabaseStandard]:
    return _in_visible_database(DatabaseStandard, user, "database").select_related("database__owner", "standard")


def review_steps(*, database: Database) -> QuerySet[DatabaseReview]:
    return database.reviews.select_related("actor").order_by("at", "id")


def database_list_plain(*, user) -> QuerySet[Database]:
    """Visible databases, for picking one by identifier (no joins)."""
    return Database.objects.filter(visible_filter(user))
