import datetime

import pytest
from django.utils import timezone

from architecture.models import (
    BodyKind,
    BodyLevel,
    ChiefEngineer,
    Milestone,
    Strategy,
    UnitType,
)
from architecture.services import body_create
from tests.conftest import make_database

pytestmark = pytest.mark.django_db


def test_the_list_shows_central_bodies_and_provinces(as_user, bodies):
    codes = [body.code for body in as_user(None).get("/bodies/").context["page"]]
    assert "01" in codes and "GOV-M02" in codes and "00004" not in codes


def test_the_list_searches_without_diacritics(as_user, bodies):
    codes = [body.code for body in as_user(None).get("/bodies/", {"q": "ngoc ha"}).context["page"]]
    assert codes == ["00008"]


def test_the_list_filters_by_level(as_user, bodies):
    codes = {body.code for body in as_user(None).get("/bodies/", {"level": "communal"}).context["page"]}
    assert codes == {"00004", "00008"}


def test_a_bad_search_is_a_400(as_user, bodies):
    assert as_user(None).get("/bodies/", {"q": " ".join(["a"] * 9)}).status_code == 400


def test_the_body_page_shows_the_bodies_under_it_paginated(as_user, bodies):
    for number in range(60):
        body_create(code=f"9{number:04d}", name_vi=f"Xã thử {number:02d}", kind=BodyKind.COMMUNE,
                    level=BodyLevel.COMMUNAL, unit_type=UnitType.COMMUNE, parent=bodies["province"])
    first = as_user(None).get("/bodies/01/")
    assert first.status_code == 200 and first.context["children"].paginator.count == 62
    assert len(first.context["children"]) == 50
    assert len(as_user(None).get("/bodies/01/", {"page": 2}).context["children"]) == 12


def test_an_unknown_body_is_404(as_user, bodies):
    assert as_user(None).get("/bodies/KHONG-CO/").status_code == 404


@pytest.mark.parametrize("role,sees_restricted", [(None, False), ("other", False), ("owner", True), ("monitor", True)])
def test_the_body_page_lists_only_the_databases_the_reader_may_see(as_user, databases, role, sees_restricted):
    html = as_user(role).get("/bodies/01/").content.decode()
    assert "CSDL-CONG-KHAI" in html
    assert ("CSDL-MAT" in html) is sees_restricted


def test_strategies_milestones_and_chief_engineers(as_user, bodies):
    province = bodies["province"]
    Strategy.objects.create(body=province, kind="data", title="Chiến lược dữ liệu thành phố", status="drafting",
                            period_start=2025, period_end=2030)
    Milestone.objects.create(body=province, title="Hoàn thành làm sạch dữ liệu",
                             target_date=timezone.localdate() - datetime.timedelta(days=3))
    ChiefEngineer.objects.create(body=province, role="it", person_name="Nguyễn Văn A", email="a@hanoi.gov.vn",
                                 phone="0241234567", start_date=datetime.date(2025, 9, 1))
    html = as_user(None).get("/bodies/01/").content.decode()
    assert "Chiến lược dữ liệu thành phố" in html and "2025–2030" in html
    assert "Hoàn thành làm sạch dữ liệu" in html and "status-late" in html
    assert "Nguyễn Văn A" in html


def test_chief_engineers_contacts_only_to_signed_in_users(as_user, bodies, users):
    ChiefEngineer.objects.create(body=bodies["province"], role="it", person_name="Nguyễn Văn A",
                                 email="a@hanoi.gov.vn", phone="0241234567", start_date=datetime.date(2025, 9, 1))
    assert "a@hanoi.gov.vn" not in as_user(None).get("/bodies/01/").content.decode()
    assert "0241234567" not in as_user(None).get("/bodies/01/").content.decode()
    assert "a@hanoi.gov.vn" in as_user("other").get("/bodies/01/").content.decode()


def test_the_body_page_links_its_parent_and_databases(as_user, databases):
    html = as_user(None).get("/bodies/00004/").content.decode()
    assert 'href="/bodies/01/"' in html and 'href="/databases/CSDL-CONG-KHAI"' in html


def test_many_databases_link_to_the_full_list(as_user, bodies):
    for number in range(51):
        make_database(bodies["commune"], f"CSDL-{number:02d}")
    assert 'href="/databases/?body=00004"' in as_user(None).get("/bodies/00004/").content.decode()
