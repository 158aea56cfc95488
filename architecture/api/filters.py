"""Filters of the register of bodies."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from architecture.api.search import folded_search
from architecture.models import Body, BodyKind, BodyLevel
from config.api.filters import ModifiedSinceFilterSet


def body_by_code(code: str, *, parameter: str, level: str | None = None) -> Body:
    """The body a filter names, or a 400 naming the parameter (bodies are public: saying that a
    code is unknown leaks nothing)."""
    body = Body.objects.filter(code=code).only("path", "level").first()
    if body is None or (level is not None and body.level != level):
        raise ValidationError({parameter: [_("No body has the code “%(code)s”.") % {"code": code}
                                           if body is None else
                                           _("“%(code)s” is not a province.") % {"code": code}]})
    return body


def under_body(queryset, *, path_field: str, code: str, parameter: str, level: str | None = None):
    """Entries of the body and of every body under it, by the materialized path.

    The bodies are read first and the entries filtered by their ids: joined on `path LIKE 'x/%'`,
    PostgreSQL cannot estimate how many entries match and walks the whole register in id order
    (10-20 ms at 20,000 databases for a province); with the ids it uses the owner index (~1 ms)."""
    body = body_by_code(code, parameter=parameter, level=level)
    if path_field == "path":
        return queryset.filter(path__startswith=body.path)
    owner_field = path_field.removesuffix("__path")
    bodies = list(Body.objects.filter(path__startswith=body.path).values_list("id", flat=True))
    return queryset.filter(**{f"{owner_field}__in": bodies})


class BodyFilter(ModifiedSinceFilterSet):
    body = filters.CharFilter(method="filter_body", help_text=_("A body code: that body and every body under it."))
    province = filters.CharFilter(method="filter_province",
                                  help_text=_("A province code: the province and its communes."))
    kind = filters.ChoiceFilter(choices=BodyKind.choices)
    level = filters.ChoiceFilter(choices=BodyLevel.choices)
    parent = filters.CharFilter(field_name="parent__code", help_text=_("The code of the parent body."))
    q = filters.CharFilter(method="filter_q", help_text=_("Words of the name or code, ignoring diacritics and case."))

    class Meta:
        model = Body
        fields = ["body", "province", "kind", "level", "parent", "q", "modified_since"]

    def filter_body(self, queryset, name, value):
        return under_body(queryset, path_field="path", code=value, parameter=name)

    def filter_province(self, queryset, name, value):
        return under_body(queryset, path_field="path", code=value, parameter=name, level=BodyLevel.PROVINCIAL)

    def filter_q(self, queryset, name, value):
        return queryset.filter(folded_search(value, "code", "name_vi", "name_en", "short_name"))
