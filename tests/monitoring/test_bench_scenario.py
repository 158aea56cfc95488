"""The bench command measures the dashboard too (a scenario named in settings, since the catalog
does not import the apps above it): the figures and the page, nationally and for a province, as a
monitor and as a province's editor."""

import json
from io import StringIO

from django.core.management import call_command

from catalog.management.commands.bench import scenarios


def test_the_dashboard_scenario_times_both_readers_nationally_and_for_a_province(register, tmp_path, monkeypatch):
    assert "dashboard" in scenarios()
    monkeypatch.setattr("catalog.management.commands.bench.scale_build", lambda **kwargs: {"built": False})
    out = tmp_path / "bench.json"
    call_command("bench", "--scenario", "dashboard", "--repeat", "1", "--json", str(out), stdout=StringIO())
    figures = json.loads(out.read_text())["figures"]
    assert len(figures) == 8
    for scope in ("national", "province 01"):
        for part in ("figures", "page"):
            for role in ("monitor", "province editor"):
                (figure,) = [figure for figure in figures if figure["scenario"].startswith(f"Dashboard {scope}")
                             and figure["scenario"].endswith(f", {part}, {role}")]
                assert figure["runs"] >= 20 and figure["queries"] > 0
                assert 0 < figure["median"] <= figure["p95"]
