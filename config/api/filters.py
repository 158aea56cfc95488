"""Filter pieces shared by every register."""

import datetime

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """?ordering= as DRF's, except that an unknown field is a 400 naming the parameter instead
    of being silently ignored (a client would otherwise page in an order it did not ask for)."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if not raw:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
        unknown = [term for term in terms if term.lstrip("-") not in valid]
        if unknown or not terms:
            raise ValidationError({self.ordering_param: [
                _("Unknown ordering “%(terms)s”; use one of: %(valid)s.")
                % {"terms": ", ".join(unknown), "valid": ", ".join(sorted(valid))}]})
        return terms


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 date-time compared in UTC. PostgreSQL refuses offsets beyond ±15:59, which
    Python accepts (+21:53): sent as given, such a value was a 500 (found by tests/security's fuzzing)."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:  # 9999-12-31T23:00-05:00 is past the last representable moment
                raise ValidationError({"modified_since": [
                    _("This date-time is out of range.")]}) from None
        return super().filter(qs, value)


class ModifiedSinceFilterSet(filters.FilterSet):
    """modified_since: entries changed at or after an ISO 8601 date-time (a bad one is a 400
    naming the parameter, as django-filter reports it)."""

    modified_since = UtcDateTimeFilter(
        field_name="modified_at", lookup_expr="gte",
        help_text=_("Only entries changed at or after this ISO 8601 date-time, e.g. 2025-08-01T00:00:00+07:00."),
    )
