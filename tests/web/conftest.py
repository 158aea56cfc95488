"""Page tests: one signed-in client per role (tests/conftest.py's users), as healthchecks' tests read."""

import pytest
from django.test import Client

# What a browser sends: the registry's IRIs answer RDF to */*, HTML to this.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def as_user(users):
    """as_user("owner") is a client signed in as that user; as_user(None) an anonymous one."""
    def make(role):
        client = Client(headers={"Accept": BROWSER})
        if role is not None:
            client.force_login(users[role])
        return client
    return make
