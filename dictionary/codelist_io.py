"""Export a code list to CSV or XLSX, and import it back, all or nothing.

The file: one row per value, the header in row 1, with the columns

    code, label_vi, label_en, parent_list, parent_code, effective_from, effective_to,
    position, note, and one "alias:<numbering>" column per alias numbering

- The nine named columns are all required, in any order, so that an empty cell always means
  "empty" and never "column forgotten"; code and label_vi may not be empty.
- parent_list is the identifier of the code list the parent is in, empty for the same list
  (a commune's parent is in the provinces list); parent_code is the parent's code.
- Dates are ISO 8601, YYYY-MM-DD; an XLSX may also hold them as date cells.
- position is a whole number (empty means 0); the export sorts by position, then code.
- CSV is written in UTF-8 with a BOM, so Excel shows Vietnamese correctly. Read back: UTF-8
  with or without BOM, or UTF-16 with a BOM; the separator is ",", ";" or tab, whichever the
  header row uses (Excel's choice depends on the language settings). For Excel users XLSX is
  safer: Excel drops the leading zeros of codes such as 01 when it opens a CSV.
- XLSX: the first worksheet. At most 20 MB and 200,000 rows per file, either format.
- A text cell starting with = + - @, tab or CR gets an apostrophe in front, so a spreadsheet
  shows it instead of running it as a formula (OWASP, "CSV Injection"); the import removes that
  one apostrophe, so an exported file imports back unchanged.

Import rules: the whole file is checked first, and any error means nothing is stored. Errors
name the row as a spreadsheet numbers it (1 is the header, 0 the file as a whole; a CSV cell
holding a line break does not add a row) and the column. A parent must be in the file or
already in its list, and parents may not form a loop. A clean file is stored in one transaction:
new codes are created, changed values updated (with a history row), the others left alone.
Values of the list missing from the file are ended (effective_to set to today, or to their
first day if they start later), never deleted, since databases may still hold their codes;
values already ended keep their date. An alias column replaces that numbering's aliases (an
empty cell removes one); numberings without a column are left as they are.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from architecture import access
from dictionary.codelist_io_check import ALIAS_PREFIX, COLUMNS, Row, references_check, row_local_parent, rows_parse
from dictionary.codelist_io_read import MAX_ROWS, MAX_UPLOAD_BYTES, RowError, cell_protect, table_read
from dictionary.models import CodeList, CodeValue, CodeValueAlias

__all__ = ["FORMATS", "MAX_ROWS", "MAX_UPLOAD_BYTES", "ImportReport", "RowError",
           "code_list_export", "code_list_import", "code_list_may_import"]

FORMATS = ("csv", "xlsx")
# Rows per INSERT/UPDATE: a few queries for a whole list, none of them huge.
BATCH_SIZE = 500
VALUE_FIELDS = ["label_vi", "label_en", "parent", "effective_from", "effective_to", "position", "note"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0  # values missing from the file, given an end date
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _format_check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; expected one of {FORMATS}.")


# --- Export


def _value_cells(value: CodeValue, code_list: CodeList, schemes: list[str]) -> list:
    parent = value.parent
    parent_list = parent.code_list.identifier if parent and parent.code_list_id != code_list.pk else ""
    aliases = {alias.scheme: alias.code for alias in value.aliases.all()}
    return [value.code, value.label_vi, value.label_en, parent_list, parent.code if parent else "",
            value.effective_from, value.effective_to, value.position, value.note,
            *(aliases.get(scheme, "") for scheme in schemes)]


def _csv_write(table: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in table:
        writer.writerow(["" if cell is None else cell.isoformat() if isinstance(cell, datetime.date) else cell
                         for cell in row])
    return out.getvalue().encode("utf-8-sig")


def _xlsx_write(table: list[list], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # Excel's limit on sheet names
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def code_list_export(*, code_list: CodeList, fmt: str) -> bytes:
    _format_check(fmt)
    values = list(code_list.values.select_related("parent__code_list").prefetch_related("aliases")
                  .order_by("position", "code"))
    schemes = sorted({alias.scheme for value in values for alias in value.aliases.all()})
    table = [[*COLUMNS, *(ALIAS_PREFIX + scheme for scheme in schemes)]]
    table += [_value_cells(value, code_list, schemes) for value in values]
    table = [[cell_protect(cell) if isinstance(cell, str) else cell for cell in row] for row in table]
    return _csv_write(table) if fmt == "csv" else _xlsx_write(table, code_list.identifier)


# --- Import


def code_list_may_import(user, code_list: CodeList) -> bool:
    """Decided by architecture.access.can_steward: the steward's editors and reviewers."""
    return access.can_steward(user, code_list.steward)


def _other_lists_load(code_list: CodeList, rows: list[Row]) -> dict[str, dict[str, int]]:
    """identifier -> {code: pk} of every other list the file names as a parent list."""
    identifiers = {row.parent_list for row in rows if row.parent_list and row.parent_list != code_list.identifier}
    found: dict[str, dict[str, int]] = {
        identifier: {} for identifier in CodeList.objects.filter(identifier__in=identifiers)
        .values_list("identifier", flat=True)
    }
    for identifier, code, pk in CodeValue.objects.filter(code_list__identifier__in=found).values_list(
            "code_list__identifier", "code", "pk"):
        found[identifier][code] = pk
    return found


def code_list_import(*, code_list: CodeList, data: bytes, fmt: str, user) -> ImportReport:
    """Check the whole file, then store all of it or none of it (see the module docstring)."""
    if not code_list_may_import(user, code_list):
        raise PermissionDenied(_("You may not change this code list."))
    _format_check(fmt)
    table, errors = table_read(data=data, fmt=fmt)
    if errors:
        return ImportReport(errors=errors)
    rows, errors = rows_parse(table)
    if any(error.line == 1 for error in errors):
        return ImportReport(errors=errors)  # without a usable header, the rows mean nothing
    with transaction.atomic():
        # One import of a list at a time, so the checks below still hold when the rows are stored.
        code_list = CodeList.objects.select_for_update().get(pk=code_list.pk)
        stored = {value.code: value for value in CodeValue.objects.filter(code_list=code_list)}
        code_by_pk = {value.pk: code for code, value in stored.items()}
        stored_parents = {code: code_by_pk.get(value.parent_id) for code, value in stored.items()}
        other_lists = _other_lists_load(code_list, rows)
        errors += references_check(code_list=code_list, rows=rows, stored_parents=stored_parents,
                                   other_lists=other_lists)
        if errors:
            return ImportReport(errors=sorted(errors, key=lambda error: error.line))
        return _rows_apply(code_list=code_list, rows=rows, stored=stored, other_lists=other_lists,
                           user=user, reason=f"Import ({fmt})")


def _creation_levels(code_list: CodeList, new_rows: list[Row]) -> list[list[Row]]:
    """New rows grouped so that each group's parents already exist once the groups before it are
    stored: every value then gets its parent at creation, in a single history row."""
    new = {row.code: row for row in new_rows}
    depth: dict[str, int] = {}
    for row in new_rows:
        chain, code = [], row.code
        while code in new and code not in depth:
            chain.append(code)
            code = row_local_parent(code_list, new[code])
        base = depth.get(code, -1)
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    levels: dict[int, list[Row]] = {}
    for row in new_rows:
        levels.setdefault(depth[row.code], []).append(row)
    return [levels[level] for level in sorted(levels)]


def _row_fields(row: Row) -> dict:
    return {"label_vi": row.label_vi, "label_en": row.label_en, "effective_from": row.effective_from,
            "effective_to": row.effective_to, "position": row.position, "note": row.note}


def _rows_apply(*, code_list: CodeList, rows: list[Row], stored: dict[str, CodeValue],
                other_lists: dict[str, dict[str, int]], user, reason: str) -> ImportReport:
    history = {"batch_size": BATCH_SIZE, "default_user": user, "default_change_reason": reason}
    values = dict(stored)

    def parent_id(row: Row) -> int | None:
        local = row_local_parent(code_list, row)
        if local is not None:
            return values[local].pk
        return other_lists[row.parent_list][row.parent_code] if row.parent_code else None

    stored_aliases = {(alias.value_id, alias.scheme): alias
                      for alias in CodeValueAlias.objects.filter(value__code_list=code_list)}
    report = ImportReport()
    for level in _creation_levels(code_list, [row for row in rows if row.code not in stored]):
        created = bulk_create_with_history(
            [CodeValue(code_list=code_list, code=row.code, parent_id=parent_id(row), **_row_fields(row))
             for row in level], CodeValue, **history)
        values.update((value.code, value) for value in created)
        report.created += len(created)

    changed = []
    for row in rows:
        value = stored.get(row.code)
        wanted = {**_row_fields(row), "parent_id": parent_id(row)}
        if value is not None and any(getattr(value, name) != new for name, new in wanted.items()):
            for name, new in wanted.items():
                setattr(value, name, new)
            changed.append(value)
    if changed:
        bulk_update_with_history(changed, CodeValue, fields=VALUE_FIELDS, **history)

    in_file = {row.code for row in rows}
    today = timezone.localdate()
    ended = [value for code, value in stored.items() if code not in in_file and value.effective_to is None]
    for value in ended:
        # A value not yet in force cannot end before it starts: it ends on its first day.
        value.effective_to = max(today, value.effective_from or today)
    if ended:
        bulk_update_with_history(ended, CodeValue, fields=["effective_to"], **history)

    alias_changed = _aliases_apply(rows=rows, values=values, stored_aliases=stored_aliases)
    report.updated = len({value.code for value in changed} | (alias_changed & stored.keys()))
    report.unchanged = len(in_file & stored.keys()) - report.updated
    report.ended = len(ended)
    return report


def _aliases_apply(*, rows: list[Row], values: dict[str, CodeValue],
                   stored_aliases: dict[tuple[int, str], CodeValueAlias]) -> set[str]:
    """Bring the aliases of the file's numberings in line with it; the codes whose aliases changed."""
    to_create, to_update, to_delete, changed = [], [], [], set()
    for row in rows:
        value = values[row.code]
        for scheme, code in row.aliases.items():
            alias = stored_aliases.get((value.pk, scheme))
            if alias is None and code:
                to_create.append(CodeValueAlias(value=value, scheme=scheme, code=code))
            elif alias is not None and not code:
                to_delete.append(alias.pk)
            elif alias is not None and alias.code != code:
                alias.code = code
                to_update.append(alias)
            else:
                continue
            changed.add(row.code)
    CodeValueAlias.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    CodeValueAlias.objects.bulk_update(to_update, ["code"], batch_size=BATCH_SIZE)
    for start in range(0, len(to_delete), BATCH_SIZE):
        CodeValueAlias.objects.filter(pk__in=to_delete[start:start + BATCH_SIZE]).delete()
    return changed
