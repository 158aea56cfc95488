"""Exports: a cell starting with = + - @ is written as text (formula injection), in every CSV and
XLSX the registry produces; exports a signed-in reader makes (who may see restricted entries) go
to the audit log."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from architecture.access import AccessLevel
from architecture.models import AuditEvent, AuditKind
from dictionary.models import CodeList, CodeValue, ItemStatus
from tests.conftest import make_database

FORMULAS = ['=HYPERLINK("http://attacker.example","Bấm")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(cells):
    for formula in FORMULAS:
        assert formula not in cells  # never as written
        assert "'" + formula in cells  # but shown, as text


@pytest.fixture
def hostile_databases(bodies):
    for number, name in enumerate(FORMULAS):
        make_database(bodies["commune"], f"CSDL-F{number}", access_level=AccessLevel.RESTRICTED, name_vi=name)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_monitoring_list_exports_escape_formulas(client, users, hostile_databases, fmt):
    client.force_login(users["monitor"])
    url = reverse("monitoring:list-export", kwargs={"name": "databases_total", "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    cells = csv_cells(response.content) if fmt == "csv" else xlsx_cells(response.content)
    assert_no_formula(cells)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_code_list_exports_escape_formulas(client, bodies, fmt):
    code_list = CodeList.objects.create(identifier="ds", name_vi="Danh sách", steward=bodies["ministry"],
                                        status=ItemStatus.VALID)
    for number, label in enumerate(FORMULAS):
        CodeValue.objects.create(code_list=code_list, code=str(number), label_vi=label, position=number)
    response = client.get(f"/dictionary/code-lists/ds/export.{fmt}")
    assert response.status_code == 200
    assert_no_formula(csv_cells(response.content) if fmt == "csv" else xlsx_cells(response.content))


@pytest.mark.django_db
def test_a_signed_in_export_is_audited(client, users, hostile_databases):
    client.force_login(users["monitor"])
    client.get(reverse("monitoring:list-export", kwargs={"name": "databases_total", "fmt": "csv"}))
    client.get(reverse("monitoring:dashboard-export", kwargs={"fmt": "xlsx"}))
    events = AuditEvent.objects.filter(kind=AuditKind.EXPORT, user=users["monitor"]).order_by("pk")
    assert [event.target.split(".")[-1] for event in events] == ["csv", "xlsx"]
    assert events[0].detail == {"rows": len(FORMULAS)}


@pytest.mark.django_db
def test_an_anonymous_export_of_public_entries_is_not(client, hostile_databases):
    client.get(reverse("monitoring:list-export", kwargs={"name": "databases_total", "fmt": "csv"}))
    assert not AuditEvent.objects.filter(kind=AuditKind.EXPORT).exists()


@pytest.mark.django_db
def test_the_whole_catalog_streamed_to_a_signed_in_reader_is_audited(client, users, hostile_databases):
    client.force_login(users["owner"])
    response = client.get("/catalog.ttl?page_size=all")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [event] = AuditEvent.objects.filter(kind=AuditKind.EXPORT)
    assert event.user == users["owner"] and "text/turtle" in event.target


def test_the_monthly_report_sheets_escape_formulas_too():
    """monitoring.reports writes its XLSX through sheet_fill, as the dashboard's exports do."""
    from monitoring.exports import sheet_fill

    book = openpyxl.Workbook()
    sheet_fill(book.active, ["=header"], [[formula] for formula in FORMULAS])
    cells = [cell.value for row in book.active.iter_rows() for cell in row]
    assert cells[0] == "'=header"
    assert_no_formula(cells)
