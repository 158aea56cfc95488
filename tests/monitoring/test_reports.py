"""The monthly report: its content for a known month, its files, regeneration with history, and
the Celery beat entry that produces it."""

import datetime
import io

import pytest
from celery.schedules import crontab
from django.utils import translation
from openpyxl import load_workbook

from catalog.models import ReviewState
from monitoring.models import FigureSnapshot, MonthlyReport, ReportFile
from monitoring.reports import month_parse, report_content, report_generate
from monitoring.snapshots import snapshots_take
from tests.monitoring.conftest import NOW

pytestmark = pytest.mark.django_db
FEBRUARY, MARCH = datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_snapshots_cover_the_nation_and_every_body(register, bodies):
    count = snapshots_take(month=MARCH, now=NOW)
    from architecture.models import Body
    assert count == Body.objects.count() + 1
    national = FigureSnapshot.objects.get(body__isnull=True, month=MARCH)
    assert national.figures["databases_total"] == 7
    assert [row[0] for row in national.lists["sync_overdue"]] == ["C-PUB", "O-INT"]
    assert FigureSnapshot.objects.get(body=bodies["province"], month=MARCH).figures["databases_total"] == 5
    assert FigureSnapshot.objects.get(body=bodies["commune"], month=MARCH).figures["databases_total"] == 3
    snapshots_take(month=MARCH, now=NOW)  # a second take replaces the first
    assert FigureSnapshot.objects.filter(month=MARCH).count() == count


def test_report_content_for_a_known_month(register, bodies, plans):
    snapshots_take(month=FEBRUARY, now=NOW - datetime.timedelta(days=30))
    # Between the two months C-INT is reviewed.
    database = register["c_internal"]
    database.review_state, database.reviewed_on = ReviewState.REVIEWED, datetime.date(2026, 3, 2)
    database.save()
    snapshots_take(month=MARCH, now=NOW)
    with translation.override("en"):
        content = report_content(month=MARCH)
    summary = {row[0]: row[1:] for row in content.summary}
    assert summary["Databases"] == [7, 7, 0]
    assert summary["Reviewed or standardized (%)"] == [57.1, 42.9, 14.2]
    assert [row[:2] for row in content.by_province] == [["01", "Thành phố Hà Nội"]]
    assert content.by_province[0][2] == 5
    assert [row[0] for row in content.by_ministry] == ["GOV-M02", "GOV-M13", "GOV-ML3"]
    late = {(row[0], row[2]) for row in content.late}  # list, identifier, name…
    assert ("Synchronization overdue", "Cơ sở dữ liệu C-PUB") in late and ("Milestones late", "Rà soát (Hà Nội)") in late
    assert ["Thành phố Hà Nội", "Reviewed or standardized (%)", 40.0, 60.0] in content.changes
    assert not [row for row in content.changes if row[0] == "Bộ Y tế"]  # nothing changed there


def test_generated_files_open_and_hold_the_figures(register, bodies):
    report = report_generate(month=MARCH, now=NOW)
    workbook = load_workbook(io.BytesIO(report.xlsx.read()))
    # Written in Vietnamese, the site's language: summary, ministries, provinces, late list, changes.
    assert len(workbook.sheetnames) == 5
    assert workbook.worksheets[0]["A1"].value == "Báo cáo tiến độ hằng tháng, 03/2026"
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert summary["Cơ sở dữ liệu"] == 7
    provinces = list(workbook.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert provinces[0][:3] == ("01", "Thành phố Hà Nội", 5)
    pdf = report.pdf.read()
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf  # the embedded font that prints Vietnamese


def test_regenerating_a_month_replaces_it_and_keeps_the_earlier_files(register, users):
    first = report_generate(month=MARCH, now=NOW)
    first_xlsx = first.xlsx.name
    second = report_generate(month=MARCH, user=users["monitor"], now=NOW + datetime.timedelta(hours=1))
    assert MonthlyReport.objects.count() == 1 and second.pk == first.pk
    assert second.xlsx.name != first_xlsx and second.generated_by == users["monitor"]
    files = list(ReportFile.objects.filter(report=second).order_by("generated_at"))
    assert len(files) == 2
    assert files[0].replaced_at is not None and files[0].xlsx.name == first_xlsx
    assert files[0].xlsx.storage.exists(first_xlsx)  # the earlier file is still stored
    assert files[1].replaced_at is None


def test_a_past_month_is_reproduced_from_its_snapshot(register):
    """Regenerating an old month reads the snapshot it had, not today's register."""
    snapshots_take(month=datetime.date(2025, 12, 1), now=NOW - datetime.timedelta(days=90))
    register["m_public"].delete()
    report_generate(month=datetime.date(2025, 12, 1), now=NOW)
    assert report_content(month=datetime.date(2025, 12, 1)).summary[0][1] == 7


def test_month_parse():
    assert month_parse("2026-03") == MARCH
    assert month_parse("2026-13") is None and month_parse("march") is None and month_parse("") is None


def test_the_monthly_task_is_registered_with_beat_and_runs(register, settings):
    from config.celery import app
    from monitoring import tasks

    entry = app.conf.beat_schedule["monitoring-monthly-report"]
    assert entry["task"] == "monitoring.tasks.monthly_report_generate"
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].day_of_month == {1}
    assert settings.CELERY_TASK_ALWAYS_EAGER
    result = tasks.monthly_report_generate.delay("2026-03").get()
    assert result["month"] == "2026-03"
    assert MonthlyReport.objects.get(month=MARCH).pdf.name == result["pdf"]
    # Without a month it reports on the month that just ended.
    previous = tasks.monthly_report_generate.delay().get()["month"]
    assert MonthlyReport.objects.filter(month=month_parse(previous)).exists()
