"""The read-only endpoints under /api/v1/monitoring/: same figures and visibility as the pages."""

import pytest
from django.core.cache import cache

from monitoring.figures import figures_compute

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh(settings):
    settings.MONITORING_CACHE_MINUTES = 0
    cache.clear()


@pytest.mark.parametrize(("role", "total"), [("owner", 6), ("other", 6), ("anonymous", 3), ("monitor", 7)])
def test_national_figures_per_role(register, clients, role, total):
    response = clients[role].get("/api/v1/monitoring/figures/")
    assert response.status_code == 200
    assert response.json()["totals"]["databases_total"] == total
    assert response.json()["body"] is None


def test_body_figures_with_their_breakdown(register, clients, users, bodies):
    data = clients["monitor"].get("/api/v1/monitoring/figures/01/").json()
    expected = figures_compute(user=users["monitor"], body=bodies["province"])
    assert data["totals"]["databases_total"] == expected.totals["databases_total"] == 5
    rows = {(row["code"], row["own"]): row["values"]["databases_total"] for row in data["rows"]}
    assert rows == {("01", True): 1, ("00004", False): 3, ("00008", False): 1}
    assert clients["monitor"].get("/api/v1/monitoring/figures/NOPE/").status_code == 404


def test_definitions(clients):
    data = clients["anonymous"].get("/api/v1/monitoring/definitions/").json()
    keys = {item["key"]: item for item in data}
    assert keys["sync_overdue"]["list"] == "sync_overdue" and keys["reviewed_share"]["unit"] == "percent"


@pytest.mark.parametrize(("role", "listed"), [("anonymous", ["C-PUB"]), ("monitor", ["C-PUB", "O-INT"])])
def test_list_behind_a_figure(register, clients, role, listed):
    response = clients[role].get("/api/v1/monitoring/lists/sync_overdue/", {"body": "01", "sort": "identifier"})
    assert response.status_code == 200
    identifiers = [row["identifier"] for row in response.json()["results"]]
    assert [i for i in identifiers if i in ("C-PUB", "O-INT")] == listed
    assert response.json()["count"] == len(identifiers)


def test_unknown_list_or_body_is_404_in_the_api_shape(register, clients):
    response = clients["monitor"].get("/api/v1/monitoring/lists/nope/")
    assert response.status_code == 404 and response.json()["status"] == 404
    assert clients["monitor"].get("/api/v1/monitoring/lists/sync_overdue/", {"body": "NOPE"}).status_code == 404


def test_read_only(register, clients):
    assert clients["monitor"].post("/api/v1/monitoring/figures/", {}).status_code == 405


def test_schema_describes_the_endpoints(clients):
    schema = clients["anonymous"].get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content
    for path in (b"/api/v1/monitoring/figures/", b"/api/v1/monitoring/lists/{name}/",
                 b"/api/v1/monitoring/definitions/"):
        assert path in schema
