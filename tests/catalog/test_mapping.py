"""Fields mapped to the dictionary: mismatch checks, local fields, coverage figures, suggestions."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from catalog.coverage import Coverage, coverage_by_child, coverage_by_database, coverage_by_level, coverage_total
from catalog.mapping import MISMATCHED, field_mismatches
from catalog.models import Field, Table
from catalog.selectors import database_list_visible
from catalog.services import field_map, field_mark_local
from dictionary.models import DataElement, ItemStatus
from dictionary.selectors import element_suggest
from dictionary.services import element_save
from tests.conftest import make_database


def _element(users, identifier, datatype="string", max_length=None, status=ItemStatus.VALID, **fields):
    return element_save(user=users["admin"], element=DataElement(
        identifier=identifier, name_vi=fields.pop("name_vi", identifier), datatype=datatype, max_length=max_length,
        status=status, **fields))


def _table(database, name="bang"):
    return Table.objects.get_or_create(database=database, name=name)[0]


def test_database_rules_and_field_checks_agree(users, databases):
    """Every combination of datatype and length gives the same verdict in SQL and in Python."""
    table = _table(databases["public"])
    elements = [_element(users, f"e-{datatype}-{limit}", datatype, limit)
                for datatype, limit in itertools.product(["string", "text", "integer", "date"], [None, 50])
                if not (datatype in {"integer", "date"} and limit)]
    cases = itertools.product(elements, ["string", "text", "integer", "date"], [None, 20, 50, 80])
    for number, (element, datatype, length) in enumerate(cases):
        Field.objects.create(table=table, name=f"f{number}", datatype=datatype, length=length, element=element)
    in_sql = set(Field.objects.filter(MISMATCHED).values_list("pk", flat=True))
    in_python = {field.pk for field in Field.objects.select_related("element") if field_mismatches(field)}
    assert in_sql == in_python
    assert 0 < len(in_sql) < Field.objects.count()


def test_mismatch_reasons_are_readable(users, databases):
    element = _element(users, "ho-ten", "string", 100, name_vi="Họ và tên")
    field = Field(table=_table(databases["public"]), name="ho_ten", datatype="text", length=255, element=element)
    reasons = field_mismatches(field)
    assert len(reasons) == 2
    assert "255" in reasons[1] and "100" in reasons[1]
    assert field_mismatches(Field(name="x", datatype="string", length=100), element) == []


def test_map_and_mark_local_check_ownership(users, databases):
    element = _element(users, "ngay-sinh", "date")
    field = Field.objects.create(table=_table(databases["restricted"]), name="ngay_sinh", datatype="date")
    for role in ("other", "sibling", "monitor", "reviewer"):
        with pytest.raises(PermissionDenied):
            field_map(user=users[role], field=field, element=element)
    field_map(user=users["parent"], field=field, element=element)
    field.refresh_from_db()
    assert field.element == element and field.history.first().history_user == users["parent"]

    with pytest.raises(ValidationError):
        field_mark_local(user=users["owner"], field=field, reason="  ")
    field_mark_local(user=users["owner"], field=field, reason="Mã nội bộ của phường")
    field.refresh_from_db()
    assert field.is_local and field.element is None


def test_fields_are_not_mapped_to_ended_elements(users, databases):
    retired = _element(users, "bi-danh", status=ItemStatus.RETIRED)
    field = Field.objects.create(table=_table(databases["public"]), name="bi_danh", datatype="string")
    with pytest.raises(ValidationError):
        field_map(user=users["owner"], field=field, element=retired)


def test_local_field_maps_nothing_and_says_why(users, databases):
    element = _element(users, "x")
    table = _table(databases["public"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Field.objects.create(table=table, name="a", datatype="string", is_local=True, local_reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Field.objects.create(table=table, name="b", datatype="string", is_local=True, local_reason="x", element=element)


@pytest.fixture
def coverage_fixture(users, bodies, databases):
    """Known figures: the commune's public database has 4 fields (ok, mismatched, local, unmapped),
    its restricted one 2 (ok, unmapped), the province's own 1 (ok), the ministry's 2 (mismatched, ok)."""
    date = _element(users, "ngay-sinh", "date")
    name = _element(users, "ho-ten", "string", 100)

    def fields(database, *specs):
        table = _table(database)
        for number, (datatype, length, element, local) in enumerate(specs):
            Field.objects.create(table=table, name=f"f{number}", datatype=datatype, length=length, element=element,
                                 is_local=local, local_reason="nội bộ" if local else "")

    fields(databases["public"], ("date", None, date, False), ("string", 200, name, False),
           ("string", 10, None, True), ("string", 10, None, False))
    fields(databases["restricted"], ("string", 100, name, False), ("integer", None, None, False))
    fields(make_database(bodies["province"], "CSDL-TINH"), ("date", None, date, False))
    fields(make_database(bodies["ministry"], "CSDL-BO", kind="national"),
           ("string", None, date, False), ("date", None, date, False))


def test_coverage_figures_on_a_known_fixture(users, coverage_fixture):
    databases = database_list_visible(user=users["monitor"])
    assert coverage_total(databases=databases) == Coverage(total=9, mapped=6, mismatched=2, local=1)
    total = coverage_total(databases=databases)
    assert (total.unmapped, total.conforming, total.share("conforming")) == (2, 4, 44.4)

    by_database = {databases.get(pk=pk).identifier: figures
                   for pk, figures in coverage_by_database(databases=databases).items()}
    assert by_database["CSDL-CONG-KHAI"] == Coverage(total=4, mapped=2, mismatched=1, local=1)
    assert by_database["CSDL-MAT"] == Coverage(total=2, mapped=1, mismatched=0, local=0)

    assert coverage_by_level(databases=databases) == {
        "central": Coverage(2, 2, 1, 0), "provincial": Coverage(1, 1, 0, 0), "communal": Coverage(6, 3, 1, 1)}
    # National view: Hanoi rolls up its communes; the ministry stands alone.
    assert coverage_by_child(databases=databases, parent=None) == {
        "01": Coverage(7, 4, 1, 1), "GOV-M02": Coverage(2, 2, 1, 0)}


def test_coverage_drills_down_under_a_body(users, bodies, coverage_fixture):
    databases = database_list_visible(user=users["monitor"])
    assert coverage_by_child(databases=databases, parent=bodies["province"]) == {
        "00004": Coverage(6, 3, 1, 1), "": Coverage(1, 1, 0, 0)}


def test_coverage_never_counts_what_the_caller_cannot_see(users, coverage_fixture):
    for user in (AnonymousUser(), users["other"]):
        visible = coverage_total(databases=database_list_visible(user=user))
        assert visible == Coverage(total=7, mapped=5, mismatched=2, local=1)  # without CSDL-MAT's 2 fields


def test_suggestions_ignore_diacritics_case_and_separators(users):
    birth = _element(users, "ngay-sinh", "date", name_vi="Ngày sinh", name_en="Date of birth",
                     synonyms="Ngày tháng năm sinh\ndob")
    _element(users, "noi-sinh", name_vi="Nơi sinh")
    _element(users, "ngay-cap", "date", name_vi="Ngày cấp")
    _element(users, "ngay-sinh-cu", "date", name_vi="Ngày sinh (cũ)", status=ItemStatus.RETIRED)
    for name in ("ngay sinh", "NGAY_SINH", "ngaysinh", "Ngày sinh", "dob", "date of birth", "ngay_thang_nam_sinh"):
        assert element_suggest(name=name)[0] == birth, name
    assert all(element.identifier != "ngay-sinh-cu" for element in element_suggest(name="ngay sinh"))
    assert element_suggest(name="zzz qqq") == []
    assert element_suggest(name="  ") == []



def test_the_closest_element_is_found_among_thousands_sharing_a_word(users, bodies):
    """At national scale a common word ("ngay") is in thousands of names: the element holding the
    whole name is still a candidate, whatever its place in the register's order."""
    DataElement.objects.bulk_create([
        DataElement(identifier=f"a.ngay-cap-{number}", name_vi=f"Ngày cấp giấy tờ {number}", status=ItemStatus.VALID,
                    search_text=f"a ngay cap {number} ngay cap giay to {number}") for number in range(400)])
    birth = _element(users, "zz.ngay-sinh", "date", name_vi="Ngày sinh")
    assert element_suggest(name="ngay_sinh")[0] == birth
