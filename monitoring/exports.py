"""CSV and XLSX downloads of any table the dashboard shows (figures or a list)."""

from __future__ import annotations

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from dictionary.codelist_io_read import cell_protect

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    """Datetimes in local time without the zone (spreadsheets cannot hold one); None as empty."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str):  # a name starting with = + - @ would run as a formula: shown as text
        return cell_protect(value)
    return "" if value is None else value


def _csv_text(value):
    return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value


def table_csv_bytes(headers: list, rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_plain(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(_plain(value)) for value in row])
    # The byte-order mark tells spreadsheet programs the file is UTF-8 (Vietnamese diacritics).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_fill(sheet, headers: list, rows: list[list]) -> None:
    sheet.append([_plain(str(header)) for header in headers])
    for row in rows:
        sheet.append([_plain(value) for value in row])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(50, len(str(header)) + 2))


def table_xlsx_bytes(headers: list, rows: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet_fill(sheet, headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(headers: list, rows: list[list], *, fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(table_csv_bytes(headers, rows), content_type=CSV_TYPE)
    else:
        response = HttpResponse(table_xlsx_bytes(headers, rows, filename), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
