"""catalog.bulk_import: every bad row named with its line and column, and nothing stored unless all is right."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied

from catalog.bulk_import import databases_import
from catalog.models import Database, Field, Table
from dictionary.models import DataElement, ItemStatus
from tests.conftest import make_database

HEADER = ("database_identifier,database_name_vi,database_kind,database_access_level,database_sync_mode,"
          "database_sync_frequency,table_name,field_name,field_datatype,field_length,field_required,"
          "field_personal_data,field_element\n")
GOOD = HEADER + (
    "CSDL-A,Cơ sở A,local,public,periodic,daily,cong_dan,ho_ten,string,100,1,1,\n"
    "CSDL-A,Cơ sở A,local,public,periodic,daily,cong_dan,ngay_sinh,date,,0,1,cong-dan.ngay-sinh\n"
    "CSDL-A,Cơ sở A,local,public,periodic,daily,ho_khau,so_ho,string,20,1,0,\n"
    "CSDL-B,Cơ sở B,specialized,internal,none,,dat_dai,thua,integer,,,,\n"
)


@pytest.fixture
def element(bodies):
    return DataElement.objects.create(identifier="cong-dan.ngay-sinh", name_vi="Ngày sinh", datatype="date",
                                      status=ItemStatus.VALID, steward=bodies["ministry"])


def counts():
    return Database.objects.count(), Table.objects.count(), Field.objects.count(), Database.history.count()


def test_a_csv_creates_databases_tables_and_fields(users, bodies, element):
    report = databases_import(user=users["owner"], body=bodies["commune"], data=GOOD.encode(), fmt="csv")
    assert report.ok, report.errors
    assert report.counts() == {"databases_created": 2, "databases_updated": 0, "tables": 3, "fields": 4}
    a = Database.objects.get(identifier="CSDL-A")
    assert (a.owner, a.kind, a.access_level, a.sync_frequency) == (bodies["commune"], "local", "public", "daily")
    birth = Field.objects.get(table__database=a, name="ngay_sinh")
    assert birth.element == element and birth.is_personal_data and not birth.required
    assert Field.objects.get(name="ho_ten").length == 100
    assert a.history.get().history_user == users["owner"]
    assert Field.history.filter(history_user=users["owner"]).count() == 4


def test_an_xlsx_creates_the_same(users, bodies, element):
    from openpyxl import Workbook

    workbook = Workbook()
    for line in GOOD.splitlines():
        workbook.active.append(line.split(","))
    workbook.active["J2"] = 100  # a number cell
    out = io.BytesIO()
    workbook.save(out)
    report = databases_import(user=users["owner"], body=bodies["commune"], data=out.getvalue(), fmt="xlsx")
    assert report.counts() == {"databases_created": 2, "databases_updated": 0, "tables": 3, "fields": 4}
    assert Field.objects.get(name="ho_ten").length == 100


def json_file(**database_a):
    return json.dumps({"databases": [
        {"identifier": "CSDL-A", "name_vi": "Cơ sở A", "kind": "local", **database_a, "tables": [
            {"name": "cong_dan", "fields": [{"name": "ho_ten", "datatype": "string", "length": 100},
                                           {"name": "ngay_sinh", "datatype": "date", "element": "cong-dan.ngay-sinh"}]}]},
        {"identifier": "CSDL-B", "name_vi": "Cơ sở B", "kind": "national",
         "tables": [{"name": "t", "fields": [{"name": "f", "datatype": "json", "required": True}]}]},
    ]}).encode()


def test_a_json_file_creates_the_same_and_updates_replacing_tables(users, bodies, element):
    report = databases_import(user=users["owner"], body=bodies["commune"], data=json_file(), fmt="json")
    assert report.counts() == {"databases_created": 2, "databases_updated": 0, "tables": 2, "fields": 3}
    assert Field.objects.get(name="f").required
    report = databases_import(user=users["owner"], body=bodies["commune"], data=json_file(name_en="A"), fmt="json")
    assert report.counts() == {"databases_created": 0, "databases_updated": 2, "tables": 2, "fields": 3}
    assert Database.objects.get(identifier="CSDL-A").name_en == "A"
    assert Table.objects.count() == 2 and Database.objects.get(identifier="CSDL-A").version == 2


BAD_ROWS = [
    ("CSDL-A,Cơ sở A,galactic,public,none,,t,f,string,,,,", "database_kind"),
    ("CSDL-A,Cơ sở A,local,public,none,,t,f,varchar,,,,", "field_datatype"),
    ("CSDL-A,Cơ sở A,local,public,none,,t,f,string,0,,,", "field_length"),
    ("CSDL-A,Cơ sở A,local,public,none,,t,f,string,,,,khong-co", "field_element"),
    ("CSDL-A,Cơ sở A,local,public,none,,t,f,string,,maybe,,", "field_required"),
    ("CSDL-A,Cơ sở A,local,public,periodic,,t,f,string,,,,", "database_sync_frequency"),
]


@pytest.mark.parametrize(("row", "column"), BAD_ROWS)
def test_a_bad_row_is_named_and_nothing_is_stored(users, bodies, row, column):
    before = counts()
    data = (HEADER + "CSDL-OK,Tốt,local,public,none,,t,g,string,,,,\n" + row + "\n").encode()
    report = databases_import(user=users["owner"], body=bodies["commune"], data=data, fmt="csv")
    assert [(error.line, error.column) for error in report.errors] == [(3, column)], report.errors
    assert counts() == before


def test_duplicates_and_disagreements_are_named(users, bodies):
    data = (HEADER + "CSDL-A,Cơ sở A,local,public,none,,t,f,string,,,,\n"
                     "CSDL-A,Cơ sở A,local,public,none,,t,f,integer,,,,\n"
                     "CSDL-A,Khác,local,public,none,,t,g,string,,,,\n").encode()
    report = databases_import(user=users["owner"], body=bodies["commune"], data=data, fmt="csv")
    assert {(error.line, error.column) for error in report.errors} == {(3, "field_name"), (4, "database_name_vi")}
    assert not Database.objects.filter(identifier="CSDL-A").exists()


def test_another_bodys_identifier_is_an_error_and_untouched(users, bodies):
    theirs = make_database(bodies["other_commune"], "CSDL-A", name_vi="Của người khác")
    report = databases_import(user=users["owner"], body=bodies["commune"], data=json_file(), fmt="json")
    assert [(error.line, error.column) for error in report.errors] == [("/databases/0", "identifier"),
                                                                        ("/databases/0/tables/0/fields/1", "element")]
    theirs.refresh_from_db()
    assert theirs.name_vi == "Của người khác" and not Table.objects.exists()


def test_the_caller_must_edit_the_body(users, bodies):
    with pytest.raises(PermissionDenied):
        databases_import(user=users["sibling"], body=bodies["commune"], data=GOOD.encode(), fmt="csv")
