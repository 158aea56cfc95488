"""The review pages (Resolution 214/NQ-CP, issue #8): the owner's editors submit, reviewers return
with a comment, mark reviewed or standardized; every step is kept and shown; others are refused."""

import pytest

from architecture.access import AccessLevel
from catalog.models import DatabaseReview, ReviewAction, ReviewState
from catalog.services import database_review_step
from tests.conftest import make_database


@pytest.fixture
def database(bodies):
    return make_database(bodies["commune"], "CSDL-RA-SOAT", AccessLevel.RESTRICTED)


def url(database):
    return f"/databases/{database.identifier}/review/"


def as_user(client, user):
    client.force_login(user)
    return client


def test_the_owners_editor_submits_and_the_step_is_kept(client, users, database):
    response = as_user(client, users["owner"]).post(url(database), {"action": "submit", "version": "1"})
    assert response.status_code == 302
    database.refresh_from_db()
    assert database.review_state == ReviewState.SUBMITTED
    step = DatabaseReview.objects.get()
    assert (step.action, step.actor) == (ReviewAction.SUBMIT, users["owner"])


def test_the_owners_editor_sees_only_the_submit_step(client, users, database):
    response = as_user(client, users["owner"]).get(url(database))
    assert response.status_code == 200
    assert [action for action, _label in response.context["actions"]] == [ReviewAction.SUBMIT]
    assert "Gửi rà soát" in response.content.decode()


def test_an_editor_cannot_mark_reviewed(client, users, database):
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    response = as_user(client, users["owner"]).post(url(database), {"action": "mark_reviewed"})
    assert response.status_code == 403
    database.refresh_from_db()
    assert database.review_state == ReviewState.SUBMITTED


def test_a_reviewer_returns_with_a_comment_and_the_history_shows_it(client, users, database):
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    client = as_user(client, users["reviewer"])
    response = client.post(url(database), {"action": "return", "comment": "Thiếu căn cứ pháp lý."})
    assert response.status_code == 302
    database.refresh_from_db()
    assert database.review_state == ReviewState.RETURNED
    html = client.get(url(database)).content.decode()
    assert "Thiếu căn cứ pháp lý." in html
    assert "Lịch sử rà soát" in html


def test_returning_without_a_comment_is_an_error_and_changes_nothing(client, users, database):
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    response = as_user(client, users["reviewer"]).post(url(database), {"action": "return", "comment": " "})
    assert response.status_code == 400
    assert "comment" in response.context["form"].errors
    database.refresh_from_db()
    assert database.review_state == ReviewState.SUBMITTED
    assert DatabaseReview.objects.count() == 1


def test_a_reviewer_marks_reviewed_then_standardized(client, users, database):
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    client = as_user(client, users["reviewer"])
    assert client.post(url(database), {"action": "mark_reviewed"}).status_code == 302
    assert client.post(url(database), {"action": "mark_standardized"}).status_code == 302
    database.refresh_from_db()
    assert database.review_state == ReviewState.STANDARDIZED
    assert database.reviewed_on and database.standardized_on


def test_a_reviewer_sees_no_editing_link(client, users, database):
    html = as_user(client, users["reviewer"]).get(url(database)).content.decode()
    assert f"/databases/{database.identifier}/edit/" not in html
    assert f"/databases/{database.identifier}/tables/new/" not in html
    owner_html = as_user(client, users["owner"]).get(url(database)).content.decode()
    assert f"/databases/{database.identifier}/edit/" in owner_html


def test_a_step_impossible_from_the_state_is_an_error(client, users, database):
    response = as_user(client, users["reviewer"]).post(url(database), {"action": "mark_reviewed"})
    assert response.status_code == 400
    assert "action" in response.context["form"].errors
    database.refresh_from_db()
    assert database.review_state == ReviewState.NOT_REVIEWED


def test_a_stale_submission_is_refused(client, users, database):
    response = as_user(client, users["owner"]).post(url(database), {"action": "submit", "version": "0"})
    assert response.status_code == 409
    database.refresh_from_db()
    assert database.review_state == ReviewState.NOT_REVIEWED


@pytest.mark.parametrize("role, status", [("other", 404), ("sibling", 404), ("monitor", 403)])
def test_others_are_refused(client, users, database, role, status):
    client = as_user(client, users[role])
    assert client.get(url(database)).status_code == status
    assert client.post(url(database), {"action": "submit"}).status_code == status
    database.refresh_from_db()
    assert database.review_state == ReviewState.NOT_REVIEWED


def test_anonymous_visitors_are_sent_to_sign_in(client, database):
    response = client.post(url(database), {"action": "submit"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_review_queue_lists_submitted_entries_for_reviewers_only(client, users, database, bodies):
    make_database(bodies["commune"], "CSDL-CHUA-GUI")
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    response = as_user(client, users["reviewer"]).get("/reviews/")
    assert response.status_code == 200
    assert [d.identifier for d in response.context["databases"]] == ["CSDL-RA-SOAT"]
    for role in ("owner", "monitor"):
        assert as_user(client, users[role]).get("/reviews/").status_code == 403


def test_the_database_page_offers_submit_to_the_owner_only(client, users, bodies):
    public = make_database(bodies["commune"], "CSDL-CONG-KHAI")
    page = f"/databases/{public.identifier}"
    assert 'value="submit"' in as_user(client, users["owner"]).get(page, HTTP_ACCEPT="text/html").content.decode()
    for role in ("reviewer", "monitor", "other"):
        html = as_user(client, users[role]).get(page, HTTP_ACCEPT="text/html").content.decode()
        assert 'value="submit"' not in html
    assert url(public) in as_user(client, users["reviewer"]).get(page, HTTP_ACCEPT="text/html").content.decode()
