"""Averages and distributions of conformance and quality scores, over the visible databases."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from architecture.models import FrameworkVersion
from catalog.models.conformance import AssessmentStatus, ConformanceAssessment
from catalog.models.quality import DatabaseQuality
from monitoring.figures import EVERYTHING, figures_compute
from tests.monitoring.conftest import NOW

pytestmark = pytest.mark.django_db


def _quality(database, correct, sufficient, clean, live, mqa):
    return DatabaseQuality.objects.create(
        database=database, correct=correct, sufficient=sufficient, clean=clean, live=live,
        mqa_findability=0, mqa_accessibility=0, mqa_interoperability=0, mqa_reusability=0, mqa_contextuality=0,
        mqa_total=mqa, sync_status="ok", computed_at=timezone.now())


@pytest.fixture
def scores(register, users):
    framework = FrameworkVersion.objects.create(code="NDAF", name_vi="Khung kiến trúc dữ liệu quốc gia", version="1.0")

    def assess(database, score, on, status=AssessmentStatus.FINAL):
        return ConformanceAssessment.objects.create(
            body=database.owner, database=database, framework=framework, assessor=users["admin"],
            assessed_on=on, status=status, score=score, applicable_count=1)

    assess(register["c_public"], 40, datetime.date(2026, 1, 1))
    assess(register["c_public"], 90, datetime.date(2026, 2, 1))  # the current one
    assess(register["c_public"], 10, datetime.date(2026, 3, 1), AssessmentStatus.DRAFT)  # not final
    assess(register["c_restricted"], 30, datetime.date(2026, 2, 1))
    _quality(register["c_public"], 100, 80, 60, 40, 300)  # mean 70
    _quality(register["c_restricted"], 20, 20, 20, 20, 100)  # mean 20


def test_averages_use_the_current_final_assessment_and_the_four_scores(scores):
    totals = figures_compute(user=EVERYTHING, now=NOW).totals
    assert totals["conformance_assessed"] == 2
    assert totals["conformance_avg"] == 60.0  # (90 + 30) / 2
    assert totals["conformance_band_80"] == 1 and totals["conformance_band_20"] == 1
    assert totals["quality_scored"] == 2
    assert totals["quality_avg"] == 45.0  # (70 + 20) / 2
    assert totals["quality_correct_avg"] == 60.0 and totals["mqa_avg"] == 200.0
    assert totals["quality_band_60"] == 1 and totals["quality_band_20"] == 1


def test_scores_of_restricted_databases_are_not_counted_for_those_who_cannot_see_them(scores):
    totals = figures_compute(user=AnonymousUser(), now=NOW).totals
    assert totals["conformance_assessed"] == 1 and totals["conformance_avg"] == 90.0
    assert totals["quality_avg"] == 70.0
    assert figures_compute(user=AnonymousUser(), now=NOW).totals["quality_band_20"] == 0


def test_the_databases_behind_a_score_band_are_listed(scores):
    from monitoring.lists import entries_for_figure

    def listed(name, user=EVERYTHING):
        return [d.identifier for d in entries_for_figure(user=user, body=None, name=name, now=NOW)[0]]

    assert listed("conformance_band_80") == ["C-PUB"]  # its current score is 90, not the older 40
    assert listed("conformance_band_20") == ["C-RES"]
    assert listed("quality_band_60") == ["C-PUB"] and listed("quality_band_20") == ["C-RES"]
    assert listed("conformance_assessed") == ["C-PUB", "C-RES"]
    assert listed("conformance_band_20", user=AnonymousUser()) == []  # C-RES is restricted


def test_score_list_page_and_export(scores, users):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(users["monitor"])
    page = client.get(reverse("monitoring:list", args=["quality_band_60"]), {"sort": "-quality"})
    assert page.status_code == 200 and "C-PUB" in page.content.decode() and "70,0" in page.content.decode()  # Vietnamese decimal comma
    export = client.get(reverse("monitoring:list-export", args=["conformance_assessed", "csv"]))
    rows = export.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 3 and rows[1].startswith("C-PUB") and ",90.0," in rows[1]
