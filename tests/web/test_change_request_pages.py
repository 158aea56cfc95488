"""The dictionary's change-request pages (issue #8): any editor proposes, a reviewer of the steward
body decides (a rejection says why), the proposer withdraws; signed-in users read the list."""

import pytest

from architecture.models import User
from dictionary.models import ChangeKind, ChangeRequest, ChangeStatus, DataElement, ItemStatus
from dictionary.services import change_request_propose, element_save

NEW = "/dictionary/change-requests/new/"


@pytest.fixture
def steward_reviewer(bodies):
    return User.objects.create_user(username="steward", password="x", body=bodies["ministry"], is_reviewer=True)


@pytest.fixture
def element(users, bodies):
    return element_save(user=users["admin"], element=DataElement(
        identifier="ngay-sinh", name_vi="Ngày sinh", datatype="date", steward=bodies["ministry"],
        status=ItemStatus.VALID))


@pytest.fixture
def proposal(users, bodies):
    return change_request_propose(user=users["owner"], reason="Cần cho hộ tịch.", proposed={
        "identifier": "noi-sinh", "name_vi": "Nơi sinh", "datatype": "string", "steward": bodies["ministry"].code})


def as_user(client, user):
    client.force_login(user)
    return client


def new_element(**overrides):
    data = {"identifier": "que-quan", "name_vi": "Quê quán", "datatype": "string", "steward": "GOV-M02",
            "reason": "Dùng trong nhiều cơ sở dữ liệu."}
    data.update(overrides)
    return data


def test_an_editor_proposes_a_new_element(client, users, bodies):
    response = as_user(client, users["owner"]).post(NEW, new_element())
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert (change.kind, change.steward, change.proposed_by) == (ChangeKind.CREATE, bodies["ministry"], users["owner"])
    assert change.proposed == {"identifier": "que-quan", "name_vi": "Quê quán", "datatype": "string",
                               "steward": "GOV-M02"}
    assert response["Location"] == f"/dictionary/change-requests/{change.pk}/"
    assert not DataElement.objects.filter(identifier="que-quan").exists()


def test_a_change_to_an_element_proposes_only_what_differs(client, users, element):
    page = as_user(client, users["owner"]).get(f"{NEW}?element={element.identifier}")
    assert page.status_code == 200
    assert page.context["form"]["name_vi"].value() == "Ngày sinh"
    response = client.post(NEW, {"element": element.identifier, "name_vi": "Ngày, tháng, năm sinh",
                                 "datatype": "date", "reason": "Tên đầy đủ."})
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert (change.kind, change.element) == (ChangeKind.UPDATE, element)
    assert change.proposed == {"name_vi": "Ngày, tháng, năm sinh"}


def test_invalid_proposals_are_form_errors_and_record_nothing(client, users):
    client = as_user(client, users["owner"])
    no_reason = client.post(NEW, new_element(reason=""))
    assert no_reason.status_code == 400 and "reason" in no_reason.context["form"].errors
    bad_identifier = client.post(NEW, new_element(identifier="có dấu"))
    assert bad_identifier.status_code == 400 and "identifier" in bad_identifier.context["form"].errors
    no_steward = client.post(NEW, new_element(steward="KHONG-CO"))
    assert no_steward.status_code == 400 and "steward" in no_steward.context["form"].errors
    assert "Không có cơ quan nào mang mã này." in no_steward.content.decode()
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "monitor"])
def test_non_editors_may_not_propose(client, users, role):
    assert as_user(client, users[role]).get(NEW).status_code == 403
    assert client.post(NEW, new_element()).status_code == 403
    assert not ChangeRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for address in (NEW, "/dictionary/change-requests/"):
        response = client.get(address)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_open_requests_and_the_propose_button_to_editors(client, users, proposal):
    response = as_user(client, users["owner"]).get("/dictionary/change-requests/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nơi sinh" in html and NEW in html
    monitor_html = as_user(client, users["monitor"]).get("/dictionary/change-requests/").content.decode()
    assert "Nơi sinh" in monitor_html and NEW not in monitor_html


def test_the_stewards_reviewer_approves(client, steward_reviewer, proposal):
    detail = f"/dictionary/change-requests/{proposal.pk}/"
    client = as_user(client, steward_reviewer)
    assert client.get(detail).context["form"] is not None
    response = client.post(detail, {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ChangeStatus.APPROVED
    assert DataElement.objects.get(identifier="noi-sinh").status == ItemStatus.VALID


def test_a_rejection_says_why(client, steward_reviewer, proposal):
    detail = f"/dictionary/change-requests/{proposal.pk}/"
    response = as_user(client, steward_reviewer).post(detail, {"decision": "reject", "comment": ""})
    assert response.status_code == 400
    assert "comment" in response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.status == ChangeStatus.OPEN
    assert client.post(detail, {"decision": "reject", "comment": "Trùng với quê quán."}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ChangeStatus.REJECTED


@pytest.mark.parametrize("role", ["owner", "other", "monitor", "reviewer"])
def test_others_may_not_decide(client, users, proposal, role):
    """The reviewer of the fixtures belongs to the Ministry of Public Security, as does the steward here:
    but only reviewers of the steward body decide, so a reviewer of another body would be refused."""
    if role == "reviewer":
        users[role].body = users["other"].body
        users[role].save()
    detail = f"/dictionary/change-requests/{proposal.pk}/"
    client = as_user(client, users[role])
    assert client.get(detail).context["form"] is None
    assert client.post(detail, {"decision": "approve"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ChangeStatus.OPEN


def test_the_proposer_withdraws_and_others_may_not(client, users, proposal):
    withdraw = f"/dictionary/change-requests/{proposal.pk}/withdraw/"
    assert as_user(client, users["other"]).post(withdraw).status_code == 403
    assert as_user(client, users["owner"]).post(withdraw).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ChangeStatus.WITHDRAWN
