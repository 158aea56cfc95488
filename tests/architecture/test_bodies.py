"""The register of bodies: paths that find everything under a body, dates, and the 2025 mergers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from architecture.models import Body, BodyKind, BodyLevel
from architecture.services import body_create, body_save


def test_path_follows_the_parent_chain(bodies):
    assert bodies["province"].path == "01/"
    assert bodies["commune"].path == "01/00004/"
    assert bodies["commune"].ancestor_codes() == ["01"]


def test_moving_a_body_moves_everything_under_it(bodies):
    department = body_create(code="01-SKHCN", name_vi="Sở Khoa học và Công nghệ", kind=BodyKind.DEPARTMENT,
                             level=BodyLevel.PROVINCIAL, parent=bodies["province"])
    unit = body_create(code="01-SKHCN-TT", name_vi="Trung tâm", kind=BodyKind.DEPARTMENT,
                       level=BodyLevel.PROVINCIAL, parent=department)
    department.parent = bodies["ministry"]
    body_save(body=department)
    unit.refresh_from_db()
    assert unit.path == "GOV-M02/01-SKHCN/01-SKHCN-TT/"
    assert set(Body.objects.filter(path__startswith="01/").values_list("code", flat=True)) == {"01", "00004", "00008"}


def test_a_body_cannot_go_under_itself(bodies):
    province = bodies["province"]
    province.parent = bodies["commune"]
    with pytest.raises(ValidationError):
        body_save(body=province)
    province.refresh_from_db()
    assert province.parent is None and province.path == "01/"


def test_effective_dates_in_order(db):
    with pytest.raises(ValidationError):
        body_create(code="X1", name_vi="x", kind=BodyKind.MINISTRY, level=BodyLevel.CENTRAL,
                    effective_from=datetime.date(2025, 7, 1), effective_to=datetime.date(2025, 6, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(code="X2", path="X2/", name_vi="x", kind=BodyKind.MINISTRY, level=BodyLevel.CENTRAL,
                            effective_from=datetime.date(2025, 7, 1), effective_to=datetime.date(2025, 6, 30))


@pytest.mark.parametrize("field,value", [("kind", "club"), ("level", "galactic"), ("unit_type", "village"),
                                         ("code", "có dấu")])
def test_codes_and_choices_enforced_by_the_database(db, field, value):
    values = {"code": "X3", "name_vi": "x", "kind": BodyKind.MINISTRY, "level": BodyLevel.CENTRAL, field: value}
    values["path"] = f"{values['code']}/"
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(**values)


def test_codes_are_unique(bodies):
    with pytest.raises(ValidationError):
        body_create(code="01", name_vi="bản sao", kind=BodyKind.PROVINCE, level=BodyLevel.PROVINCIAL)


def test_merger_traced_through_predecessors(bodies):
    """On 1 July 2025 communes were merged: the new one keeps links to those it replaced."""
    old_a = body_create(code="00001", name_vi="Phường Phúc Xá", kind=BodyKind.COMMUNE, level=BodyLevel.COMMUNAL,
                        parent=bodies["province"], effective_to=datetime.date(2025, 6, 30))
    old_b = body_create(code="00007", name_vi="Phường Trúc Bạch", kind=BodyKind.COMMUNE, level=BodyLevel.COMMUNAL,
                        parent=bodies["province"], effective_to=datetime.date(2025, 6, 30))
    merged = bodies["commune"]
    merged.predecessors.add(old_a, old_b)
    assert set(merged.predecessors.all()) == {old_a, old_b}
    assert list(old_a.successors.all()) == [merged]
    assert not old_a.is_current and merged.is_current
