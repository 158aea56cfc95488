"""The progress dashboard in a real headless Chromium (issue #7): a monitor opens the national
dashboard, drills down to a province, then to a commune and one of its databases, and comes back
up by the breadcrumbs; the charts are inline SVG and the page loads nothing from another host."""

import pytest

from architecture.access import AccessLevel
from tests.conftest import make_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(bodies):
    make_database(bodies["commune"], "CSDL-HO-TICH-BA-DINH", AccessLevel.PUBLIC, name_vi="Hộ tịch phường Ba Đình")
    make_database(bodies["commune"], "CSDL-MAT-BA-DINH", AccessLevel.RESTRICTED, name_vi="Hồ sơ mật Ba Đình")
    make_database(bodies["province"], "CSDL-HA-NOI", AccessLevel.PUBLIC, name_vi="Dữ liệu Hà Nội")


def test_drill_down_from_the_nation_to_a_commune_and_back(page, sign_in, users, registry, screenshot, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, users["monitor"])
    page.goto("/monitoring/")
    assert page.locator('[data-figure="databases_total"]').inner_text().strip() == "3"
    assert page.locator("figure svg").count() >= 3
    screenshot(page, "dashboard-national")

    page.locator('tr[data-body="01"] a').first.click()
    page.wait_for_url("**/monitoring/bodies/01/")
    assert "Thành phố Hà Nội" in page.locator("h1").inner_text()

    page.locator('tr[data-body="00004"] a').first.click()
    page.wait_for_url("**/monitoring/bodies/00004/")
    assert page.locator('[data-figure="databases_total"]').inner_text().strip() == "2"
    screenshot(page, "dashboard-commune")
    page.get_by_role("link", name="Hộ tịch phường Ba Đình").click()
    page.wait_for_url("**/databases/CSDL-HO-TICH-BA-DINH")
    page.go_back()

    crumbs = page.locator("nav.breadcrumbs")
    crumbs.get_by_role("link", name="Thành phố Hà Nội").click()
    page.wait_for_url("**/monitoring/bodies/01/")
    page.locator("nav.breadcrumbs a").first.click()
    page.wait_for_url("**/monitoring/")
    assert page.locator('[data-figure="databases_total"]').inner_text().strip() == "3"
    assert all(url.startswith(live_server.url) for url in requested), "a resource from another host"


def test_an_anonymous_visitor_sees_public_counts_only(page, registry):
    page.goto("/monitoring/bodies/00004/")
    assert page.locator('[data-figure="databases_total"]').inner_text().strip() == "1"
    assert page.get_by_text("Hồ sơ mật Ba Đình").count() == 0
