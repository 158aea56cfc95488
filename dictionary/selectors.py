"""Reads of the Shared Data Dictionary."""

from __future__ import annotations

from django.db.models import Q

from architecture.text import fold
from dictionary.models import DataElement, ItemStatus

# Elements a field may be mapped to: the ones in force or on their way there.
MAPPABLE_STATUSES = (ItemStatus.VALID, ItemStatus.SUGGESTED)
CANDIDATES = 200


def element_suggest(*, name: str, limit: int = 5) -> list[DataElement]:
    """Elements whose name or synonyms resemble a field name, best first, ignoring diacritics,
    case and the separators of column names ("ngay_sinh", "NgaySinh" and "ngày sinh" all find
    "Ngày sinh")."""
    words = fold(name.replace("_", " ").replace("-", " ").replace(".", " ")).split()
    if not words:
        return []
    phrase, compact = " ".join(words), "".join(words)
    matches = Q(search_text__contains=compact)
    for word in words:
        if len(word) >= 2:
            matches |= Q(search_text__contains=word)
    candidates = DataElement.objects.filter(matches, status__in=MAPPABLE_STATUSES)[:CANDIDATES]

    def score(element: DataElement) -> tuple:
        names = [fold(element.name_vi), fold(element.name_en), *(fold(s) for s in element.synonym_list())]
        exact = phrase in names or compact in {n.replace(" ", "") for n in names}
        tokens = set(element.search_text.split())
        shared = sum(word in tokens for word in words)
        return (exact, phrase in element.search_text, shared / len(words), -len(element.name_vi))

    ranked = sorted(candidates, key=score, reverse=True)
    return [element for element in ranked if score(element)[:3] != (False, False, 0)][:limit]
