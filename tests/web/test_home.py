"""The home page: a search box for everyone, and for signed-in people what needs their attention."""

import datetime

import pytest
from django.utils import timezone

from architecture.models import LegalDocument, Milestone
from catalog.models import HarvestRun, HarvestSource, HarvestStatus, Table
from tests.conftest import make_database

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_search_box_and_no_attention_list(as_user, databases):
    response = as_user(None).get("/")
    html = response.content.decode()
    assert response.status_code == 200 and 'action="/search/"' in html
    assert response.context["visible_count"] == 1  # the public entry only
    assert "incomplete" not in response.context and 'id="attention"' not in html


def test_the_root_is_the_home_page_not_the_admin(client):
    response = client.get("/")
    assert response.status_code == 200 and "/admin/" not in response.get("Location", "")


def test_an_editor_sees_the_entries_of_their_body_to_complete(as_user, databases, bodies):
    complete = make_database(bodies["commune"], "CSDL-DU", description_vi="Đủ.", contact_email="a@b.vn")
    complete.legal_basis.add(LegalDocument.objects.create(number="1/2025/QĐ", title="Quyết định"))
    Table.objects.create(database=complete, name="bang")
    make_database(bodies["other_ministry"], "CSDL-BO-Y-TE")
    response = as_user("owner").get("/")
    rows = {database.identifier: missing for database, missing in response.context["incomplete"]}
    assert set(rows) == {"CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT"}
    assert len(rows["CSDL-MAT"]) == 4  # description, contact, legal basis, tables and fields


def test_the_missing_parts_are_named(as_user, databases):
    html = as_user("owner").get("/en/").content.decode()
    assert "missing description, contact, legal basis, tables and fields" in html


def test_a_province_editor_sees_its_communes_entries(as_user, databases):
    rows = as_user("parent").get("/").context["incomplete"]
    assert {database.identifier for database, _missing in rows} == {"CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT"}


def test_another_bodys_editor_does_not_see_them(as_user, databases):
    assert as_user("other").get("/").context["incomplete"] == []


def test_monitors_have_no_entries_to_complete(as_user, databases):
    response = as_user("monitor").get("/")
    assert "incomplete" not in response.context and "waiting" not in response.context


def test_reviewers_see_the_reviews_waiting(as_user, databases):
    databases["restricted"].review_state = "submitted"
    databases["restricted"].submitted_on = datetime.date(2025, 8, 1)
    databases["restricted"].save()
    response = as_user("reviewer").get("/")
    assert [database.identifier for database in response.context["waiting"]] == ["CSDL-MAT"]
    assert "waiting" not in as_user("owner").get("/").context


def test_late_milestones_of_the_users_chain(as_user, bodies):
    today = timezone.localdate()
    Milestone.objects.create(body=bodies["commune"], title="Ban hành chiến lược dữ liệu",
                             target_date=today - datetime.timedelta(days=10))
    Milestone.objects.create(body=bodies["other_ministry"], title="Bộ khác trễ hạn",
                             target_date=today - datetime.timedelta(days=10))
    Milestone.objects.create(body=bodies["commune"], title="Chưa đến hạn", target_date=today + datetime.timedelta(days=90))
    assert [m.title for m in as_user("owner").get("/").context["late_milestones"]] == ["Ban hành chiến lược dữ liệu"]
    assert len(as_user("monitor").get("/").context["late_milestones"]) == 2


def test_failing_harvest_sources_for_those_who_read_everything(as_user, bodies):
    source = HarvestSource.objects.create(name="Cổng dữ liệu Hà Nội", url="https://data.hanoi.example/catalog",
                                          owner=bodies["province"])
    HarvestRun.objects.create(source=source, started_at=timezone.now(), status=HarvestStatus.FAILED)
    rows = as_user("monitor").get("/").context["failing_sources"]
    assert [found.name for found, _run in rows] == ["Cổng dữ liệu Hà Nội"]
    assert "failing_sources" not in as_user("owner").get("/").context
