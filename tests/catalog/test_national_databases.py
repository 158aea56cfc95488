"""The national databases named in law (Decree 47/2024/NĐ-CP, Decision 714/QĐ-TTg), loaded from
the reference list: owners, flags, legal basis, and a second run that writes nothing."""

import csv
import shutil
from datetime import date

import pytest

from architecture.access import AccessLevel
from architecture.models import LegalDocument
from architecture.reference_data import (
    PROVINCES_FILE,
    REFERENCE_DIRECTORY,
    WARDS_FILE,
    ReferenceDataError,
    bodies_load,
)
from catalog.models import Database, DatabaseKind, Lifecycle
from catalog.reference_data import national_databases_load
from tests.conftest import load_for_module

OWNERS = {
    "NDB-01": "GOV-M02", "NDB-02": "GOV-M08", "NDB-03": "GOV-M06", "NDB-04": "GOV-M06", "NDB-05": "BHXH",
    "NDB-06": "GOV-M04", "NDB-07": "GOV-ML3", "NDB-08": "GOV-M02", "NDB-09": "GOV-M09", "NDB-10": "GOV-M02",
    "P714-4": "GOV-M06",
}


def reference_copy(directory):
    shutil.copytree(REFERENCE_DIRECTORY, directory)
    return directory


def csv_rewrite(path, key, values) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows({**row, **values} if row[header[0]] == key else row for row in rows)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The central bodies (the owners) and the databases, once for the module, rolled back at the end.
    Provinces and communes own no national database, so their files are emptied to keep this fast."""
    directory = reference_copy(tmp_path_factory.mktemp("central") / "reference")
    for name in (PROVINCES_FILE, WARDS_FILE):
        header = (directory / name).read_text(encoding="utf-8-sig").splitlines()[0]
        (directory / name).write_text(header + "\n", encoding="utf-8")
    def load():
        bodies_load(directory=directory)
        return national_databases_load()

    yield from load_for_module(django_db_blocker, load)


def test_it_loads_the_ten_of_decree_47_and_the_unmatched_2015_entry(loaded, db):
    assert set(Database.objects.values_list("identifier", flat=True)) == set(OWNERS)
    assert set(Database.objects.values_list("kind", "access_level")) == {(DatabaseKind.NATIONAL, AccessLevel.PUBLIC)}
    assert loaded == {
        "legal_documents": {"created": 3, "updated": 0, "unchanged": 0},
        "databases": {"created": 11, "updated": 0, "unchanged": 0},
    }


def test_owners_are_the_managing_bodies_after_2025(loaded, db):
    assert dict(Database.objects.values_list("identifier", "owner__code")) == OWNERS


def test_rows_marked_verify_are_flagged(loaded, db):
    flagged = set(Database.objects.filter(needs_verification=True).values_list("identifier", flat=True))
    # NDB-05's own row is confirmed by the VSS page, but its 2015 row (P714-6) says VERIFY;
    # NDB-08's owner comes from the Law on Data, not from the list; NDB-09 is confirmed.
    assert flagged == set(OWNERS) - {"NDB-09"}
    assert "Note: agency: knowledge, verify" in Database.objects.get(identifier="NDB-01").source


def test_legal_basis_cites_decree_47_and_the_2015_list_where_it_matches(loaded, db):
    basis = {db.identifier: {doc.number for doc in db.legal_basis.all()}
             for db in Database.objects.prefetch_related("legal_basis")}
    both = {"47/2024/NĐ-CP", "714/QĐ-TTg"}
    assert basis == {
        "NDB-01": both, "NDB-02": both, "NDB-03": both, "NDB-04": both, "NDB-05": both,
        "NDB-06": {"47/2024/NĐ-CP"}, "NDB-07": {"47/2024/NĐ-CP"}, "NDB-08": {"47/2024/NĐ-CP"},
        "NDB-09": {"47/2024/NĐ-CP"}, "NDB-10": {"47/2024/NĐ-CP"}, "P714-4": {"714/QĐ-TTg"},
    }
    assert dict(LegalDocument.objects.values_list("number", "issued_on")) == {
        "47/2024/NĐ-CP": date(2024, 5, 9), "194/2025/NĐ-CP": date(2025, 7, 3), "714/QĐ-TTg": date(2015, 5, 22),
    }
    assert "194/2025/NĐ-CP" in LegalDocument.objects.get(number="47/2024/NĐ-CP").note
    assert "P714-1" in Database.objects.get(identifier="NDB-01").source


def test_lifecycle_is_in_operation_for_decree_47_and_left_alone_for_p714_4(loaded, db):
    assert set(Database.objects.exclude(identifier="P714-4").values_list("lifecycle", flat=True)) == {
        Lifecycle.IN_OPERATION}
    assert Database.objects.get(identifier="P714-4").lifecycle == Lifecycle.PLANNED


def test_a_second_run_changes_nothing(loaded, db):
    histories = [Database.history.count(), LegalDocument.history.count(),
                 Database.history.model.legal_basis.model.objects.count()]
    counts = national_databases_load()
    assert counts == {
        "legal_documents": {"created": 0, "updated": 0, "unchanged": 3},
        "databases": {"created": 0, "updated": 0, "unchanged": 11},
    }
    assert [Database.history.count(), LegalDocument.history.count(),
            Database.history.model.legal_basis.model.objects.count()] == histories


def test_a_renamed_database_is_updated_and_keeps_its_old_name(loaded, db, tmp_path):
    directory = reference_copy(tmp_path / "reference")
    csv_rewrite(directory / "vn_national_databases.csv", "NDB-07", {"name_vi": "CSDL quốc gia về thủ tục hành chính"})
    counts = national_databases_load(directory=directory)
    assert counts["databases"] == {"created": 0, "updated": 1, "unchanged": 10}
    entry = Database.objects.get(identifier="NDB-07")
    assert list(entry.history.values_list("name_vi", flat=True)[:2]) == [
        "CSDL quốc gia về thủ tục hành chính", "Cơ sở dữ liệu quốc gia về thủ tục hành chính"]


def test_an_unknown_agency_is_refused_and_nothing_stored(loaded, db, tmp_path):
    directory = reference_copy(tmp_path / "reference")
    path = directory / "vn_national_databases.csv"
    csv_rewrite(path, "NDB-01", {"name_en": "Population database"})
    csv_rewrite(path, "NDB-06", {"managing_agency_post_2025": "Bộ Không Có"})
    history = Database.history.count()
    with pytest.raises(ReferenceDataError, match=r"^vn_national_databases\.csv, line 7: no single central body"):
        national_databases_load(directory=directory)
    assert Database.objects.get(identifier="NDB-01").name_en == "National population database"
    assert Database.history.count() == history
