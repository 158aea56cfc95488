"""GET /health/: database, cache and broker reported separately; 200 only with the database."""

import pytest
from django.db import connection
from django.test.utils import override_settings

from config import health


@pytest.mark.django_db
def test_it_reports_each_service(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "eager"  # the embedded eager Celery has no broker
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_it_needs_no_sign_in_session_or_language_prefix(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert client.get("/en/health/").status_code == 404


@pytest.mark.django_db
def test_it_is_not_throttled(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min"}}
    assert all(client.get("/health/").status_code == 200 for _ in range(5))


@pytest.mark.django_db
def test_a_failing_database_answers_503(client, monkeypatch):
    def broken():
        raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr(health, "check_database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["database"] == {"status": "failing", "ms": body["checks"]["database"]["ms"],
                                          "error": "OperationalError"}
    assert body["checks"]["cache"]["status"] == "ok"


@pytest.mark.django_db
@override_settings(CACHES={"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}})
def test_a_failing_cache_is_reported_but_the_node_stays_in(client):
    from django.core.cache import caches

    caches._settings = None  # let the handler read the overridden CACHES
    try:
        del caches["default"]
    except (AttributeError, KeyError):
        pass
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["status"] == "failing"


@pytest.mark.django_db
def test_a_broker_that_cannot_be_reached_is_failing(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from config.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["status"] == "failing"
