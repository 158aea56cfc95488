"""Quality scores (catalog.quality) on known fixtures: "correct, sufficient, clean, live" with
their reasons, and the MQA points computed on the DCAT view, stored one row per database."""

import datetime

import pytest
from django.utils import translation

from catalog.checks import database_checks_refresh, database_facts, row_sync_status
from catalog.models import DatabaseQuality, Field, Service, Table
from catalog.quality import MQA_MAX, database_quality, mqa_indicators
from tests.catalog.quality_fixtures import NOW, bad_database, good_database
from tests.conftest import make_database


@pytest.fixture(autouse=True)
def english():
    """Reasons are compared in English here (the site's default language is Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def pair(users, bodies):
    good, bad = good_database(users, bodies), bad_database(users, bodies)
    database_checks_refresh(database_ids=[good.pk, bad.pk], now=NOW)
    return DatabaseQuality.objects.get(database=good), DatabaseQuality.objects.get(database=bad)


def test_the_good_fixture(pair):
    good, _ = pair
    assert (good.correct, good.sufficient, good.clean, good.live) == (100, 100, 100, 100)
    assert good.sync_status == "ok"
    assert good.reasons_display("correct") == ["Reviewed and standardized."]
    assert good.reasons_display("sufficient") == ["6 of 6 descriptive metadata items are filled in.",
                                                  "2 of 2 fields have a description."]


def test_the_bad_fixture(pair):
    _, bad = pair
    # correct: not reviewed; sufficient: no metadata item, no field described; clean: 0 of 4 fields
    # (one mismatched, three unmapped); live: last synchronized 5 days ago, daily: overdue.
    assert (bad.correct, bad.sufficient, bad.clean, bad.live) == (0, 0, 0, 0)
    assert bad.sync_status == "overdue"
    assert "Missing: contact point." in bad.reasons_display("sufficient")
    assert bad.reasons_display("clean") == ["0 of 4 fields are mapped without mismatch or declared local.",
                                            "1 mapped fields do not fit their element."]


def test_partial_scores(users, bodies):
    database = make_database(bodies["commune"], "CSDL-NUA", description_vi="Có mô tả", keywords="a",
                             sync_mode="periodic", sync_frequency="daily", lifecycle="in_operation",
                             last_synced_at=NOW - datetime.timedelta(hours=30),
                             review_state="reviewed", submitted_on=NOW.date(), reviewed_on=NOW.date())
    table = Table.objects.create(database=database, name="bang")
    Field.objects.create(table=table, name="a", datatype="string", description="có")
    Field.objects.create(table=table, name="b", datatype="string", is_local=True, local_reason="riêng")
    Field.objects.create(table=table, name="c", datatype="string")
    Field.objects.create(table=table, name="d", datatype="string")
    database_checks_refresh(database_ids=[database.pk], now=NOW)
    quality = DatabaseQuality.objects.get(database=database)
    # correct: reviewed 75; sufficient: 2 of 6 items -> 16.67, 1 of 4 fields described -> 12.5: 29;
    # clean: 1 local of 4 -> 25; live: 30 h after a daily sync is late -> 50.
    assert (quality.correct, quality.sufficient, quality.clean, quality.live) == (75, 29, 25, 50)


def test_mqa_points_on_the_dcat_view(users, bodies):
    database = good_database(users, bodies)
    row = database_facts([database.pk])[0]
    indicators = mqa_indicators(row)
    # One JSON service: format, media type, vocabulary, non-proprietary and machine-readable all met.
    assert indicators == {
        "keyword": 30, "theme": 30, "spatial": 20, "temporal": 0,
        "access_url": 50, "download_url": 0, "download_url_accessible": 0,
        "format": 20, "media_type": 10, "format_vocabulary": 10, "non_proprietary": 20, "machine_readable": 20,
        "dcat_ap_compliance": 30,
        "licence": 0, "licence_vocabulary": 0, "access_rights": 10, "access_rights_vocabulary": 5,
        "contact_point": 20, "publisher": 10,
        "rights": 0, "byte_size": 0, "issued": 5, "modified": 5,
    }
    quality = database_quality(row, row_sync_status(row, NOW), NOW)
    assert (quality.mqa_findability, quality.mqa_accessibility, quality.mqa_interoperability,
            quality.mqa_reusability, quality.mqa_contextuality, quality.mqa_total) == (80, 50, 110, 45, 10, 295)
    assert MQA_MAX == 405


def test_mqa_distribution_indicators_count_the_share_of_distributions(users, bodies):
    database = good_database(users, bodies)
    Service.objects.create(database=database, title="Tệp", endpoint_url="https://files.example.gov.vn/",
                           media_type="application/x-proprietary")
    indicators = mqa_indicators(database_facts([database.pk])[0])
    assert indicators["format_vocabulary"] == 5 and indicators["non_proprietary"] == 10
    assert indicators["access_url"] == 50 and indicators["format"] == 20


def test_a_bare_entry_scores_only_what_is_always_published(bodies):
    database = make_database(bodies["commune"], "CSDL-TRANG")
    database_checks_refresh(database_ids=[database.pk], now=NOW)
    quality = DatabaseQuality.objects.get(database=database)
    # spatial 20, DCAT-AP compliance 30, access rights 10 + 5, publisher 10, issued 5, modified 5.
    assert quality.mqa_total == 85
    assert (quality.correct, quality.sufficient, quality.clean, quality.live) == (0, 0, 0, 0)


def test_reasons_are_shown_in_the_readers_language(pair):
    _, bad = pair
    with translation.override("vi"):
        assert "Còn thiếu: đầu mối liên hệ." in bad.reasons_display("sufficient")
        assert bad.reasons_display("correct") == ["Chưa rà soát."]
