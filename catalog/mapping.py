"""How a registered field is checked against the Shared Data Dictionary element it maps to.

Each rule is written twice on purpose, side by side: as a database filter (so coverage figures
over two million fields are one aggregate query) and as a check on one field (so a page can say
why). tests/catalog/test_mapping.py proves the two agree on every case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dictionary.models import Datatype

TEXT_TYPES = (Datatype.STRING, Datatype.TEXT)


@dataclass(frozen=True)
class MismatchRule:
    code: str
    broken: Q  # on Field rows: the field breaks the rule of its element
    check: Callable  # (field, element) -> bool, True when broken
    message: Callable  # (field, element) -> str


RULES = [
    MismatchRule(
        code="datatype",
        broken=~Q(datatype=F("element__datatype")),
        check=lambda field, element: field.datatype != element.datatype,
        message=lambda field, element: _("datatype is “%(field)s”; the element requires “%(element)s”") % {
            "field": field.get_datatype_display(), "element": element.get_datatype_display()},
    ),
    MismatchRule(
        code="length",
        broken=Q(element__max_length__isnull=False, datatype__in=TEXT_TYPES)
        & (Q(length__isnull=True) | Q(length__gt=F("element__max_length"))),
        check=lambda field, element: element.max_length is not None and field.datatype in TEXT_TYPES
        and (field.length is None or field.length > element.max_length),
        message=lambda field, element: _("length %(field)s exceeds the element's maximum of %(max)s") % {
            "field": field.length if field.length is not None else _("(not declared)"), "max": element.max_length},
    ),
]

def _any_rule_broken() -> Q:
    broken = Q()
    for rule in RULES:
        broken |= rule.broken
    return broken


MISMATCHED = Q(element__isnull=False) & _any_rule_broken()


def field_mismatches(field, element=None) -> list[str]:
    """Why `field` does not fit its element (or `element`), as readable sentences; empty when it fits."""
    element = element or field.element
    if element is None:
        return []
    return [str(rule.message(field, element)) for rule in RULES if rule.check(field, element)]
