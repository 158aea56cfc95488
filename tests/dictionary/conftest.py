import pytest

from architecture.models import User
from dictionary.models import CodeList, DataElement, ItemStatus
from dictionary.services import element_save


@pytest.fixture
def steward_reviewer(bodies):
    """A reviewer in the steward body (the Ministry of Public Security)."""
    return User.objects.create_user(username="steward", password="x", body=bodies["ministry"], is_reviewer=True)


@pytest.fixture
def element(users, bodies):
    return element_save(user=users["admin"], element=DataElement(
        identifier="ngay-sinh", name_vi="Ngày sinh", name_en="Date of birth", definition="Ngày, tháng, năm sinh.",
        datatype="date", steward=bodies["ministry"], status=ItemStatus.VALID, synonyms="ngày tháng năm sinh\ndob",
    ))


@pytest.fixture
def code_list(bodies):
    return CodeList.objects.create(identifier="gioi-tinh", name_vi="Giới tính", steward=bodies["ministry"],
                                   status=ItemStatus.VALID)
