"""Fault tests break a real service and prove the registry recovers.

Tests marked `postgresql` need the real PostgreSQL (DATABASE_URL set: .ci/run's second pass);
on the SQLite pass they are deselected (tests/conftest.py), not skipped. Tests
marked `redis` need the real Redis (REDIS_URL or CELERY_TEST_REDIS_URL); .ci/run requires it
(REQUIRE_REDIS=1), so there a missing Redis fails instead of deselecting."""

import os

import pytest
import redis

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def fresh_rates():
    """Throttle counts live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    keep, drop = [], []
    for item in items:
        if not str(item.fspath).startswith(here):
            keep.append(item)
            continue
        item.add_marker(pytest.mark.faults)
        needs_redis = item.get_closest_marker("redis") and not (redis_reachable() or os.environ.get("REQUIRE_REDIS"))
        (drop if needs_redis else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
