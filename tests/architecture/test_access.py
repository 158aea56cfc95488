"""The permission matrix of the foundation issue, asked of architecture.access directly and
through the catalog's selectors and services, on a public, an internal and a restricted entry."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from architecture.access import can_edit, can_review, can_view
from catalog.models import ReviewAction
from catalog.selectors import database_list_visible
from catalog.services import database_review_step, database_update

# Who may see each access level of an entry owned by a commune, and who may change it.
SEES = {
    "public": {"owner", "other", "parent", "sibling", "reviewer", "monitor", "admin", "anonymous"},
    "internal": {"owner", "other", "parent", "sibling", "reviewer", "monitor", "admin"},
    "restricted": {"owner", "parent", "reviewer", "monitor", "admin"},
}
EDITS = {"owner", "parent", "admin"}
REVIEWS = {"reviewer", "admin"}
ROLES = ["owner", "other", "parent", "sibling", "reviewer", "monitor", "admin", "anonymous"]


def _who(users, role):
    return AnonymousUser() if role == "anonymous" else users[role]


@pytest.mark.parametrize("level", ["public", "internal", "restricted"])
@pytest.mark.parametrize("role", ROLES)
def test_view_matrix(users, databases, level, role):
    user, database = _who(users, role), databases[level]
    expected = role in SEES[level]
    assert can_view(user, owner=database.owner, access_level=database.access_level) is expected
    listed = database_list_visible(user=user).filter(pk=database.pk).exists()
    assert listed is expected


@pytest.mark.parametrize("role", ROLES)
def test_edit_matrix(users, databases, role):
    user, database = _who(users, role), databases["restricted"]
    assert can_edit(user, owner=database.owner) is (role in EDITS)
    if role in EDITS:
        database_update(user=user, database=database, description_vi=f"sửa bởi {role}")
        database.refresh_from_db()
        assert database.description_vi == f"sửa bởi {role}"
    else:
        with pytest.raises(PermissionDenied):
            database_update(user=user, database=database, description_vi="không được phép")
        database.refresh_from_db()
        assert database.description_vi == ""


@pytest.mark.parametrize("role", ROLES)
def test_review_matrix(users, databases, role):
    user, database = _who(users, role), databases["public"]
    assert can_review(user) is (role in REVIEWS)
    database_review_step(user=users["owner"], database=database, action=ReviewAction.SUBMIT)
    if role in REVIEWS:
        database_review_step(user=user, database=database, action=ReviewAction.MARK_REVIEWED)
    else:
        with pytest.raises(PermissionDenied):
            database_review_step(user=user, database=database, action=ReviewAction.MARK_REVIEWED)


def test_editor_cannot_move_entry_to_a_body_they_do_not_edit(users, databases, bodies):
    database = databases["public"]
    with pytest.raises(PermissionDenied):
        database_update(user=users["owner"], database=database, owner=bodies["other_ministry"])
    database.refresh_from_db()
    assert database.owner == bodies["commune"]


def test_inactive_user_sees_public_only_and_edits_nothing(users, databases):
    owner = users["owner"]
    owner.is_active = False
    owner.save()
    assert set(database_list_visible(user=owner).values_list("identifier", flat=True)) == {"CSDL-CONG-KHAI"}
    assert can_edit(owner, owner=databases["public"].owner) is False


def test_monitor_with_no_editor_role_changes_nothing(users, databases):
    with pytest.raises(PermissionDenied):
        database_update(user=users["monitor"], database=databases["internal"], name_vi="đổi tên")


def test_service_accounts_read_like_anonymous_visitors(users, databases, bodies):
    """A machine account holds no person's rights, even if someone gave it a body and a role."""
    from architecture.models import User

    machine = User.objects.create_user(username="sync:CSDL-MAT", body=bodies["commune"], is_editor=True,
                                       is_service_account=True)
    assert set(database_list_visible(user=machine).values_list("identifier", flat=True)) == {"CSDL-CONG-KHAI"}
    assert can_edit(machine, owner=bodies["commune"]) is False
