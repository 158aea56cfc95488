"""Throttle counts live in the cache, and the security tests send many requests as the same
users: each test starts with none (as tests/api/conftest.py does)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rates():
    cache.clear()
    yield
    cache.clear()
