"""Text search that ignores Vietnamese diacritics and case, on columns that hold raw text.

Each query word is folded (architecture.text.fold) and turned into a regular expression in which
every letter is the class of all the letters that fold to it ("o" matches o, ó, ồ, ợ, Ơ…), with
combining marks allowed after it for text stored decomposed. A row matches when every word is
found in one of the columns. The regex is understood alike by PostgreSQL (~) and by SQLite
(Django's REGEXP, Python's re), and no column needs a stored folded copy; the price is a scan of
the (already filtered) rows, fine for thousands of rows, not for millions: the big registers
should add a folded, indexed search column (as DataElement.search_text).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from architecture.text import fold

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
# Latin letters with diacritics, Vietnamese's included (Latin-1 Supplement to Latin Extended
# Additional); "đ" folds to "d" by architecture.text.fold's own rule.
_LATIN = [chr(code) for code in range(0x00C0, 0x0250)] + [chr(code) for code in range(0x1E00, 0x1F00)]
_MARKS = "[\u0300-\u036f]*"


@cache
def _variants() -> dict[str, str]:
    classes: dict[str, set[str]] = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        classes[letter] = {letter, letter.upper()}
    for char in _LATIN:
        folded = fold(char)
        if len(folded) == 1 and folded in classes and unicodedata.category(char).startswith("L"):
            classes[folded] |= {char, char.upper(), char.lower()}
    return {letter: "[" + "".join(sorted(chars)) + "]" + _MARKS for letter, chars in classes.items()}


def folded_pattern(word: str) -> str:
    """A regex matching `word` (already folded) with any diacritics and case."""
    variants = _variants()
    return "".join(variants.get(char) or re.escape(char) for char in word)


def query_words(query: str, *, parameter: str = "q") -> list[str]:
    words = fold(query).split()
    if len(words) > MAX_WORDS or any(len(word) > MAX_WORD_LENGTH for word in words):
        raise ValidationError({parameter: [_("Search with at most %(words)d words of at most %(chars)d characters.")
                                           % {"words": MAX_WORDS, "chars": MAX_WORD_LENGTH}]})
    return words


def folded_search(query: str, *columns: str, parameter: str = "q") -> Q:
    """A filter keeping rows where every word of `query` appears in one of `columns`."""
    condition = Q()
    for word in query_words(query, parameter=parameter):
        pattern = folded_pattern(word)
        any_column = Q()
        for column in columns:
            any_column |= Q(**{f"{column}__regex": pattern})
        condition &= any_column
    return condition
