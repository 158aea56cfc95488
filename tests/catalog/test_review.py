"""The Resolution 214 review of database entries: submit, return with comments, reviewed, standardized."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import DatabaseReview, ReviewAction, ReviewState
from catalog.services import database_review_step


def test_full_review_is_dated_attributed_and_kept(users, databases):
    database = databases["internal"]
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    database_review_step(user=users["reviewer"], database=database, action=ReviewAction.RETURN,
                         comment="Thiếu căn cứ pháp lý")
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    database_review_step(user=users["reviewer"], database=database, action=ReviewAction.MARK_REVIEWED)
    database_review_step(user=users["reviewer"], database=database, action=ReviewAction.MARK_STANDARDIZED)

    database.refresh_from_db()
    today = timezone.localdate()
    assert database.review_state == ReviewState.STANDARDIZED
    assert database.reviewed_on == today and database.standardized_on == today
    steps = list(DatabaseReview.objects.filter(database=database).values_list("action", "actor__username", "to_state"))
    assert steps == [
        ("submit", "owner", "submitted"),
        ("return", "reviewer", "returned"),
        ("submit", "owner", "submitted"),
        ("mark_reviewed", "reviewer", "reviewed"),
        ("mark_standardized", "reviewer", "standardized"),
    ]
    returned = DatabaseReview.objects.get(database=database, action=ReviewAction.RETURN)
    assert returned.comment == "Thiếu căn cứ pháp lý"
    assert returned.at is not None


def test_returned_entry_must_say_why(users, databases):
    database = databases["internal"]
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    with pytest.raises(ValidationError) as error:
        database_review_step(user=users["reviewer"], database=database, action=ReviewAction.RETURN, comment="  ")
    assert "comment" in error.value.message_dict
    database.refresh_from_db()
    assert database.review_state == ReviewState.SUBMITTED


@pytest.mark.parametrize("action", [ReviewAction.MARK_REVIEWED, ReviewAction.MARK_STANDARDIZED, ReviewAction.RETURN])
def test_reviewer_cannot_decide_before_submission(users, databases, action):
    database = databases["internal"]
    with pytest.raises(ValidationError):
        database_review_step(user=users["reviewer"], database=database, action=action, comment="x")
    database.refresh_from_db()
    assert database.review_state == ReviewState.NOT_REVIEWED
    assert not database.reviews.exists()


def test_cannot_submit_twice(users, databases):
    database = databases["internal"]
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    with pytest.raises(ValidationError):
        database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    assert database.reviews.count() == 1


def test_unknown_step_is_refused(users, databases):
    with pytest.raises(ValidationError):
        database_review_step(user=users["admin"], database=databases["internal"], action="approve_everything")


def test_each_step_counts_a_version(users, databases):
    database = databases["internal"]
    before = database.version
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    database.refresh_from_db()
    assert database.version == before + 1
