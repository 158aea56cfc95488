"""Text helpers shared by every layer."""

import unicodedata

from django.core.exceptions import ValidationError

# "đ" is a letter of its own in Unicode, not "d" with a mark: decomposition leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case `text` without Vietnamese diacritics, so "Ngày sinh" and "ngay sinh" compare equal."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())


def validation_text(error: ValidationError) -> str:
    """A ValidationError as one line for a report: "field: message; other: message"."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
