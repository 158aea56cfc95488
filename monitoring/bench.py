"""How fast the dashboard is (issue #7: under 300 ms at 20,000 databases and 3,400 bodies on
PostgreSQL): the "dashboard" scenario of `manage.py bench`, named in settings.BENCH_MORE_SCENARIOS.

Measures, uncached, for a monitor (sees everything) and for a province's editor (public and
internal entries plus the province's restricted ones): the figures with their breakdown
(monitoring.figures.figures_compute) and the whole page as a request, nationally and for the
province with the most databases.
"""

from __future__ import annotations

import gc
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


def dashboard_scenario(*, repeat: int) -> list:
    """The bench command's "dashboard" scenario: the national view and the busiest province's,
    for a monitor and that province's editor (figures with breakdown, and the whole page),
    uncached, each at least 20 times."""
    from catalog.bench.measure import Figure

    runs = max(20, repeat * 10)
    # As Celery beat keeps them in production (every 5 minutes): the page reads the per-database
    # field counts while they are fresh, and counts two million fields itself only when they are not.
    field_counts_refresh()
    gc.collect()
    gc.freeze()  # as config/wsgi.py does in a server process (catalog.bench.scenarios._as_a_server)
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
