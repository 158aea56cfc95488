"""Filters of the database register. `body` and `province` roll up by the owner's materialized
path (the body and everything under it); a code that names no body is a 400 naming the parameter."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from architecture.access import AccessLevel
from architecture.api.filters import under_body
from architecture.api.search import folded_search, query_words
from architecture.models import BodyLevel
from catalog.api.selectors import database_search
from catalog.mapping import MISMATCHED
from catalog.models import (
    Conformance,
    Database,
    DatabaseKind,
    DatabaseStandard,
    DataLayer,
    Datatype,
    Field,
    Lifecycle,
    Protocol,
    ReviewState,
    Service,
    Standard,
    SyncMode,
    Table,
)
from config.api.filters import ModifiedSinceFilterSet

BODY_HELP = _("A body code: entries of that body and of every body under it.")
PROVINCE_HELP = _("A province code: entries of the province and of its communes.")


class OwnedFilterSet(filters.FilterSet):
    """body and province roll-ups, for any model whose owner is at `owner_path`."""

    owner_path = "owner__path"
    body = filters.CharFilter(method="filter_body", help_text=BODY_HELP)
    province = filters.CharFilter(method="filter_province", help_text=PROVINCE_HELP)

    def filter_body(self, queryset, name, value):
        return under_body(queryset, path_field=self.owner_path, code=value, parameter=name)

    def filter_province(self, queryset, name, value):
        return under_body(queryset, path_field=self.owner_path, code=value, parameter=name,
                          level=BodyLevel.PROVINCIAL)


class DatabaseFilter(OwnedFilterSet, ModifiedSinceFilterSet):
    kind = filters.ChoiceFilter(choices=DatabaseKind.choices)
    level = filters.ChoiceFilter(field_name="owner__level", choices=BodyLevel.choices,
                                 help_text=_("The owning body's level."))
    lifecycle = filters.ChoiceFilter(choices=Lifecycle.choices)
    review_state = filters.ChoiceFilter(choices=ReviewState.choices)
    access_level = filters.ChoiceFilter(choices=AccessLevel.choices)
    security_level = filters.TypedChoiceFilter(choices=[(level, str(level)) for level in range(1, 6)], coerce=int)
    sync_mode = filters.ChoiceFilter(choices=SyncMode.choices)
    data_layer = filters.ChoiceFilter(choices=DataLayer.choices)
    q = filters.CharFilter(method="filter_q", help_text=_(
        "Words of the identifier, names, keywords or description, ignoring diacritics and case "
        "(\"co so du lieu dan cu\" finds \"Cơ sở dữ liệu quốc gia về dân cư\")."))

    class Meta:
        model = Database
        fields = ["body", "province", "kind", "level", "lifecycle", "review_state", "access_level",
                  "security_level", "sync_mode", "data_layer", "modified_since", "q"]

    def filter_q(self, queryset, name, value):
        return database_search(queryset, value, parameter=name)


class InDatabaseFilterSet(OwnedFilterSet):
    owner_path = "database__owner__path"
    database = filters.CharFilter(field_name="database__identifier", help_text=_("The database's identifier."))


class TableFilter(InDatabaseFilterSet):
    q = filters.CharFilter(method="filter_q", help_text=_("Words of the table's name, ignoring diacritics and case."))

    class Meta:
        model = Table
        fields = ["database", "body", "province", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(folded_search(value, "name"))


MAPPING_STATES = {
    "mapped": {"element__isnull": False},
    "local": {"is_local": True},
    "unmapped": {"element__isnull": True, "is_local": False},
}


class FieldFilter(OwnedFilterSet):
    owner_path = "table__database__owner__path"
    database = filters.CharFilter(field_name="table__database__identifier", help_text=_("The database's identifier."))
    table = filters.NumberFilter(field_name="table_id", help_text=_("The table's id."))
    element = filters.CharFilter(field_name="element__identifier", help_text=_("Fields mapped to this element."))
    mapping = filters.ChoiceFilter(method="filter_mapping", choices=[
        ("mapped", _("Mapped to an element")), ("local", _("Local, no shared equivalent")),
        ("unmapped", _("Not yet mapped")), ("mismatched", _("Mapped, but not fitting the element")),
    ])
    datatype = filters.ChoiceFilter(choices=Datatype.choices)
    is_personal_data = filters.BooleanFilter()
    q = filters.CharFilter(method="filter_q", help_text=_(
        "Words of the field's name or description, ignoring diacritics and case."))

    class Meta:
        model = Field
        fields = ["database", "table", "body", "province", "element", "mapping", "datatype", "is_personal_data", "q"]

    def filter_mapping(self, queryset, name, value):
        if value == "mismatched":
            return queryset.filter(MISMATCHED)
        return queryset.filter(**MAPPING_STATES[value])

    def filter_q(self, queryset, name, value):
        # Fields keep a folded search column (name and description) with a trigram index on
        # PostgreSQL: a substring match per word, no regex over two million names.
        for word in query_words(value, parameter=name):
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class ServiceFilter(InDatabaseFilterSet):
    protocol = filters.ChoiceFilter(choices=Protocol.choices)

    class Meta:
        model = Service
        fields = ["database", "body", "province", "protocol"]


class DatabaseStandardFilter(InDatabaseFilterSet):
    standard = filters.CharFilter(field_name="standard__code", help_text=_("The standard's code."))
    conformance = filters.ChoiceFilter(choices=Conformance.choices)

    class Meta:
        model = DatabaseStandard
        fields = ["database", "body", "province", "standard", "conformance"]


class StandardFilter(filters.FilterSet):
    year = filters.NumberFilter()
    q = filters.CharFilter(method="filter_q", help_text=_("Words of the code or title, ignoring diacritics and case."))

    class Meta:
        model = Standard
        fields = ["year", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(folded_search(value, "code", "title"))
