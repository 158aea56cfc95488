"""GET /health/ for load balancers: the database, the cache and the broker, each checked on its
own with a short timeout. Outside the language prefix, without authentication, session or throttle
(plain Django view, no middleware state is written). The answer is 200 only while the database
answers: without it the registry can serve nothing; a failing cache or broker is reported (the
pages still work) but does not take the node out of the pool."""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

OK, FAILING, EAGER = "ok", "failing", "eager"
# Seconds a check may take before it counts as failing (the balancer polls every few seconds).
TIMEOUT = 2


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        status = check()
        error = ""
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure, whatever its kind
        status, error = FAILING, exc.__class__.__name__
    result = {"status": status, "ms": round((time.monotonic() - started) * 1000)}
    if error:
        result["error"] = error  # the kind only: no address, password or path leaks out
    return result


def check_database() -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL statement_timeout = {TIMEOUT * 1000}")
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=TIMEOUT * 5)
    value = cache.get(key)
    cache.delete(key)
    if value != "1":
        raise RuntimeError("cache did not return what was written")
    return OK


def check_broker() -> str:
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return EAGER  # tasks run in the web process: there is no broker to reach
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT)
    return OK


@never_cache
@require_GET
def health(request):
    checks = {"database": _timed(check_database), "cache": _timed(check_cache), "broker": _timed(check_broker)}
    healthy = checks["database"]["status"] == OK
    return JsonResponse({"status": OK if healthy else FAILING, "checks": checks}, status=200 if healthy else 503)
