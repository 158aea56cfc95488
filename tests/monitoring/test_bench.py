import pytest

from monitoring.bench import dashboard_measure

pytestmark = pytest.mark.django_db


def test_dashboard_measure_times_both_readers(register):
    result = dashboard_measure(repeat=2)
    assert result["databases"] == 7
    for role in ("monitor", "province_editor"):
        for part in ("figures", "page"):
            summary = result[role][part]
            assert summary["runs"] == 2 and 0 < summary["p50_ms"] <= summary["p95_ms"] and summary["queries"] > 0
