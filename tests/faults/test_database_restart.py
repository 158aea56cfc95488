"""PostgreSQL connections killed under the registry (a restart, a failover, an idle timeout): the
next request succeeds without restarting anything, thanks to CONN_HEALTH_CHECKS. The kills below
(pg_terminate_backend) say it quickly; the last test really restarts the server (pg_ctlcluster,
so root on the machine that runs PostgreSQL, as on .ci/run's PostgreSQL pass)."""

import os
import shutil
import subprocess
import threading
import time
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


# --- A literal restart ------------------------------------------------------------------------------
# The restart ends every session on the server, pytest-django's own included: the test leaves this
# thread's connection closed (reopened by the next test) and the server running, whatever happens.

LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")


def _server() -> tuple[str, str]:
    database = settings.DATABASES["default"]
    host, port = database.get("HOST") or "", str(database.get("PORT") or 5432)
    assert host in LOCAL_HOSTS, f"DATABASE_URL must name the PostgreSQL of this machine to restart it, not {host}"
    assert shutil.which("pg_ctlcluster") and shutil.which("pg_isready"), "postgresql-common's tools are missing"
    assert os.geteuid() == 0, "restarting the PostgreSQL cluster takes root"
    return host or "127.0.0.1", port


def _cluster(port: str) -> tuple[str, str]:
    """The version and name of the cluster listening on `port` (pg_lsclusters: "15 main 5432 online ...")."""
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        version, name, cluster_port, *_rest = line.split()
        if cluster_port == port:
            return version, name
    pytest.fail(f"no PostgreSQL cluster of this machine listens on port {port}:\n{listing}")


def _accepting(host: str, port: str, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        if subprocess.run(["pg_isready", "-q", "-h", host, "-p", port], timeout=10).returncode == 0:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def postgresql_restart() -> None:
    """`pg_ctlcluster restart` (fast mode: every session is ended), then wait until the server accepts
    connections. If the restart fails half way, the server is started again before failing."""
    host, port = _server()
    version, name = _cluster(port)
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]
    try:
        restarted = subprocess.run([*command, "restart"], capture_output=True, text=True, timeout=120)
        assert restarted.returncode == 0, restarted.stderr
        assert _accepting(host, port, seconds=60), "PostgreSQL did not accept connections within 60 s of its restart"
    finally:
        if not _accepting(host, port, seconds=5):
            subprocess.run([*command, "start"], timeout=120)
            assert _accepting(host, port, seconds=60), "PostgreSQL could not be started again: start it by hand"


class AnotherWorker(threading.Thread):
    """A second worker serving `path` again and again through the restart, as another gunicorn
    worker would; once `restarted` is set it serves `after` more requests and stops."""

    def __init__(self, path: str, after: int = 3):
        super().__init__(daemon=True)
        self.path, self.after = path, after
        self.restarted = threading.Event()
        self.during: list = []  # statuses while the server went down and came back: anything goes
        self.afterwards: list = []

    def run(self):
        try:
            while len(self.afterwards) < self.after:
                begun_after = self.restarted.is_set()
                try:
                    status = wsgi_get(self.path)
                except Exception as error:  # noqa: BLE001 - recorded and asserted on by the test
                    status = repr(error)
                (self.afterwards if begun_after else self.during).append(status)
                time.sleep(0.1)
        finally:
            connection.close()  # this thread's own connection, so the test database can be dropped


def _server_started_at():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()")
        return cursor.fetchone()[0]


def test_the_registry_serves_again_after_postgresql_restarts(bodies):
    _server()  # fails, never skips, where the restart is impossible
    assert wsgi_get("/api/v1/bodies/") == 200
    started_at, pid = _server_started_at(), connection.connection.info.backend_pid
    worker = AnotherWorker("/bodies/")  # a page: the API's anonymous rate would refuse a worker this busy
    try:
        worker.start()
        while not worker.during and worker.is_alive():  # the other worker is serving
            time.sleep(0.01)
        postgresql_restart()
        worker.restarted.set()
        worker.join(timeout=60)
        assert not worker.is_alive()
        assert worker.afterwards == [200] * worker.after  # the other worker recovered on its own
        # This worker's connection died with the server: its next requests reconnect (health check).
        assert wsgi_get("/api/v1/bodies/") == 200
        assert connection.connection.info.backend_pid != pid
        assert wsgi_get("/health/") == 200
        assert wsgi_get("/") == 200
        assert _server_started_at() > started_at  # a new server, not merely new sessions
    finally:
        worker.restarted.set()
        worker.join(timeout=60)
        connection.close()  # the next test opens a live one, whatever happened here
