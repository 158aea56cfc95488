"""Redis down: the cache answers as a miss (pages, API and throttles keep working), the health
endpoint says so, and work for Celery is reported as waiting instead of failing the request."""

import pytest
from django.core.cache import caches
from django.test.utils import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from catalog.tasks import reference_data_load
from config.queue import task_enqueue

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1
TIMEOUTS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}


def _cache(backend):
    return override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": CLOSED, "OPTIONS": TIMEOUTS}})


@pytest.fixture
def fresh_caches():
    """The cache handler keeps its backends per thread: let each test's CACHES apply."""
    def reset():
        caches._settings = None
        for alias in ("default",):
            try:
                delattr(caches._connections, alias)
            except AttributeError:
                pass
    reset()
    yield
    reset()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/api/v1/bodies/", "/api/v1/databases/", "/health/"])
def test_pages_and_api_work_with_redis_down(client, databases, fresh_caches, path):
    with _cache("config.cache.ResilientRedisCache"):
        for _ in range(3):  # the throttle's count cannot be read: requests still pass
            assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_signed_in_pages_work_with_redis_down(client, users, databases, fresh_caches):
    client.force_login(users["monitor"])
    with _cache("config.cache.ResilientRedisCache"):
        assert len(client.get("/api/v1/databases/").json()["results"]) == 3  # restricted ones included
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_without_the_tolerant_cache_the_api_would_fail(client, fresh_caches):
    """Proves the test above tests something: Django's plain Redis cache raises."""
    with _cache("django.core.cache.backends.redis.RedisCache"), pytest.raises(RedisConnectionError):
        client.get("/api/v1/bodies/")


@pytest.mark.django_db
def test_health_reports_the_cache_failing(client, fresh_caches):
    with _cache("config.cache.ResilientRedisCache"):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["status"] == "failing"


def test_work_for_celery_is_reported_waiting_when_the_broker_is_down(caplog):
    from celery import Celery

    down = Celery("broker-down", broker=CLOSED)
    down.conf.update(broker_connection_timeout=0.5, task_always_eager=False)

    @down.task(name="tests.faults.noop")
    def noop():
        return None

    try:
        assert task_enqueue(noop) is False
    finally:
        down.close()
    assert "broker unavailable, tests.faults.noop not sent" in caplog.text


@pytest.mark.django_db
def test_eager_work_still_runs_at_once(monkeypatch):
    calls = []
    monkeypatch.setattr("catalog.reference_data.reference_data_load", lambda: calls.append(1) or {})
    assert task_enqueue(reference_data_load) is True
    assert calls == [1]
