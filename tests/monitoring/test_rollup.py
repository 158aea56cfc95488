"""Roll-up arithmetic on the fixture of tests/monitoring/conftest.py (bodies two levels deep)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from architecture.models import Body
from catalog.models import Field, Table
from monitoring.figures import EVERYTHING, FAMILIES, figures_compute
from tests.monitoring.conftest import NOW

pytestmark = pytest.mark.django_db


def _rows(figures):
    return {(row.body.code, row.own): row.values for row in figures.rows}


def test_national_totals_count_every_body_below(register):
    totals = figures_compute(user=EVERYTHING, now=NOW).totals
    assert totals["databases_total"] == 7
    assert (totals["kind_national"], totals["kind_specialized"], totals["kind_local"]) == (1, 1, 5)
    assert totals["review_reviewed"] == 2 and totals["review_standardized"] == 1 and totals["review_submitted"] == 1
    assert totals["reviewed_share"] == round(100 * 3 / 7, 1)
    assert totals["sync_overdue"] == 2  # C-PUB (real time, an hour old) and O-INT (in operation, never)
    assert totals["sync_ok"] == 1  # P-PUB, daily, two hours old
    assert totals["sync_share"] == round(100 * 3 / 7, 1)


def test_national_breakdown_has_one_row_per_top_level_body_and_sums_to_the_totals(register, bodies):
    figures = figures_compute(user=EVERYTHING, now=NOW)
    rows = _rows(figures)
    assert set(rows) == {(code, False) for code in Body.objects.filter(parent__isnull=True).values_list("code", flat=True)}
    assert rows[("01", False)]["databases_total"] == 5  # the province and both communes
    assert rows[("GOV-M13", False)]["databases_total"] == 1
    for key in ("databases_total", "review_reviewed", "sync_overdue", "access_restricted"):
        assert sum(row.values[key] for row in figures.rows) == figures.totals[key]


def test_province_view_rolls_up_its_communes_and_keeps_its_own_entries_apart(register, bodies):
    figures = figures_compute(user=EVERYTHING, body=bodies["province"], now=NOW)
    rows = _rows(figures)
    assert figures.totals["databases_total"] == 5
    assert rows[("01", True)]["databases_total"] == 1  # its own P-PUB
    assert rows[("00004", False)]["databases_total"] == 3
    assert rows[("00008", False)]["databases_total"] == 1
    assert rows[("00004", False)]["reviewed_share"] == round(100 * 2 / 3, 1)
    assert rows[("00008", False)]["sync_overdue"] == 1


def test_commune_view_has_no_children_and_only_its_databases(register, bodies):
    figures = figures_compute(user=EVERYTHING, body=bodies["commune"], now=NOW)
    assert figures.totals["databases_total"] == 3
    assert [(row.body.code, row.own) for row in figures.rows] == [("00004", True)]


def test_dictionary_coverage_rolls_up_fields(register, bodies):
    table = Table.objects.create(database=register["c_public"], name="cong_dan")
    Field.objects.create(table=table, name="ho_ten", datatype="string")
    Field.objects.create(table=table, name="ma_rieng", datatype="string", is_local=True, local_reason="riêng")
    other = Table.objects.create(database=register["p_public"], name="ho_so")
    Field.objects.create(table=other, name="so", datatype="string")
    province = figures_compute(user=EVERYTHING, body=bodies["province"], now=NOW)
    assert province.totals["fields_total"] == 3 and province.totals["fields_local"] == 1
    assert _rows(province)[("00004", False)]["fields_total"] == 2
    assert province.totals["coverage_share"] == 0.0


def test_one_grouped_query_per_family_whatever_the_number_of_children(register, bodies):
    with CaptureQueriesContext(connection) as queries:
        figures_compute(user=EVERYTHING, now=NOW)
    # One query per figure family, plus the list of child bodies and the age of the kept field
    # counts (monitoring.coverage).
    assert len(queries) == len(FAMILIES) + 2


def test_coverage_from_the_kept_field_counts_equals_counting_the_fields(register, bodies, settings):
    from django.utils import timezone

    from monitoring.coverage import field_counts_refresh

    table = Table.objects.create(database=register["c_public"], name="cong_dan")
    Field.objects.create(table=table, name="ho_ten", datatype="string")
    Field.objects.create(table=table, name="ma_rieng", datatype="string", is_local=True, local_reason="riêng")
    Field.objects.create(table=Table.objects.create(database=register["m_public"], name="t"), name="a",
                         datatype="string")
    now = timezone.now()
    counted = figures_compute(user=EVERYTHING, now=now)
    assert counted.fields_counted_at == now  # nothing kept yet: the fields were counted
    assert field_counts_refresh(now=now) == 2
    kept = figures_compute(user=EVERYTHING, now=now)
    assert kept.fields_counted_at == now
    keys = ["fields_total", "fields_mapped", "fields_mismatched", "fields_local", "coverage_share"]
    assert [kept.totals[key] for key in keys] == [counted.totals[key] for key in keys] == [3, 0, 0, 1, 0.0]
    assert {row.body.code: row.values["fields_total"] for row in kept.rows if row.values["fields_total"]} == {
        "01": 2, "GOV-M02": 1}
    # A new field is not in the kept counts; once they are too old, the fields are counted again.
    Field.objects.create(table=table, name="moi", datatype="string")
    assert figures_compute(user=EVERYTHING, now=now).totals["fields_total"] == 3
    later = now + datetime.timedelta(minutes=settings.MONITORING_FIELD_COUNTS_MINUTES + 1)
    assert figures_compute(user=EVERYTHING, now=later).totals["fields_total"] == 4


def test_the_field_counts_refresh_is_registered_with_beat_and_runs(register):
    from config.celery import app
    from monitoring import tasks
    from monitoring.models import DatabaseFieldCounts

    assert app.conf.beat_schedule["monitoring-field-counts"]["task"] == "monitoring.tasks.field_counts_refresh"
    Field.objects.create(table=Table.objects.create(database=register["c_public"], name="t"), name="a",
                         datatype="string")
    assert tasks.field_counts_refresh.delay().get() == 1
    assert DatabaseFieldCounts.objects.get(database=register["c_public"]).total == 1
