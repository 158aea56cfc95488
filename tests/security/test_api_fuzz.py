"""Fuzzing the API from its own OpenAPI schema (schemathesis): every read endpoint, anonymous and
with an administrator's token, and every write endpoint, with an administrator's token and
anonymous, a bounded number of generated requests each. Part of the cases are sent to a real
entry of each register (tests/security/fuzz_world.py), the others to generated addresses; and
every write once more with a body over the size limit. No answer may be a 5xx, and every answer
must match the schema (status documented, body conforming, content type declared). The figures
(cases and answers by class, per test) go to test-output/schemathesis.json."""

import json
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WsgiClient

from architecture.tokens import token_create
from tests.security.fuzz_world import world_create

# Long: run once in .ci/run, on the production database (PostgreSQL), whose errors (NUL bytes,
# integer overflow, time zone offsets) are the ones that would reach users.
pytestmark = pytest.mark.postgresql

EXAMPLES = 5  # per read endpoint and role: about 650 requests
WRITE_EXAMPLES = 4  # per write endpoint as an administrator: about 300 requests
ANONYMOUS_WRITE_EXAMPLES = 2  # each must be refused: about 150 requests; the file runs in under 2 minutes
CHECKS = (not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance)
FIGURES: Counter = Counter()
SEEN: set[str] = set()
FAILING: set[str] = set()  # operations with at least one failing case (hypothesis replays a failure)
OUTPUT = Path(django_settings.BASE_DIR) / "test-output" / "schemathesis.json"


@pytest.fixture
def world(users, bodies, databases):
    world_create(users=users, bodies=bodies, databases=databases)


@pytest.fixture
def api_schema(db, settings, world):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"}}
    document = json.loads(Client().get("/api/v1/schema/?format=json").content)
    # The requests go through the real WSGI handler, whose request signals would close the test's
    # connection (it sits in the test's transaction): muted, as Django's test client does (after
    # that client's own request above, which connects them again).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.from_dict(document, app=get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


reads = schemathesis.from_pytest_fixture("api_schema").include(method="GET")
writes = schemathesis.from_pytest_fixture("api_schema").include(method=["POST", "PUT", "PATCH", "DELETE"])


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    OUTPUT.parent.mkdir(exist_ok=True)
    figures = {**FIGURES, "operations": len(SEEN), "operations_failing": sorted(FAILING)}
    OUTPUT.write_text(json.dumps(figures, indent=1, sort_keys=True))
    print(f"\nschemathesis: {figures}")


@pytest.fixture
def admin_token(users):
    return token_create(user=users["admin"], name="fuzz")[1]


class Entries:
    """The path parameters of a real entry for an operation's path, found by walking the lists
    above it as an administrator (the first row of each); None where a list is missing or empty."""

    def __init__(self, token: str):
        self.client = WsgiClient(get_wsgi_application())
        self.headers = {"Authorization": f"Bearer {token}"}
        self.found: dict[str, dict | None] = {}

    def of(self, path: str) -> dict | None:
        if path not in self.found:
            self.found[path] = self._walk(path)
        return self.found[path]

    def _walk(self, path: str) -> dict | None:
        values, prefix = {}, ""
        for segment in path.strip("/").split("/"):
            if segment.startswith("{"):
                listed = self.client.get(f"{prefix}/", headers=self.headers)
                rows = json.loads(listed.get_data()) if listed.status_code == 200 else None
                rows = rows.get("results") if isinstance(rows, dict) else rows
                name = segment[1:-1]
                key = name if rows and name in rows[0] else "id"
                if not rows or key not in rows[0]:
                    return None
                segment = values[name] = str(rows[0][key])
            prefix += f"/{segment}"
        return values


@pytest.fixture
def entries(api_schema, admin_token):
    return Entries(admin_token)


def _to_entry(case, entries: Entries, figures: str) -> None:
    values = entries.of(case.operation.path)
    if values:
        case.path_parameters = {**(case.path_parameters or {}), **values}
        FIGURES[f"{figures}cases_on_entries"] += 1


def _fuzz(case, headers: dict, figures: str = ""):
    """One request in a savepoint rolled back after it: every case finds the same world, and a
    database error in one case (a 500 that fails the test) cannot abort the test's transaction."""
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    FIGURES[f"{figures}cases"] += 1
    FIGURES[f"{figures}status_{response.status_code // 100}xx"] += 1
    SEEN.add(case.operation.verbose_name)
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception:
        FAILING.add(case.operation.verbose_name)
        raise
    return response


def _read(case, entries, to_entry: bool, headers: dict):
    if to_entry:
        _to_entry(case, entries, "")
    _fuzz(case, headers)


# Hypothesis draws where a case goes along with the case, so that a failing case replays alike.
@reads.parametrize()
@reads.given(to_entry=st.booleans())
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_read_endpoints_anonymous(case, to_entry, entries):
    _read(case, entries, to_entry, {})


@reads.parametrize()
@reads.given(to_entry=st.booleans())
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_read_endpoints_as_administrator(case, to_entry, entries, admin_token):
    _read(case, entries, to_entry, {"Authorization": f"Bearer {admin_token}"})


@writes.parametrize()
@writes.given(to_entry=st.sampled_from([True, True, False]), if_match=st.sampled_from(["*", "*", None, '"0-stale"']))
@hypothesis_settings(max_examples=WRITE_EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_write_endpoints_as_administrator(case, to_entry, if_match, entries, admin_token):
    """Writes with an administrator's token (everything allowed) on the test database, each rolled
    back. Most go to a real entry with If-Match: * (the entry writes go through); some without
    If-Match (428 where it is required) or with a stale ETag (412)."""
    if to_entry:
        _to_entry(case, entries, "write_")
    headers = {"Authorization": f"Bearer {admin_token}"}
    _fuzz(case, headers if if_match is None else {**headers, "If-Match": if_match}, "write_")


@writes.parametrize()
@writes.given(to_entry=st.booleans())
@hypothesis_settings(max_examples=ANONYMOUS_WRITE_EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_write_endpoints_anonymous_are_refused(case, to_entry, entries):
    """Without credentials, every write is refused with a documented 401, whatever the body."""
    if to_entry:
        _to_entry(case, entries, "anonymous_write_")
    response = _fuzz(case, {"If-Match": "*"}, "anonymous_write_")
    if response.status_code != 401:
        FAILING.add(case.operation.verbose_name)
        pytest.fail(f"{case.operation.verbose_name}: {response.status_code} without credentials")


@writes.parametrize()
@hypothesis_settings(max_examples=1, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_an_oversized_write_is_a_documented_413(case, entries, admin_token, settings):
    """Any body over REQUEST_MAX_BYTES is refused before it is read (config.limits): here the limit is
    one byte, so every write that sends a body answers 413, as the schema says."""
    settings.REQUEST_MAX_BYTES = 1
    response = _fuzz(case, {"Authorization": f"Bearer {admin_token}", "If-Match": "*"}, "oversized_write_")
    if len(response.request.body or b"") > 1 and response.status_code != 413:
        FAILING.add(case.operation.verbose_name)
        pytest.fail(f"{case.operation.verbose_name}: {response.status_code} for a body over the limit")
