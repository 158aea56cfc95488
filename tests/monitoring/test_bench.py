import pytest

from monitoring.bench import dashboard_scenario

pytestmark = pytest.mark.django_db


def test_dashboard_scenario_times_both_readers_nationally_and_for_a_province(register):
    figures = {figure.scenario: figure for figure in dashboard_scenario(repeat=2)}
    assert len(figures) == 8
    for scope in ("national", "province"):
        for part in ("figures", "page"):
            for role in ("monitor", "province editor"):
                (figure,) = [f for name, f in figures.items()
                             if name.startswith(f"Dashboard {scope}") and f", {part}, {role}" in name]
                assert len(figure.samples) == 20 and 0 < figure.median <= figure.percentile(0.95)
                assert figure.extra["queries"] > 0
