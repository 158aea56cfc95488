"""A real Celery task sent through a real Redis broker to a real worker.

The rest of the suite runs tasks eagerly (the embedded default); this test proves the
production path works: serialization, broker, worker, result backend.
"""

import os

import pytest
import redis

from architecture.models import Body
from catalog.tasks import reference_data_load
from celery import Celery

REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def real_broker():
    """A Celery app like the project's, pointed at Redis. A fresh app, because the project's app
    has already cached its eager-mode broker and result backend in this test process."""
    if not _redis_reachable():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis is required for this run and is not reachable at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}: the real-worker test needs it (.ci/run always runs it)")
    real = Celery("registry-real-worker")
    real.config_from_object("django.conf:settings", namespace="CELERY")
    real.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    real.autodiscover_tasks(force=True)
    yield real
    real.close()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_task_runs_on_a_real_worker(real_broker):
    from celery.contrib.testing.worker import start_worker

    task = real_broker.tasks[reference_data_load.name]
    with start_worker(real_broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        result = task.delay()
        counts = result.get(timeout=120)
    assert result.successful()
    assert counts["bodies"]["created"] == Body.objects.count()
    assert Body.objects.filter(kind="province").count() == 34
    assert Body.objects.filter(kind="commune").count() == 3321
