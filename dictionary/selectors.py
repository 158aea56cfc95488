"""Reads of the Shared Data Dictionary."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Length

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
    mappable = DataElement.objects.filter(status__in=MAPPABLE_STATUSES)
    # Elements holding the whole name first, then those sharing one of its words: at 50,000
    # elements a common word ("ngay") matches thousands, and the closest must not be cut away.
    # Shorter names first within each group: "Ngày sinh" before "Ngày sinh của người đại diện".
    strong = Q(search_text__contains=phrase) | Q(search_text__contains=compact)
    candidates = list(mappable.filter(strong).order_by(Length("name_vi"), "identifier")[:CANDIDATES])
    if len(candidates) < CANDIDATES:
        weak = Q()
        for word in words:
            if len(word) >= 2:
                weak |= Q(search_text__contains=word)
        if weak:
            candidates += list(mappable.filter(weak).exclude(strong).order_by(Length("name_vi"), "identifier")
                               [:CANDIDATES - len(candidates)])

    def score(element: DataElement) -> tuple:
        names = [fold(element.name_vi), fold(element.name_en), *(fold(s) for s in element.synonym_list())]
        exact = phrase in names or compact in {n.replace(" ", "") for n in names}
        tokens = set(element.search_text.split())
        shared = sum(word in tokens for word in words)
        return (exact, phrase in element.search_text, shared / len(words), -len(element.name_vi))

    ranked = sorted(candidates, key=score, reverse=True)
    return [element for element in ranked if score(element)[:3] != (False, False, 0)][:limit]
