"""What the benchmark measures. Each scenario returns Figures; targets come from the issues."""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from architecture.models import User
from architecture.tokens import token_create
from catalog.bench.measure import ROOT, Figure, child_run
from catalog.bench.scale import MONITOR
from catalog.selectors import database_list_visible


def dcat_stream(*, repeat: int) -> list[Figure]:
    """The whole catalog streamed as Turtle to a monitor, in a child process (memory is its own)."""
    runs = [child_run("dcat_stream", MONITOR) for _ in range(repeat)]
    rates = [run["datasets"] / run["seconds"] for run in runs]
    return [
        Figure("DCAT full catalog, Turtle stream", "throughput", "datasets/s", rates, "≥ 5000",
               min(rates) >= 5000, extra={"datasets": runs[0]["datasets"], "megabytes": runs[0]["bytes"] / 1e6}),
        Figure("DCAT full catalog, Turtle stream", "peak memory", "MB", [run["peak_mb"] for run in runs], "≤ 150",
               max(run["peak_mb"] for run in runs) <= 150),
    ]


def _pages(total: int, size: int) -> list[int]:
    last = max(1, -(-total // size))
    return sorted({1, min(2, last), last // 2 or 1, last})


def _as_a_server() -> None:
    """Requests measured in this process meet the heap a server process has: config/wsgi.py
    freezes everything loaded at start-up out of the cyclic collector's reach; do the same."""
    gc.collect()
    gc.freeze()


def dcat_page(*, repeat: int) -> list[Figure]:
    """One 100-dataset page of the feed, through Django's full request path, as a monitor and
    as an anonymous harvester, spread over the first, middle and last pages."""
    _as_a_server()
    client, figures = Client(), []
    for who, user in (("anonymous", AnonymousUser()), ("monitor", User.objects.get(username=MONITOR))):
        if user.is_authenticated:
            client.force_login(user)
        else:
            client.logout()
        total = database_list_visible(user=user).filter(withdrawn_at__isnull=True).count()
        samples, queries = [], 0
        for _ in range(repeat):
            for page in _pages(total, 100):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(f"/catalog.ttl?page={page}&page_size=100")
                    samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"/catalog.ttl page {page} answered {response.status_code}")
                queries = max(queries, len(captured))
        figure = Figure(f"DCAT 100-dataset page ({who})", "latency", "ms", samples, "p50 ≤ 50",
                        extra={"queries": queries})
        figure.meets = figure.median <= 50
        figure.note = f"{queries} SQL queries"
        figures.append(figure)
    return figures


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _second_catalog_env() -> dict:
    """Settings for a second, empty registry beside the benchmark's own database."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": f"{db['NAME']}.harvest.sqlite3", "DATABASE_URL": ""}
    name = f"{db['NAME']}_harvest"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return {"DATABASE_URL": f"postgresql://{user}@{host}:{port}/{name}"}


def _serve(port: int) -> subprocess.Popen:
    """Serve this registry with gunicorn on the loopback, as a harvested province would."""
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": f"http://127.0.0.1:{port}"}
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(settings.DATABASES["default"]["NAME"])
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--timeout", "300", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/catalog.ttl?page_size=1", timeout=5)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the registry did not start under gunicorn")


def harvest(*, repeat: int) -> list[Figure]:
    """Harvest the whole public feed into an empty second catalog, then again unchanged."""
    port, env = _free_port(), _second_catalog_env()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env={**os.environ, **env},
                   check=True)
    subprocess.run([sys.executable, "manage.py", "load_reference_data"], cwd=ROOT, env={**os.environ, **env},
                   check=True, capture_output=True)
    server = _serve(port)
    try:
        _, token = token_create(user=User.objects.get(username=MONITOR), name="bench harvest")
        child_run("harvest_prepare", f"http://127.0.0.1:{port}/catalog.ttl?page_size=1000", token, env=env)
        first = child_run("harvest_run", env=env)
        again = [child_run("harvest_run", env=env) for _ in range(repeat)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [
        Figure("Harvest full feed into an empty catalog", "time", "s", [first["seconds"]], "≤ 120",
               first["seconds"] <= 120 and first["status"] == "succeeded",
               note=f"{first['created']} created, {first['errors']} errors, {first['pages']} pages"),
        Figure("Re-harvest unchanged", "time", "s", [run["seconds"] for run in again], "≤ 20",
               max(run["seconds"] for run in again) <= 20,
               note=f"{again[-1]['unchanged']} unchanged, {again[-1]['updated']} updated"),
    ]


SCENARIOS = {"dcat_stream": dcat_stream, "dcat_page": dcat_page, "harvest": harvest}


API_LISTS = [
    ("API databases, 100 per page", "/api/v1/databases/?page_size=100", 50),
    ("API databases of a province", "/api/v1/databases/?page_size=100&province=01", 50),
    ("API databases, kind and lifecycle", "/api/v1/databases/?page_size=100&kind=local&lifecycle=in_operation", 50),
    ("API fields, 100 per page", "/api/v1/fields/?page_size=100", 50),
    ("API search databases without diacritics", "/api/v1/databases/?page_size=20&q=co%20so%20du%20lieu%20y%20te", 100),
    ("API search fields without diacritics", "/api/v1/fields/?page_size=20&q=ngay%20cap", 100),
    ("API search elements without diacritics", "/api/v1/elements/?page_size=20&q=giay%20phep%20kinh%20doanh", 100),
    ("API element suggestions", "/api/v1/elements/suggest/?name=ngay_sinh", 100),
]


def _api_get(client: Client, url: str) -> tuple[float, int, dict]:
    cache.clear()  # throttle counts live in the cache: the benchmark measures pages, not the throttle
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT="application/json")
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return elapsed, len(captured), response.json()


def api_lists(*, repeat: int) -> list[Figure]:
    """Main API lists as a monitor sees them (every entry), p50 and p95 over repeated requests;
    the field list also follows its cursor five pages deep."""
    _as_a_server()
    client = Client()
    client.force_login(User.objects.get(username=MONITOR))
    figures = []
    for name, url, target in API_LISTS:
        samples, queries = [], 0
        _api_get(client, url)  # warm-up: the first request of a URL pays for cold caches
        for _ in range(max(20, repeat * 10)):
            elapsed, count, body = _api_get(client, url)
            samples.append(elapsed)
            queries = max(queries, count)
            next_url = body.get("next") if isinstance(body, dict) else None
            for _ in range(5 if "fields" in url else 0):
                if not next_url:
                    break
                elapsed, count, body = _api_get(client, next_url.replace("http://testserver", ""))
                samples.append(elapsed)
                next_url = body.get("next")
        figure = Figure(name, "latency", "ms", samples, f"p95 ≤ {target}", extra={"queries": queries})
        figure.meets = figure.percentile(0.95) <= target
        figure.note = f"{queries} SQL queries"
        figures.append(figure)
    return figures


SCENARIOS["api_lists"] = api_lists
