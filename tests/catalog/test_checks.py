"""The automatic checks (catalog.checks): each on a fixture that passes and one that fails it,
not applicable where the rule says so, stored by the bulk refresh with a fixed number of queries,
refreshed after writes, and posture checks hidden from those who may not see the posture."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from architecture.access import AccessLevel
from catalog.checks import (
    CHECK_CODES,
    POSTURE_CHECKS,
    checks_visible,
    database_checks_refresh,
)
from catalog.models import DatabaseCheckResult, SecurityIncident, Table
from catalog.security import security_incident_update
from tests.catalog.quality_fixtures import NOW, bad_database, good_database
from tests.conftest import make_database


def outcomes(database):
    return dict(DatabaseCheckResult.objects.filter(database=database).values_list("code", "outcome"))


@pytest.fixture(autouse=True)
def english():
    """Reasons are compared in English here (the site's default language is Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def pair(users, bodies):
    good, bad = good_database(users, bodies), bad_database(users, bodies)
    database_checks_refresh(database_ids=[good.pk, bad.pk], now=NOW)
    return good, bad


def test_every_check_passes_on_the_good_fixture(pair):
    good, _ = pair
    assert outcomes(good) == dict.fromkeys(CHECK_CODES, "pass")


def test_every_check_fails_on_the_bad_fixture(pair):
    _, bad = pair
    # It has fields (to fail the mapping checks); an empty one fails structure_registered below.
    assert outcomes(bad) == {**dict.fromkeys(CHECK_CODES, "fail"), "structure_registered": "pass"}


def test_structure_needs_tables_and_fields(bodies):
    empty = make_database(bodies["commune"], "CSDL-RONG")
    tables_only = make_database(bodies["commune"], "CSDL-BANG")
    Table.objects.create(database=tables_only, name="bang")
    database_checks_refresh(database_ids=[empty.pk, tables_only.pk], now=NOW)
    assert outcomes(empty)["structure_registered"] == outcomes(tables_only)["structure_registered"] == "fail"
    reasons = {result.database_id: result.reason_display for result in
               DatabaseCheckResult.objects.filter(code="structure_registered")}
    assert reasons == {empty.pk: "No table is registered.", tables_only.pk: "Tables are registered, but no field."}


def test_reasons_say_why_in_words_and_translate(pair):
    good, bad = pair
    mapping = DatabaseCheckResult.objects.get(database=bad, code="dictionary_mapping")
    assert mapping.reason_params == {"share": 25.0, "threshold": 80}
    assert mapping.reason_display == ("25.0% of the fields are mapped to the dictionary or declared local; "
                                      "at least 80% are required.")
    mismatch = DatabaseCheckResult.objects.get(database=bad, code="no_type_mismatch")
    assert "1 mapped fields" in mismatch.reason_display
    sync = DatabaseCheckResult.objects.get(database=bad, code="ndc_sync")
    assert sync.reason_display.startswith("Overdue: last synchronized")
    with translation.override("vi"):
        assert DatabaseCheckResult.objects.get(database=good, code="contact_point").reason_display \
            == "Đã ghi đầu mối liên hệ."


def test_not_applicable_cases(users, bodies):
    plain = make_database(bodies["commune"], "CSDL-TRONG", AccessLevel.PUBLIC, lifecycle="retired",
                          tcvn_14423_status="not_applicable")
    database_checks_refresh(database_ids=[plain.pk], now=NOW)
    found = outcomes(plain)
    for code in ("dictionary_mapping", "no_type_mismatch", "restricted_protection", "ndc_sync",
                 "security_assessment_current"):
        assert found[code] == "not_applicable", code
    assert found["structure_registered"] == "fail"
    assert found["no_open_critical_incident"] == "pass"


def test_sync_check_not_configured_and_configured_not_yet_running(bodies):
    none = make_database(bodies["commune"], "CSDL-KHONG-DONG-BO", sync_mode="none", lifecycle="in_operation")
    planned = make_database(bodies["commune"], "CSDL-DU-KIEN", sync_mode="realtime", lifecycle="planned")
    database_checks_refresh(database_ids=[none.pk, planned.pk], now=NOW)
    assert outcomes(none)["ndc_sync"] == "fail"
    assert outcomes(planned)["ndc_sync"] == "not_applicable"


def test_recent_sync_goes_stale_with_the_clock(pair):
    good, _ = pair
    database_checks_refresh(database_ids=[good.pk], now=NOW + datetime.timedelta(days=3))
    assert outcomes(good)["ndc_sync"] == "fail"
    later = NOW + datetime.timedelta(days=400)
    database_checks_refresh(database_ids=[good.pk], now=later)
    assert outcomes(good)["security_assessment_current"] == "fail"


def test_refresh_of_all_is_one_row_per_database_and_check_and_idempotent(pair):
    database_checks_refresh(now=NOW)
    database_checks_refresh(now=NOW)
    assert DatabaseCheckResult.objects.count() == 2 * len(CHECK_CODES)


def test_refresh_uses_a_fixed_number_of_queries(users, bodies, django_assert_max_num_queries):
    for index in range(3):
        good_database(users, bodies, f"CSDL-A{index}")
    with django_assert_max_num_queries(15) as few:
        database_checks_refresh(now=NOW)
    for index in range(3, 9):
        good_database(users, bodies, f"CSDL-A{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        database_checks_refresh(now=NOW)


def test_resolving_the_incident_refreshes_the_posture_check(users, pair, django_capture_on_commit_callbacks):
    _, bad = pair
    incident = SecurityIncident.objects.get(databases=bad)
    with pytest.raises(PermissionDenied):  # only the owner's editors change it
        security_incident_update(user=users["other"], incident=incident, status="resolved")
    with django_capture_on_commit_callbacks(execute=True):
        security_incident_update(user=users["owner"], incident=incident, status="resolved",
                                 response="Đã gỡ mã độc")
    assert outcomes(bad)["no_open_critical_incident"] == "pass"


@pytest.mark.parametrize("role, sees_posture", [
    ("owner", True), ("parent", True), ("reviewer", True), ("admin", True), ("monitor", False),
])
def test_posture_checks_only_for_readers_of_the_posture(users, pair, role, sees_posture):
    good, _ = pair
    codes = {result.code for result in checks_visible(user=users[role], database=good)}
    assert POSTURE_CHECKS <= codes if sees_posture else not (POSTURE_CHECKS & codes)
    assert "contact_point" in codes


def test_every_check_code_the_shipped_frameworks_name_is_a_check():
    """architecture's framework fixtures name automatic checks by code: each must exist here, and
    apply to databases (the checks are computed per database)."""
    import json
    from pathlib import Path

    named = []
    for path in (Path(__file__).parents[2] / "architecture" / "fixtures" / "frameworks").glob("*.json"):
        data = json.loads(path.read_text())
        for requirement in data.get("requirements", []) if isinstance(data, dict) else []:
            if requirement.get("check_code"):
                named.append((requirement["check_code"], requirement["applies_to"], path.name))
    assert named
    assert [item for item in named if item[0] not in CHECK_CODES or item[1] != "database"] == []
