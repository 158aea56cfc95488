"""Filters of the Shared Data Dictionary."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from architecture.api.filters import under_body
from architecture.api.search import folded_search, query_words
from architecture.vocabularies import DataLayer
from config.api.filters import ModifiedSinceFilterSet
from dictionary.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    CodeList,
    CodeValue,
    DataElement,
    Datatype,
    ItemStatus,
    ValueDomain,
)

STEWARD_HELP = _("A body code: items stewarded by that body or a body under it.")


class StewardFilterSet(filters.FilterSet):
    steward = filters.CharFilter(method="filter_steward", help_text=STEWARD_HELP)

    def filter_steward(self, queryset, name, value):
        return under_body(queryset, path_field="steward__path", code=value, parameter=name)


class ElementFilter(StewardFilterSet, ModifiedSinceFilterSet):
    status = filters.ChoiceFilter(choices=ItemStatus.choices)
    datatype = filters.ChoiceFilter(choices=Datatype.choices)
    value_domain = filters.ChoiceFilter(choices=ValueDomain.choices)
    data_layer = filters.ChoiceFilter(choices=DataLayer.choices)
    topic = filters.CharFilter(field_name="topic__identifier")
    code_list = filters.CharFilter(field_name="code_list__identifier")
    q = filters.CharFilter(method="filter_q", help_text=_(
        "Words of the identifier, names or synonyms, ignoring diacritics and case."))

    class Meta:
        model = DataElement
        fields = ["status", "datatype", "value_domain", "data_layer", "topic", "code_list", "steward",
                  "modified_since", "q"]

    def filter_q(self, queryset, name, value):
        # search_text is stored folded (dictionary.services.element_search_text): an indexed-friendly
        # substring match per word, no regex needed.
        for word in query_words(value, parameter=name):
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class CodeListFilter(StewardFilterSet, ModifiedSinceFilterSet):
    status = filters.ChoiceFilter(choices=ItemStatus.choices)
    q = filters.CharFilter(method="filter_q",
                           help_text=_("Words of the identifier or names, ignoring diacritics and case."))

    class Meta:
        model = CodeList
        fields = ["status", "steward", "modified_since", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(folded_search(value, "identifier", "name_vi", "name_en", parameter=name))


class CodeValueFilter(ModifiedSinceFilterSet):
    code_list = filters.CharFilter(field_name="code_list__identifier", help_text=_("The code list's identifier."))
    parent_code = filters.CharFilter(field_name="parent__code", help_text=_("The code of the parent value."))
    code = filters.CharFilter()
    q = filters.CharFilter(method="filter_q", help_text=_("Words of the code or labels, ignoring diacritics and case."))

    class Meta:
        model = CodeValue
        fields = ["code_list", "parent_code", "code", "modified_since", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(folded_search(value, "code", "label_vi", "label_en", parameter=name))


class ChangeRequestFilter(StewardFilterSet):
    status = filters.ChoiceFilter(choices=ChangeStatus.choices)
    kind = filters.ChoiceFilter(choices=ChangeKind.choices)
    element = filters.CharFilter(field_name="element__identifier")
    mine = filters.BooleanFilter(method="filter_mine", help_text=_("Only the requests you proposed."))

    class Meta:
        model = ChangeRequest
        fields = ["status", "kind", "element", "steward", "mine"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(proposed_by=user) if value else queryset.exclude(proposed_by=user)
