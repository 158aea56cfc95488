"""Checking the rows of an uploaded code list file (see dictionary.codelist_io for the format).

Nothing here writes: it turns the file's cells into checked rows, or into the list of everything
wrong with them, so the import can refuse a file without having touched the database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dictionary.codelist_io_read import RowError, cell_text
from dictionary.models import CodeList, CodeValue, CodeValueAlias

# PositiveIntegerField's range on PostgreSQL.
MAX_POSITION = 2_147_483_647

COLUMNS = ("code", "label_vi", "label_en", "parent_list", "parent_code",
           "effective_from", "effective_to", "position", "note")
ALIAS_PREFIX = "alias:"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")


@dataclass
class Row:
    line: int
    code: str = ""
    label_vi: str = ""
    label_en: str = ""
    parent_list: str = ""  # empty: the list being imported
    parent_code: str = ""
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    position: int = 0
    note: str = ""
    aliases: dict[str, str] = field(default_factory=dict)  # scheme -> code, "" to remove
    bad: set[str] = field(default_factory=set)  # columns that failed, so later checks skip them


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def _position(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = cell_text(value) or "0"
        if not _DIGITS.fullmatch(text):
            raise ValueError(text)
        number = int(text)
    if not 0 <= number <= MAX_POSITION:
        raise ValueError(number)
    return number


def header_check(header: list) -> tuple[dict[str, int], list[RowError]]:
    """Where each column is, and what is wrong with the header row."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        name = cell_text(cell)
        if name.lower() in COLUMNS:
            name = name.lower()
        elif name.lower().startswith(ALIAS_PREFIX):
            scheme = name[len(ALIAS_PREFIX):].strip()
            name = ALIAS_PREFIX + scheme
            if not scheme:
                errors.append(RowError(1, name, _("An alias column needs a numbering after “alias:”.")))
            elif len(scheme) > _max_length(CodeValueAlias, "scheme"):
                errors.append(RowError(1, name, _("The numbering name is longer than %(limit)s characters.")
                                       % {"limit": _max_length(CodeValueAlias, "scheme")}))
        elif name:
            errors.append(RowError(1, name, _("Unknown column.")))
            continue
        else:
            continue  # unnamed columns are allowed only while empty; see rows_parse
        if name in positions:
            errors.append(RowError(1, name, _("This column appears more than once.")))
        positions[name] = index
    for name in COLUMNS:
        if name not in positions:
            errors.append(RowError(1, name, _("Required column is missing.")))
    return positions, errors


def _length_check(row: Row, column: str, value: str, limit: int, errors: list[RowError]) -> str:
    if len(value) > limit:
        row.bad.add(column)
        errors.append(RowError(row.line, column, _("At most %(limit)s characters (this has %(length)s).")
                               % {"limit": limit, "length": len(value)}))
    return value


def row_parse(line: int, cells: list, positions: dict[str, int], errors: list[RowError]) -> Row:
    """One data row, each cell checked on its own; errors are appended to `errors`."""
    row = Row(line=line)
    named = set(positions.values())
    if any(cell_text(cell) for index, cell in enumerate(cells) if index not in named):
        errors.append(RowError(line, "", _("This row has values outside the named columns.")))

    def cell(name):
        index = positions[name]
        return cells[index] if index < len(cells) else None

    for name in ("code", "label_vi", "label_en", "parent_list", "parent_code", "note"):
        limit = _max_length(CodeList, "identifier") if name == "parent_list" else _max_length(
            CodeValue, "code" if name == "parent_code" else name)
        value = cell_text(cell(name))
        setattr(row, name, _length_check(row, name, value, limit, errors) if limit else value)
    if not row.code:
        errors.append(RowError(line, "code", _("The code is required.")))
    if not row.label_vi:
        errors.append(RowError(line, "label_vi", _("The Vietnamese label is required.")))
    if row.parent_list and not row.parent_code:
        errors.append(RowError(line, "parent_code", _("A parent code is required when a parent list is given.")))
    for name in ("effective_from", "effective_to"):
        try:
            setattr(row, name, _date(cell(name)))
        except ValueError:
            row.bad.add(name)
            errors.append(RowError(line, name, _("Not a date: write it as YYYY-MM-DD.")))
    if row.effective_from and row.effective_to and row.effective_to < row.effective_from:
        errors.append(RowError(line, "effective_to", _("Ends before it starts (%(start)s).")
                               % {"start": row.effective_from.isoformat()}))
    try:
        row.position = _position(cell("position"))
    except ValueError:
        errors.append(RowError(line, "position", _("Not a whole number from 0 to %(limit)s.")
                               % {"limit": MAX_POSITION}))
    for name in positions:
        if name.startswith(ALIAS_PREFIX):
            value = cell_text(cell(name))
            row.aliases[name[len(ALIAS_PREFIX):]] = _length_check(
                row, name, value, _max_length(CodeValueAlias, "code"), errors)
    return row


def rows_parse(table: list[list]) -> tuple[list[Row], list[RowError]]:
    """Check the header and every row on its own, and that codes are unique in the file."""
    positions, errors = header_check(table[0])
    if errors:
        return [], errors
    rows: list[Row] = []
    first_line: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell_text(cell) for cell in cells):
            continue  # blank lines, and the empty rows spreadsheets leave below the data
        row = row_parse(line, cells, positions, errors)
        if row.code in first_line:
            errors.append(RowError(line, "code", _("The code %(code)s is already on line %(line)s.")
                                   % {"code": row.code, "line": first_line[row.code]}))
            continue
        if row.code:
            first_line[row.code] = line
        rows.append(row)
    return rows, errors


def references_check(*, code_list: CodeList, rows: list[Row], stored_parents: dict[str, str | None],
                     other_lists: dict[str, dict[str, int]]) -> list[RowError]:
    """Every parent exists, and no value ends up above itself.

    stored_parents: code -> parent code (same list) of the values already stored, None when the
    parent is absent or in another list; other_lists: identifier -> {code: pk} of the other lists rows refer to."""
    errors: list[RowError] = []
    in_file = {row.code: row for row in rows if row.code}
    for row in rows:
        if not row.parent_code or row.bad & {"parent_list", "parent_code"}:
            continue
        if row.parent_list and row.parent_list != code_list.identifier:
            if row.parent_list not in other_lists:
                errors.append(RowError(row.line, "parent_list", _("There is no code list %(identifier)s.")
                                       % {"identifier": row.parent_list}))
            elif row.parent_code not in other_lists[row.parent_list]:
                errors.append(RowError(row.line, "parent_code", _("The list %(identifier)s has no code %(code)s.")
                                       % {"identifier": row.parent_list, "code": row.parent_code}))
        elif row.parent_code not in in_file and row.parent_code not in stored_parents:
            errors.append(RowError(row.line, "parent_code", _("No value %(code)s in this file or in this list.")
                                   % {"code": row.parent_code}))
    return errors + _cycles_check(code_list, in_file, stored_parents)


def row_local_parent(code_list: CodeList, row: Row) -> str | None:
    """The row's parent code when the parent is in the list being imported."""
    if row.parent_code and row.parent_list in ("", code_list.identifier):
        return row.parent_code
    return None


def _cycles_check(code_list: CodeList, in_file: dict[str, Row],
                  stored_parents: dict[str, str | None]) -> list[RowError]:
    # The tree after the import: the file's rows replace the stored ones with the same code.
    parent_of = dict(stored_parents)
    parent_of.update({code: row_local_parent(code_list, row) for code, row in in_file.items()})
    errors: list[RowError] = []
    settled: set[str] = set()  # codes known to lead to a root
    looped: set[str] = set()  # codes on a loop already reported
    for start in in_file:
        path, seen = [], set()
        code = start
        while code is not None and code not in settled and code not in looped and code not in seen:
            path.append(code)
            seen.add(code)
            code = parent_of.get(code)
        if code is None or code in settled:
            settled.update(path)
        elif code in seen:
            loop = path[path.index(code):]
            looped.update(loop)
            shown = " → ".join([*loop, code])
            errors.extend(RowError(in_file[member].line, "parent_code",
                                   _("These parents form a loop: %(loop)s.") % {"loop": shown})
                          for member in loop if member in in_file)
    return errors
