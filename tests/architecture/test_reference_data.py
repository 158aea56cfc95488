"""The reference-data loader for bodies: what it loads, that a second run writes nothing, that a
renamed commune keeps its old name in the history, and that bad files store nothing."""

import csv
import shutil
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from architecture.models import Body, BodyKind, BodyLevel, FrameworkRequirement, MilestoneTemplate, UnitType
from architecture.reference_data import (
    CENTRAL_FILES,
    REFERENCE_DIRECTORY,
    ReferenceDataError,
    bodies_load,
)
from tests.conftest import load_for_module


def csv_count(name: str) -> int:
    with (REFERENCE_DIRECTORY / name).open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def csv_rewrite(path, *, key=None, values=None, drop=None) -> None:
    """Rewrite a reference file: set `values` on the row whose first column is `key`, or drop a column."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name for name in reader.fieldnames if name != drop]
        rows = list(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            if key is not None and row[header[0]] == key:
                row.update(values)
            writer.writerow(row)


@pytest.fixture
def reference_copy(tmp_path):
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIRECTORY, directory)
    return directory


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once for the whole module (it takes seconds), inside a transaction rolled back at the end.
    Each test runs in its own savepoint on top of it (the `db` fixture), so tests stay independent."""
    yield from load_for_module(django_db_blocker, bodies_load)


def test_it_loads_34_provinces(loaded, db):
    provinces = Body.objects.filter(kind=BodyKind.PROVINCE)
    assert provinces.count() == 34
    assert provinces.filter(unit_type=UnitType.MUNICIPALITY).count() == 7
    assert provinces.filter(unit_type=UnitType.PROVINCE).count() == 27
    assert set(provinces.values_list("level", "parent", "effective_from")) == {
        (BodyLevel.PROVINCIAL, None, date(2025, 7, 1))
    }
    assert loaded["province"] == {"created": 34, "updated": 0, "unchanged": 0}


def test_it_loads_3321_communes_each_under_its_province(loaded, db):
    communes = Body.objects.filter(kind=BodyKind.COMMUNE)
    assert communes.count() == 3321
    assert communes.filter(unit_type=UnitType.COMMUNE).count() == 2611
    assert communes.filter(unit_type=UnitType.WARD).count() == 697
    assert communes.filter(unit_type=UnitType.SPECIAL_ZONE).count() == 13
    assert communes.filter(level=BodyLevel.COMMUNAL, parent__kind=BodyKind.PROVINCE).count() == 3321
    assert loaded["commune"]["created"] == 3321


def test_it_loads_the_central_bodies_and_the_two_the_project_adds(loaded, db):
    expected = sum(csv_count(name) for name in CENTRAL_FILES)
    assert (csv_count("vn_central_bodies.csv"), expected) == (75, 77)
    assert Body.objects.filter(level=BodyLevel.CENTRAL).count() == expected
    assert sum(counts["created"] for counts in loaded.values()) == expected + 34 + 3321 == Body.objects.count()


@pytest.mark.parametrize(("code", "kind", "path"), [
    ("01", BodyKind.PROVINCE, "01/"),
    ("00004", BodyKind.COMMUNE, "01/00004/"),
    ("GOV", BodyKind.GOVERNMENT, "GOV/"),
    ("GOV-M02", BodyKind.MINISTRY, "GOV/GOV-M02/"),
    ("GOV-ML3", BodyKind.MINISTERIAL_AGENCY, "GOV/GOV-ML3/"),
    ("GOV-GA1", BodyKind.GOVERNMENT_AGENCY, "GOV/GOV-GA1/"),
    ("BHXH", BodyKind.DEPARTMENT, "GOV/GOV-M06/BHXH/"),
    ("PTY-02", BodyKind.PARTY, "PTY-01/PTY-02/"),
    ("STA-01", BodyKind.PRESIDENT_OFFICE, "STA-01/"),
    ("NA-03", BodyKind.NATIONAL_ASSEMBLY, "NA-00/NA-03/"),
    ("STA-02", BodyKind.STATE_AUDIT, "NA-00/STA-02/"),
    ("STA-03", BodyKind.CONSTITUTIONAL_BODY, "NA-00/STA-03/"),
    ("JUD-01", BodyKind.SUPREME_COURT, "JUD-01/"),
    ("JUD-02", BodyKind.SUPREME_PROCURACY, "JUD-02/"),
    ("VFF-00", BodyKind.FATHERLAND_FRONT, "VFF-00/"),
    ("VFF-03", BodyKind.SOCIO_POLITICAL, "VFF-00/VFF-03/"),
    ("HQC-18", BodyKind.MASS_ASSOCIATION, "VFF-00/HQC-18/"),
])
def test_known_codes_have_their_kind_and_place(loaded, db, code, kind, path):
    body = Body.objects.get(code=code)
    assert (body.kind, body.path) == (kind, path)


def test_known_names_and_sources(loaded, db):
    hanoi = Body.objects.get(code="01")
    assert (hanoi.name_vi, hanoi.name_en, hanoi.short_name, hanoi.unit_type) == (
        "Thành phố Hà Nội", "Hanoi City", "Hà Nội", UnitType.MUNICIPALITY)
    assert "Decision 19/2025/QĐ-TTg" in hanoi.source
    ba_dinh = Body.objects.get(code="00004")
    assert (ba_dinh.name_vi, ba_dinh.parent, ba_dinh.unit_type) == ("Phường Ba Đình", hanoi, UnitType.WARD)
    assert Body.objects.get(code="GOV-M02").source.startswith("Resolution 176/2025/QH15")
    assert "Ministry of Ethnic and Religious Affairs" in Body.objects.get(code="GOV-M14").note
    assert "391/QĐ-BTC" in Body.objects.get(code="BHXH").source


def test_a_second_run_changes_nothing(loaded, db, django_assert_max_num_queries):
    history = Body.history.count()
    with django_assert_max_num_queries(5):  # the stored bodies are read once, nothing is written
        counts = bodies_load()
    assert {(kind, c["created"], c["updated"]) for kind, c in counts.items()} == {
        (kind, 0, 0) for kind in loaded
    }
    assert sum(c["unchanged"] for c in counts.values()) == Body.objects.count() == 3432
    assert Body.history.count() == history


def test_a_renamed_commune_is_updated_and_keeps_its_old_name(loaded, db, reference_copy):
    csv_rewrite(reference_copy / "vn_wards_2025.csv", key="00004",
                values={"full_name": "Phường Ba Đình Mới", "name": "Ba Đình Mới"})
    history = Body.history.count()
    counts = bodies_load(directory=reference_copy)
    assert counts["commune"] == {"created": 0, "updated": 1, "unchanged": 3320}
    body = Body.objects.get(code="00004")
    assert (body.name_vi, body.short_name, body.path) == ("Phường Ba Đình Mới", "Ba Đình Mới", "01/00004/")
    assert list(body.history.values_list("name_vi", flat=True)[:2]) == ["Phường Ba Đình Mới", "Phường Ba Đình"]
    assert Body.history.count() == history + 1


def test_a_moved_body_carries_its_subtree(loaded, db, reference_copy):
    # Only the grandparent moves; the grandchild changes too, and must land under the new path.
    csv_rewrite(reference_copy / "bodies_added.csv", key="GOV", values={"parent_local_id": "NA-00"})
    csv_rewrite(reference_copy / "bodies_added.csv", key="BHXH", values={"name_en": "Viet Nam Social Security"})
    bodies_load(directory=reference_copy)
    assert Body.objects.get(code="BHXH").path == "NA-00/GOV/GOV-M06/BHXH/"
    assert Body.objects.get(code="GOV-M02").path == "NA-00/GOV/GOV-M02/"


def test_the_command_loads_from_another_directory(loaded, db, reference_copy):
    csv_rewrite(reference_copy / "vn_provinces_2025.csv", key="01", values={"full_name_en": "Ha Noi City"})
    out = StringIO()
    call_command("load_reference_data", directory=reference_copy, stdout=out)
    lines = out.getvalue().splitlines()
    assert "bodies: 0 created, 1 updated, 3,431 unchanged" in lines
    assert "  province: 0 created, 1 updated, 33 unchanged" in lines
    assert "databases: 11 created, 0 updated, 0 unchanged" in lines
    assert Body.objects.get(code="01").name_en == "Ha Noi City"
    # The frameworks and milestone templates load with the rest, from their own fixtures.
    assert any(line.startswith("framework requirements: ") and not line.startswith("framework requirements: 0 ")
               for line in lines)
    assert FrameworkRequirement.objects.exists() and MilestoneTemplate.objects.exists()


def test_an_unknown_parent_is_refused(loaded, db, reference_copy):
    csv_rewrite(reference_copy / "vn_wards_2025.csv", key="00004", values={"province_code": "99"})
    with pytest.raises(ReferenceDataError, match=r"^vn_wards_2025\.csv, line 2: unknown parent code '99'$"):
        bodies_load(directory=reference_copy)
    assert Body.objects.get(code="00004").parent.code == "01"


def test_a_failure_midway_stores_nothing(loaded, db, reference_copy):
    # Provinces are saved before communes: the rename is written, then undone by the bad code.
    csv_rewrite(reference_copy / "vn_provinces_2025.csv", key="01", values={"full_name": "Hà Nội đổi tên"})
    csv_rewrite(reference_copy / "vn_wards_2025.csv", key="00008", values={"code": "000 08"})
    history = Body.history.count()
    with pytest.raises(CommandError, match=r"^vn_wards_2025\.csv, line 3: code: "):
        call_command("load_reference_data", directory=reference_copy, stdout=StringIO())
    assert Body.objects.get(code="01").name_vi == "Thành phố Hà Nội"
    assert Body.history.count() == history
    assert not Body.objects.filter(code="000 08").exists()


def test_a_missing_column_is_refused(loaded, db, reference_copy):
    csv_rewrite(reference_copy / "vn_provinces_2025.csv", drop="full_name")
    with pytest.raises(ReferenceDataError, match=r"^vn_provinces_2025\.csv, line 1: missing column\(s\) full_name$"):
        bodies_load(directory=reference_copy)


def test_an_unknown_category_is_refused(loaded, db, reference_copy):
    csv_rewrite(reference_copy / "vn_central_bodies.csv", key="GOV-M01", values={"category": "Bộ"})
    with pytest.raises(ReferenceDataError, match=r"^vn_central_bodies\.csv, line 2: unknown category 'Bộ'$"):
        bodies_load(directory=reference_copy)
