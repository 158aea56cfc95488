"""The benchmark's demo dictionary: counts, determinism, search text, and a reset that removes
exactly the demo entries."""

import pytest

from dictionary.demo import dictionary_demo_generate, dictionary_demo_reset, dictionary_demo_state
from dictionary.models import CodeList, CodeValue, DataElement, ItemStatus, ValueDomain
from dictionary.services import element_search_text


def _snapshot():
    return list(DataElement.objects.filter(identifier__startswith="demo.").order_by("identifier").values_list(
        "identifier", "name_vi", "datatype", "value_domain", "code_list__identifier", "steward__code"))


def test_it_generates_the_asked_counts_deterministically(bodies):
    result = dictionary_demo_generate(elements=120, values=2500, seed=3)
    assert (result["elements"], result["code_values"], result["code_lists"]) == (120, 2500, 3)
    assert CodeList.objects.filter(identifier__startswith="demo.cl").count() == 3
    last_list = CodeValue.objects.filter(code_list__identifier="demo.cl0003").order_by("position")
    assert last_list.count() == 500 and list(last_list.values_list("code", flat=True)[:2]) == ["0001", "0002"]
    first = _snapshot()
    dictionary_demo_generate(elements=120, values=2500, seed=3)
    assert _snapshot() == first
    dictionary_demo_generate(elements=120, values=2500, seed=4)
    assert _snapshot() != first


def test_elements_are_valid_searchable_and_some_use_a_code_list(bodies):
    dictionary_demo_generate(elements=200, values=1000, seed=1)
    demo = DataElement.objects.filter(identifier__startswith="demo.e")
    assert set(demo.values_list("status", flat=True)) == {ItemStatus.VALID}
    for element in demo[:20]:
        assert element.search_text == element_search_text(element) != ""
    coded = demo.filter(value_domain=ValueDomain.CODE_LIST)
    assert 0 < coded.count() < 200 and not coded.filter(code_list__isnull=True).exists()


def test_reset_removes_only_the_demo_entries(bodies, element):
    dictionary_demo_generate(elements=30, values=1200, seed=1)
    assert dictionary_demo_reset() == {"elements": 30, "code_values": 1200}
    assert dictionary_demo_state() == {"elements": 0, "code_values": 0}
    assert list(DataElement.objects.values_list("identifier", flat=True)) == [element.identifier]


@pytest.fixture
def element(users, bodies):
    return DataElement.objects.create(identifier="cong-dan.ngay-sinh", name_vi="Ngày sinh", datatype="date",
                                      status=ItemStatus.VALID, steward=bodies["ministry"])
