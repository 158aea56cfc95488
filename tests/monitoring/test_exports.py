"""CSV and XLSX exports open, and hold exactly the figures and lists the pages show."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.figures import DEFINITIONS, figures_compute

pytestmark = pytest.mark.django_db
KEYS = [definition.key for definition in DEFINITIONS]


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.MONITORING_CACHE_MINUTES = 0


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _as_text(value) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("role", ["monitor", "sibling"])
def test_figures_table_exports_equal_the_figures(register, bodies, users, role):
    client = Client()
    client.force_login(users[role])
    figures = figures_compute(user=users[role], body=bodies["province"])
    expected = [["01", bodies["province"].name_vi, *[figures.totals[key] for key in KEYS]]]
    expected += [[row.body.code, row.body.name_vi, *[row.values[key] for key in KEYS]] for row in figures.rows]
    url = reverse("monitoring:dashboard-export-body", args=["01", "csv"])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows[0]) == len(KEYS) + 2
    assert rows[1:] == [[_as_text(value) for value in row] for row in expected]
    sheet = _xlsx(client.get(reverse("monitoring:dashboard-export-body", args=["01", "xlsx"])))
    assert [list(row) for row in sheet[1:]] == expected


def test_list_exports_hold_the_listed_entries(register, users):
    client = Client()
    client.force_login(users["monitor"])
    rows = _csv(client.get(reverse("monitoring:list-export", args=["sync_overdue", "csv"]), {"sort": "identifier"}))
    identifiers = [row[0] for row in rows[1:]]
    count = figures_compute(user=users["monitor"]).totals["sync_overdue"]
    assert len(identifiers) == count and {"C-PUB", "O-INT"} <= set(identifiers)
    sheet = _xlsx(client.get(reverse("monitoring:list-export", args=["sync_overdue", "xlsx"])))
    assert [row[0] for row in sheet[1:]] == identifiers
    assert sheet[1][1] == "Cơ sở dữ liệu " + identifiers[0]  # Vietnamese text intact


def test_an_anonymous_export_leaves_out_what_it_may_not_see(register):
    rows = _csv(Client().get(reverse("monitoring:list-export", args=["databases_total", "csv"])))
    assert sorted(row[0] for row in rows[1:]) == ["C-PUB", "M-PUB", "P-PUB"]
