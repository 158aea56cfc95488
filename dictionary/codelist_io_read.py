"""Reading an uploaded code list file into rows of raw cells (see dictionary.codelist_io for the
format), with the limits that keep a hostile upload from exhausting the server."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from typing import NamedTuple

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
# Declared sizes of the parts of an XLSX; Python's zipfile stops reading a part at its declared
# size and fails on a CRC mismatch, so a zip bomb cannot lie its way past this cap.
MAX_XLSX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024

# OWASP "CSV injection": spreadsheets run a cell starting with one of these as a formula.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_PROTECTED = re.compile(r"'+[=+\-@\t\r]")
# Control characters never found in a text file; decoded binary is full of them.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class RowError(NamedTuple):
    line: int  # 1 is the header row, 0 the file as a whole
    column: str
    reason: str


def cell_protect(text: str) -> str:
    """Text as a spreadsheet may receive it. Control characters go (XML cannot carry them, and
    the import refuses them), before the check, so none can hide a formula behind it. A formula
    gets an apostrophe in front, so a spreadsheet shows it instead of running it; text already
    starting with apostrophes before such a character gets one more, so that cell_unprotect
    gives back exactly the stored text."""
    text = _NOT_TEXT.sub("", text)
    return "'" + text if _FORMULA_START.match(text) else text


def cell_unprotect(text: str) -> str:
    return text[1:] if _PROTECTED.match(text) else text


def cell_text(value) -> str:
    """A cell as text: spreadsheets turn codes such as 01 into numbers and dates into dates, so
    undo that; the formula guard written on export is taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return cell_unprotect(str(value).strip())


def table_read(*, data: bytes, fmt: str) -> tuple[list[list], list[RowError]]:
    """The file's rows as lists of raw cell values (header first), or why it cannot be read."""
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        return [], [RowError(0, "", _("The file is larger than %(limit)s MB.") % {"limit": limit})]
    rows, errors = _xlsx_read(data) if fmt == "xlsx" else _csv_read(data)
    if not errors and not rows:
        errors = [RowError(0, "", _("The file is empty: it needs at least the header row."))]
    return rows, errors


def _too_many_rows() -> RowError:
    return RowError(0, "", _("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})


def _too_many_columns() -> RowError:
    return RowError(0, "", _("The file has more than %(limit)s columns.") % {"limit": MAX_COLUMNS})


def _csv_read(data: bytes) -> tuple[list[list], list[RowError]]:
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = None
    if text is None or _NOT_TEXT.search(text):
        return [], [RowError(0, "", _(
            "The file is not readable text. Save it as CSV in UTF-8 (with or without BOM) or UTF-16 with a BOM."
        ))]
    first_line = text.split("\n", 1)[0]
    # Excel writes ";" where the decimal mark is a comma (as in Vietnamese) and tabs in UTF-16.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows: list[list] = []
    # strict: a quote left open at the end (a truncated file) or stray text after a closing quote is
    # an error of that row, not a silently merged cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            if len(rows) > MAX_ROWS:
                return [], [_too_many_rows()]
            if len(row) > MAX_COLUMNS:
                return [], [_too_many_columns()]
            rows.append(row)
    except csv.Error as error:
        return [], [RowError(len(rows) + 1, "", _("This row cannot be read: %(error)s") % {"error": error})]
    return rows, []


def _xlsx_read(data: bytes) -> tuple[list[list], list[RowError]]:
    import openpyxl

    refused = [RowError(0, "", _("The file is not a valid XLSX workbook."))]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(part.file_size for part in archive.infolist()) > MAX_XLSX_UNCOMPRESSED_BYTES:
                limit = MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024)
                return [], [RowError(0, "", _("The workbook unpacks to more than %(limit)s MB.") % {"limit": limit})]
    except zipfile.BadZipFile:
        return [], refused
    rows: list[list] = []
    # Broad on purpose: openpyxl raises many kinds of errors on a damaged or hostile workbook,
    # and every one of them means the same thing to the person uploading it.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # The size a sheet declares may lie; trusted, it would pad every row to 16,384 cells.
            sheet.reset_dimensions()
            for row in sheet.iter_rows(values_only=True):
                if len(rows) > MAX_ROWS:
                    return [], [_too_many_rows()]
                row = list(row)
                while row and row[-1] is None:
                    row.pop()
                if len(row) > MAX_COLUMNS:
                    return [], [_too_many_columns()]
                rows.append(row)
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001
        return [], refused
    return rows, []
