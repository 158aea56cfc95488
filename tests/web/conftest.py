"""Page tests: one signed-in client per role (tests/conftest.py's users), as healthchecks' tests read."""

import pytest
from django.test import Client


@pytest.fixture
def as_user(users):
    """as_user("owner") is a client signed in as that user; as_user(None) an anonymous one."""
    def make(role):
        client = Client()
        if role is not None:
            client.force_login(users[role])
        return client
    return make
