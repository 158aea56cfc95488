"""Change requests: an editor proposes, the steward's reviewer approves or rejects with a comment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from architecture.models import User
from dictionary.models import ChangeRequest, ChangeStatus, DataElement, ItemStatus
from dictionary.services import change_request_decide, change_request_propose, change_request_withdraw


def _propose_rename(users, element, name="Ngày, tháng, năm sinh"):
    return change_request_propose(user=users["owner"], element=element, proposed={"name_vi": name},
                                  reason="Thống nhất với QCVN 109:2017")


def test_approval_applies_the_change_and_records_it(users, element, steward_reviewer):
    request = _propose_rename(users, element)
    assert request.steward == element.steward
    assert request.due_date == timezone.localdate() + datetime.timedelta(days=30)
    change_request_decide(user=steward_reviewer, change_request=request, approve=True, comment="Đồng ý")
    element.refresh_from_db()
    request.refresh_from_db()
    assert element.name_vi == "Ngày, tháng, năm sinh"
    assert "ngay, thang, nam sinh" in element.search_text
    assert request.status == ChangeStatus.APPROVED and request.decided_by == steward_reviewer
    newest = element.history.first()
    assert newest.history_user == steward_reviewer
    assert newest.history_change_reason == f"change request #{request.pk}"


def test_rejection_keeps_the_approved_version_and_says_why(users, element, steward_reviewer):
    request = _propose_rename(users, element)
    with pytest.raises(ValidationError):
        change_request_decide(user=steward_reviewer, change_request=request, approve=False, comment="")
    change_request_decide(user=steward_reviewer, change_request=request, approve=False,
                          comment="Tên hiện hành đã đúng với Luật Căn cước")
    element.refresh_from_db()
    request.refresh_from_db()
    assert element.name_vi == "Ngày sinh"
    assert request.status == ChangeStatus.REJECTED
    assert request.decision_comment == "Tên hiện hành đã đúng với Luật Căn cước"


def test_only_the_stewards_reviewer_decides(users, bodies, element):
    request = _propose_rename(users, element)
    outsider = User.objects.create_user(username="byt-reviewer", password="x", body=bodies["other_ministry"],
                                        is_reviewer=True)
    for user in (outsider, users["owner"], users["monitor"], users["parent"]):
        with pytest.raises(PermissionDenied):
            change_request_decide(user=user, change_request=request, approve=True)
    request.refresh_from_db()
    assert request.status == ChangeStatus.OPEN


def test_decided_request_cannot_be_decided_again(users, element, steward_reviewer):
    request = _propose_rename(users, element)
    change_request_decide(user=steward_reviewer, change_request=request, approve=True)
    with pytest.raises(ValidationError):
        change_request_decide(user=steward_reviewer, change_request=request, approve=False, comment="muộn")


def test_new_element_becomes_valid_on_approval(users, bodies, steward_reviewer):
    request = change_request_propose(user=users["owner"], reason="Cần cho CSDL hộ tịch", proposed={
        "identifier": "noi-sinh", "name_vi": "Nơi sinh", "definition": "Nơi người đó được sinh ra.",
        "datatype": "string", "max_length": 255, "steward": bodies["ministry"].code})
    change_request_decide(user=steward_reviewer, change_request=request, approve=True)
    element = DataElement.objects.get(identifier="noi-sinh")
    assert element.status == ItemStatus.VALID and element.max_length == 255
    request.refresh_from_db()
    assert request.element == element


@pytest.mark.parametrize("proposed,field", [
    ({"name_vi": "x", "datatype": "colour"}, "datatype"),
    ({"name_vi": "x", "steward": "NO-SUCH-BODY"}, "steward"),
    ({"name_vi": "x", "successor": "y"}, "successor"),
    ({"name_vi": "x", "value_domain": "code_list"}, "value_domain"),
    ({"identifier": "khac"}, "identifier"),
])
def test_bad_proposals_are_refused_with_the_field(users, element, proposed, field):
    with pytest.raises(ValidationError) as error:
        change_request_propose(user=users["owner"], element=element, proposed=proposed, reason="thử")
    assert field in error.value.message_dict or "__all__" in error.value.message_dict
    assert not ChangeRequest.objects.exists()


def test_only_editors_propose_and_a_reason_is_needed(users, element):
    with pytest.raises(PermissionDenied):
        change_request_propose(user=users["monitor"], element=element, proposed={"name_vi": "x"}, reason="thử")
    with pytest.raises(ValidationError):
        change_request_propose(user=users["owner"], element=element, proposed={"name_vi": "x"}, reason=" ")


def test_approval_revalidates_against_the_current_element(users, element, steward_reviewer, code_list):
    request = change_request_propose(user=users["owner"], element=element, reason="dùng danh mục",
                                     proposed={"value_domain": "code_list", "code_list": code_list.identifier})
    code_list.delete()
    with pytest.raises(ValidationError):
        change_request_decide(user=steward_reviewer, change_request=request, approve=True)
    element.refresh_from_db()
    assert element.value_domain == "free"


def test_proposer_may_withdraw(users, element):
    request = _propose_rename(users, element)
    with pytest.raises(PermissionDenied):
        change_request_withdraw(user=users["other"], change_request=request)
    change_request_withdraw(user=users["owner"], change_request=request)
    request.refresh_from_db()
    assert request.status == ChangeStatus.WITHDRAWN
