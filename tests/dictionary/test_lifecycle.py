"""Status lifecycle of elements and code lists: DRAFT → SUGGESTED → VALID → SUPERSEDED or RETIRED."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from dictionary.models import DataElement, ItemStatus
from dictionary.services import element_save, item_transition

ALLOWED = [("draft", "suggested"), ("draft", "retired"), ("suggested", "valid"), ("suggested", "draft"),
           ("suggested", "retired"), ("valid", "retired")]
REFUSED = [("draft", "valid"), ("draft", "superseded"), ("valid", "draft"), ("valid", "suggested"),
           ("retired", "valid"), ("superseded", "valid"), ("retired", "draft")]


def _element(users, bodies, status, identifier="ho-ten"):
    successor = None
    if status == ItemStatus.SUPERSEDED:
        successor = _element(users, bodies, ItemStatus.VALID, identifier + "-moi")
    return element_save(user=users["admin"], element=DataElement(
        identifier=identifier, name_vi="Họ và tên", steward=bodies["ministry"], status=status, successor=successor))


@pytest.mark.parametrize("old,new", ALLOWED)
def test_allowed_transitions(users, bodies, steward_reviewer, old, new):
    element = _element(users, bodies, old)
    element = item_transition(user=steward_reviewer, item=element, to_status=new)
    element.refresh_from_db()
    assert element.status == new
    assert element.history.first().history_user == steward_reviewer


@pytest.mark.parametrize("old,new", REFUSED)
def test_refused_transitions(users, bodies, steward_reviewer, old, new):
    element = _element(users, bodies, old)
    with pytest.raises(ValidationError):
        item_transition(user=steward_reviewer, item=element, to_status=new)
    element.refresh_from_db()
    assert element.status == old


def test_superseding_names_a_valid_successor(users, bodies, steward_reviewer, element):
    with pytest.raises(ValidationError):
        item_transition(user=steward_reviewer, item=element, to_status=ItemStatus.SUPERSEDED)
    draft = _element(users, bodies, ItemStatus.DRAFT, "ngay-sinh-2")
    with pytest.raises(ValidationError):
        item_transition(user=steward_reviewer, item=element, to_status=ItemStatus.SUPERSEDED, successor=draft)
    newer = _element(users, bodies, ItemStatus.VALID, "ngay-sinh-3")
    item_transition(user=steward_reviewer, item=element, to_status=ItemStatus.SUPERSEDED, successor=newer)
    element.refresh_from_db()
    assert element.status == ItemStatus.SUPERSEDED and element.successor == newer
    assert list(newer.predecessors.all()) == [element]


def test_database_refuses_superseded_without_successor(element):
    with pytest.raises(IntegrityError), transaction.atomic():
        DataElement.objects.filter(pk=element.pk).update(status=ItemStatus.SUPERSEDED)


def test_code_list_follows_the_same_lifecycle(code_list, steward_reviewer):
    item_transition(user=steward_reviewer, item=code_list, to_status=ItemStatus.RETIRED)
    code_list.refresh_from_db()
    assert code_list.status == ItemStatus.RETIRED
    with pytest.raises(ValidationError):
        item_transition(user=steward_reviewer, item=code_list, to_status=ItemStatus.VALID)


@pytest.mark.parametrize("role", ["owner", "other", "monitor", "reviewer"])
def test_only_the_stewards_reviewer_changes_status(users, element, role):
    """The plain `reviewer` fixture sits in the Ministry of Public Security too; `other`… do not."""
    user = users[role]
    if role == "reviewer":
        item_transition(user=user, item=element, to_status=ItemStatus.RETIRED)
        return
    with pytest.raises(PermissionDenied):
        item_transition(user=user, item=element, to_status=ItemStatus.RETIRED)
    element.refresh_from_db()
    assert element.status == ItemStatus.VALID


def test_search_text_ignores_diacritics(element):
    assert "ngay sinh" in element.search_text
    assert "ngay thang nam sinh" in element.search_text


def test_reviewer_of_another_body_cannot_change_status(bodies, element):
    from architecture.models import User

    outsider = User.objects.create_user(username="byt-reviewer", password="x", body=bodies["other_ministry"],
                                        is_reviewer=True)
    with pytest.raises(PermissionDenied):
        item_transition(user=outsider, item=element, to_status=ItemStatus.RETIRED)
