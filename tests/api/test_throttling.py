"""Rates per user (every token and session of a user together) and per anonymous address:
429 with Retry-After, in the error shape. Rates come from settings, so tests set low ones."""

import pytest
from rest_framework.test import APIClient

from architecture.tokens import token_create
from tests.api.conftest import bearer

URL = "/api/v1/bodies/"


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"}}


def test_anonymous_callers_are_counted_by_address(low_rates, bodies):
    client = APIClient()
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(URL)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    body = refused.json()
    assert body["status"] == 429 and body["code"] == "throttled" and body["errors"] == []
    # A forged X-Forwarded-For does not buy a new budget; another address has its own.
    assert client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(URL, REMOTE_ADDR="127.0.0.2").status_code == 200


def test_users_are_counted_across_their_tokens(low_rates, users):
    first = bearer(token_create(user=users["owner"], name="một")[1])
    second = bearer(token_create(user=users["owner"], name="hai")[1])
    assert [first.get(URL).status_code for _ in range(5)] == [200] * 5
    assert second.get(URL).status_code == 429  # a second token buys no more requests
    assert bearer(token_create(user=users["other"], name="khác")[1]).get(URL).status_code == 200
