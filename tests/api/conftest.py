"""Fixtures of the API tests: a client per role (authenticated by a personal token, as machines
are), and a small world of entries on a public and a restricted database of the commune."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from architecture.tokens import token_create
from catalog.models import DatabaseStandard, Field, Service, Standard, Table
from dictionary.models import DataElement, ItemStatus
from dictionary.services import change_request_propose, element_save

ROLES = ["owner", "parent", "sibling", "other", "reviewer", "monitor", "admin", "anonymous"]


@pytest.fixture(autouse=True)
def fresh_rates():
    """Throttle counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def bearer(plain: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client


@pytest.fixture
def clients(users):
    """role -> APIClient; "anonymous" sends no credentials."""
    result = {"anonymous": APIClient()}
    for role, user in users.items():
        _token, plain = token_create(user=user, name=f"test {role}")
        result[role] = bearer(plain)
    return result


@pytest.fixture
def element(users, bodies):
    return element_save(user=users["admin"], element=DataElement(
        identifier="cong-dan.ngay-sinh", name_vi="Ngày sinh", name_en="Date of birth", datatype="date",
        status=ItemStatus.VALID, steward=bodies["ministry"], synonyms="Ngày tháng năm sinh"))


@pytest.fixture
def standard(db):
    return Standard.objects.create(code="TCVN 14423:2025", title="Yêu cầu an toàn mạng", year=2025)


@pytest.fixture
def world(users, bodies, databases, element, standard):
    """For each of the public and the restricted database: a table, a field, a service and a
    standard link; and one open change request proposed by the owner."""
    parts = {}
    for key in ("public", "restricted"):
        database = databases[key]
        table = Table.objects.create(database=database, name="cong_dan")
        parts[key] = {
            "database": database, "table": table,
            "field": Field.objects.create(table=table, name="ngay_sinh", datatype="date"),
            "service": Service.objects.create(database=database, title="API tra cứu",
                                              endpoint_url=f"https://{key}.example.gov.vn/api"),
            "link": DatabaseStandard.objects.create(database=database, standard=standard),
        }
    change = change_request_propose(
        user=users["owner"], reason="Cần cho hồ sơ lao động",
        proposed={"identifier": "cong-dan.nghe-nghiep", "name_vi": "Nghề nghiệp", "datatype": "string",
                  "steward": "GOV-M02"})
    return {**parts, "element": element, "standard": standard, "change": change, "bodies": bodies}
