"""Fuzzing the API from its own OpenAPI schema (schemathesis): every read endpoint, anonymous and
with an administrator's token, a bounded number of generated requests each. No answer may be a 5xx,
and every answer must match the schema (status documented or an error of the one JSON shape,
body conforming, content type declared). The figures go to test-output/schemathesis.json."""

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
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from architecture.tokens import token_create

EXAMPLES = 8  # per endpoint and role: about 1,000 requests, under a minute on 2 cores
FIGURES: Counter = Counter()
SEEN: set[str] = set()
FAILING: set[str] = set()  # operations with at least one failing case (hypothesis replays a failure)
OUTPUT = Path(django_settings.BASE_DIR) / "test-output" / "schemathesis.json"


@pytest.fixture
def api_schema(db, settings, users, databases):
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


schema = schemathesis.from_pytest_fixture("api_schema").include(method="GET")


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    OUTPUT.parent.mkdir(exist_ok=True)
    figures = {**FIGURES, "operations": len(SEEN), "operations_failing": sorted(FAILING)}
    OUTPUT.write_text(json.dumps(figures, indent=1, sort_keys=True))
    print(f"\nschemathesis: {figures}")


def _call(case, headers):
    """One request in a savepoint: a database error in one case (a 500 that fails the test) must
    not abort the test's transaction under the cases after it."""
    with transaction.atomic():
        return case.call(headers=headers)


def _fuzz(case, headers=None):
    response = _call(case, headers)
    FIGURES["cases"] += 1
    SEEN.add(case.operation.verbose_name)
    FIGURES[f"status_{response.status_code // 100}xx"] += 1
    try:
        case.validate_response(response, checks=(not_a_server_error, response_schema_conformance,
                                                 content_type_conformance))
    except Exception:
        FAILING.add(case.operation.verbose_name)
        raise


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_read_endpoints_anonymous(case):
    _fuzz(case)


@pytest.fixture
def admin_token(users):
    return token_create(user=users["admin"], name="fuzz")[1]


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_read_endpoints_as_administrator(case, admin_token):
    _fuzz(case, headers={"Authorization": f"Bearer {admin_token}"})


writes = schemathesis.from_pytest_fixture("api_schema").include(method=["POST", "PUT", "PATCH", "DELETE"])


@writes.parametrize()
@hypothesis_settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_write_endpoints_as_administrator_never_fail(case, admin_token):
    """Writes with an administrator's token (everything allowed) on the test database, rolled back
    at the end: whatever the generated body, no 5xx (If-Match: * lets the entry writes through)."""
    response = _call(case, {"Authorization": f"Bearer {admin_token}", "If-Match": "*"})
    FIGURES["write_cases"] += 1
    SEEN.add(case.operation.verbose_name)
    try:
        case.validate_response(response, checks=(not_a_server_error,))
    except Exception:
        FAILING.add(case.operation.verbose_name)
        raise
