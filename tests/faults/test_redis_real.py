"""Against the real Redis (CELERY_TEST_REDIS_URL; .ci/run requires it): a Redis that stops
answering (CLIENT PAUSE, which ends by itself, so the service is back after the test) slows no
request past the socket timeout and fails none; work published while no worker runs waits in the
broker and is done when a worker comes back."""

import shutil
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.test.utils import override_settings

from config.queue import task_enqueue
from tests.faults.conftest import REDIS_URL, redis_reachable

pytestmark = pytest.mark.redis


@pytest.fixture
def real_cache():
    settings = {"default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
                            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    with override_settings(CACHES=settings):
        caches._settings = None
        if hasattr(caches._connections, "default"):
            delattr(caches._connections, "default")
        yield caches["default"]
        caches._settings = None
        delattr(caches._connections, "default")


@pytest.mark.django_db
def test_a_paused_redis_fails_no_request_and_comes_back(client, databases, real_cache):
    real_cache.set("probe", "1")
    assert real_cache.get("probe") == "1"
    redis.Redis.from_url(REDIS_URL).execute_command("CLIENT", "PAUSE", "2500", "ALL")
    try:
        started = time.monotonic()
        assert client.get("/api/v1/databases/").status_code == 200
        assert client.get("/").status_code == 200
        assert real_cache.get("probe") is None  # a miss, not an error
        assert time.monotonic() - started < 10
    finally:
        time.sleep(max(0.0, 2.6 - (time.monotonic() - started)))  # the pause ends by itself
    real_cache.set("probe", "2")
    assert real_cache.get("probe") == "2"  # back without restarting anything


@pytest.mark.django_db(transaction=True)
def test_work_sent_while_no_worker_runs_is_done_when_one_comes_back():
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    app = Celery("registry-queue-test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False,
                    task_default_queue="h6-faults")

    @app.task(name="tests.faults.double", acks_late=True)
    def double(number):
        return number * 2

    try:
        result = double.delay(21)  # no worker yet: the message waits in Redis
        time.sleep(0.5)
        assert result.state == "PENDING"
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=["h6-faults"]):
            assert result.get(timeout=60) == 42
    finally:
        app.close()


def _redis_server() -> tuple[str, int]:
    """The local Redis of REDIS_URL, which this test may stop and start (as .ci/run starts it).
    Fails, never skips, where that is impossible."""
    address = redis.Redis.from_url(REDIS_URL).connection_pool.connection_kwargs
    host, port = address.get("host", "127.0.0.1"), int(address.get("port", 6379))
    assert host in ("127.0.0.1", "localhost"), f"Redis at {host} is not this machine's: cannot restart it"
    assert shutil.which("redis-server"), "redis-server is needed to restart Redis"
    return host, port


def redis_start(host: str, port: int) -> None:
    subprocess.run(["redis-server", "--daemonize", "yes", "--bind", host, "--port", str(port), "--save", "",
                    "--appendonly", "no"], check=True, capture_output=True, timeout=30)
    deadline = time.monotonic() + 30
    while not redis_reachable():
        assert time.monotonic() < deadline, "Redis did not come back"
        time.sleep(0.1)


@pytest.mark.django_db
def test_a_stopped_redis_fails_no_request_and_work_waits_until_it_is_back(client, databases, real_cache, caplog):
    """Redis really stopped (SHUTDOWN), then started again with the command .ci/run uses: meanwhile
    pages, API and health answer (the cache reads as a miss), work for Celery is reported as not
    sent instead of failing the request; afterwards cache and broker work without restarting the
    registry."""
    from celery import Celery

    host, port = _redis_server()
    app = Celery("registry-redis-stop-test", broker=REDIS_URL, set_as_current=False)
    app.conf.update(task_always_eager=False, broker_connection_timeout=0.5, broker_connection_retry=False,
                    task_default_queue="redis-stop-test")

    @app.task(name="tests.faults.later")
    def later():
        return None

    real_cache.set("probe", "1")
    try:
        try:
            redis.Redis.from_url(REDIS_URL).shutdown(nosave=True)
        except redis.exceptions.ConnectionError:
            pass  # the server closes the connection as it stops
        assert not redis_reachable()
        assert client.get("/api/v1/databases/").status_code == 200
        assert client.get("/").status_code == 200
        health = client.get("/health/")
        assert health.status_code == 200 and health.json()["checks"]["cache"]["status"] == "failing"
        assert real_cache.get("probe") is None  # a miss, not an error
        assert task_enqueue(later) is False
        assert "broker unavailable, tests.faults.later not sent" in caplog.text
    finally:
        if not redis_reachable():
            redis_start(host, port)
    real_cache.set("probe", "2")
    assert real_cache.get("probe") == "2"  # back without restarting anything
    assert task_enqueue(later) is True
    assert redis.Redis.from_url(REDIS_URL).llen("redis-stop-test") == 1  # the message waits for a worker
    redis.Redis.from_url(REDIS_URL).delete("redis-stop-test")
    app.close()
