"""PostgreSQL connections killed under the registry (a restart, a failover, an idle timeout): the
next request succeeds without restarting anything, thanks to CONN_HEALTH_CHECKS."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def kill(pid: int) -> None:
    """pg_terminate_backend from another connection, as a restart or a failover does."""
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,)
    finally:
        killer.close()


def wsgi_get(path: str) -> int:
    """One request through Django's WSGI handler in this thread, as a gunicorn sync worker serves it
    (with the request_started/finished signals that manage connections, which the test client mutes)."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    statuses = []
    body = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(body)
    body.close()
    return int(statuses[0].split()[0])


def test_health_checks_and_persistent_connections_are_on():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_the_request_after_a_killed_connection_succeeds(bodies):
    assert wsgi_get("/api/v1/bodies/") == 200
    pid = connection.connection.info.backend_pid  # kept open between requests (CONN_MAX_AGE)
    kill(pid)
    assert wsgi_get("/api/v1/bodies/") == 200  # the very next request, no restart
    assert connection.connection.info.backend_pid != pid
    assert wsgi_get("/health/") == 200


def _killed_connection(health_checks: bool):
    wrapper = connections.create_connection("default")
    wrapper.settings_dict = {**wrapper.settings_dict, "CONN_HEALTH_CHECKS": health_checks, "CONN_MAX_AGE": 60}
    wrapper.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [wrapper.connection.info.backend_pid])
    wrapper.close_if_unusable_or_obsolete()  # what Django does at the start of every request
    return wrapper


def test_a_checked_connection_reconnects():
    wrapper = _killed_connection(health_checks=True)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        wrapper.close()


def test_without_the_health_check_the_first_query_would_fail():
    """Proves what the setting buys: the same kill without it fails the next request's query."""
    wrapper = _killed_connection(health_checks=False)
    try:
        with pytest.raises(OperationalError), wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        wrapper.close()
