"""How fast the national dashboard is (issue #7: under 300 ms at 20,000 databases and 3,400 bodies on
PostgreSQL), for the lead's `bench` command (catalog/management/commands/bench.py), e.g. as

    from monitoring.bench import dashboard_measure
    SCENARIOS["dashboard"] = lambda *, repeat: dashboard_figures(dashboard_measure(repeat=repeat))

Measures, uncached, for a monitor (sees everything) and for a province's editor (public and
internal entries plus the province's restricted ones): the national figures with their breakdown
(monitoring.figures.figures_compute) and the whole national page as a request.
"""

from __future__ import annotations

import gc
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from architecture.models import Body, BodyKind
from catalog.models import Database
from monitoring.coverage import field_counts_refresh
from monitoring.figures import child_code, figures_compute

MONITOR = "bench.monitor"  # the user catalog.bench.scale creates
PROVINCE_EDITOR = "bench.province-editor"
TARGET_MS = 300


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _readers() -> dict:
    User = get_user_model()
    monitor, _ = User.objects.get_or_create(username=MONITOR, defaults={"is_monitor": True})
    if not monitor.is_monitor:
        monitor.is_monitor = True
        monitor.save(update_fields=["is_monitor"])
    # The province with the most databases under it, so its editor sees the most restricted ones.
    counts = dict(Database.objects.annotate(top=child_code("owner__path", None)).values("top")
                  .annotate(n=Count("id")).values_list("top", "n"))
    provinces = list(Body.objects.filter(kind=BodyKind.PROVINCE, parent__isnull=True))
    busiest = max(provinces, key=lambda province: (counts.get(province.code, 0), province.code), default=None)
    editor, _ = User.objects.update_or_create(username=PROVINCE_EDITOR,
                                              defaults={"is_editor": busiest is not None, "body": busiest})
    return {"monitor": monitor, "province_editor": editor}


def _time(action, repeat: int) -> tuple[list[float], int]:
    action()  # warm-up: the first run pays for cold caches
    samples, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            samples.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured))
    return samples, queries


def _summary(samples: list[float], queries: int) -> dict:
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(_percentile(samples, 0.95), 1),
            "min_ms": round(min(samples), 1), "max_ms": round(max(samples), 1), "runs": len(samples),
            "queries": queries, "target_ms": TARGET_MS, "meets": _percentile(samples, 0.95) <= TARGET_MS}


def dashboard_scenario(*, repeat: int) -> list:
    """The bench command's "dashboard" scenario: the national view and the busiest province's,
    for a monitor and that province's editor (figures with breakdown, and the whole page),
    uncached, each at least 20 times."""
    from catalog.bench.measure import Figure

    runs = max(20, repeat * 10)
    # As Celery beat keeps them in production (every 5 minutes): the page reads the per-database
    # field counts while they are fresh, and counts two million fields itself only when they are not.
    field_counts_refresh()
    storages = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    figures = []
    with override_settings(MONITORING_CACHE_MINUTES=0, STORAGES=storages):
        readers = _readers()
        province = readers["province_editor"].body
        for scope, body in (("national", None), (f"province {province.code}" if province else "province", province)):
            url = reverse("monitoring:dashboard") if body is None else reverse("monitoring:dashboard-body",
                                                                                args=[body.code])
            for role, user in readers.items():
                client = Client()
                client.force_login(user)

                def page(client=client, url=url):
                    response = client.get(url)
                    if response.status_code != 200:
                        raise RuntimeError(f"{url} answered {response.status_code}")

                for what, action in (("figures", lambda user=user, body=body: figures_compute(user=user, body=body)),
                                     ("page", page)):
                    samples, queries = _time(action, runs)
                    figure = Figure(f"Dashboard {scope}, {what}, {role.replace('_', ' ')}", "latency", "ms", samples,
                                    f"p95 ≤ {TARGET_MS}", extra={"queries": queries})
                    figure.meets = figure.percentile(0.95) <= TARGET_MS
                    figure.note = f"{queries} SQL queries"
                    figures.append(figure)
    return figures


def dashboard_measure(*, repeat: int) -> dict:
    """p50/p95 in ms of the national view for a monitor and a province's editor, uncached."""
    repeat = max(1, repeat)
    result = {"databases": Database.objects.count(), "bodies": Body.objects.count(), "database": connection.vendor}
    url = reverse("monitoring:dashboard")
    # The page is rendered as in the tests: plain static file URLs, no collected manifest needed.
    storages = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    gc.collect()
    gc.freeze()  # as config/wsgi.py does in a server process (catalog.bench.scenarios._as_a_server)
    with override_settings(MONITORING_CACHE_MINUTES=0, STORAGES=storages):
        for role, user in _readers().items():
            figures = _summary(*_time(lambda user=user: figures_compute(user=user, body=None), repeat))
            client = Client()
            client.force_login(user)

            def page(client=client):
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")

            result[role] = {"figures": figures, "page": _summary(*_time(page, repeat))}
    return result
