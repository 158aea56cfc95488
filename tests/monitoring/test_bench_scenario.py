"""The bench command measures the dashboard too (a scenario named in settings, since the catalog
does not import the apps above it)."""

import json
from io import StringIO

from django.core.management import call_command

from catalog.management.commands.bench import scenarios


def test_the_dashboard_scenario_is_offered_and_measures_both_scopes(bodies, databases, tmp_path, monkeypatch):
    assert "dashboard" in scenarios()
    monkeypatch.setattr("catalog.management.commands.bench.scale_build", lambda **kwargs: {"built": False})
    out = tmp_path / "bench.json"
    call_command("bench", "--scenario", "dashboard", "--repeat", "1", "--json", str(out), stdout=StringIO())
    figures = json.loads(out.read_text())["figures"]
    names = {figure["scenario"] for figure in figures}
    assert {"Dashboard national, figures, monitor", "Dashboard national, page, province editor"} <= names
    assert any(name.startswith("Dashboard province 01") for name in names)
    assert all(figure["runs"] >= 20 and figure["queries"] > 0 for figure in figures)
