"""Code lists out to CSV/XLSX and back in: round trips, all-or-nothing checks, who may import."""

import csv
import datetime
import io
import random
import time
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from dictionary import codelist_io_read
from dictionary.codelist_io import code_list_export, code_list_import
from dictionary.models import CodeList, CodeValue, CodeValueAlias

FORMULA_LABEL = '=HYPERLINK("https://example.invalid","Sài Gòn")'


@pytest.fixture
def lists(bodies):
    """Provinces under a country root (a parent in the same list), and communes whose parents are provinces."""
    steward = bodies["province"]
    provinces = CodeList.objects.create(identifier="DM-TINH", name_vi="Danh mục tỉnh, thành phố", steward=steward)
    communes = CodeList.objects.create(identifier="DM-XA", name_vi="Danh mục xã, phường, đặc khu", steward=steward)
    july = datetime.date(2025, 7, 1)
    country = CodeValue.objects.create(code_list=provinces, code="VN", label_vi="Việt Nam", position=0)
    hanoi = CodeValue.objects.create(code_list=provinces, code="01", label_vi="Thành phố Hà Nội",
                                     label_en="Hanoi City", parent=country, position=1)
    saigon = CodeValue.objects.create(code_list=provinces, code="79", label_vi="Thành phố Hồ Chí Minh",
                                      parent=country, position=2, effective_from=july)
    danang = CodeValue.objects.create(code_list=provinces, code="48", label_vi="Thành phố Đà Nẵng",
                                      parent=country, position=3, effective_from=july)
    CodeValueAlias.objects.create(value=hanoi, scheme="QĐ 124/2004/QĐ-TTg", code="01")
    ba_dinh = CodeValue.objects.create(code_list=communes, code="00004", label_vi="Phường Ba Đình", parent=hanoi,
                                       position=1, effective_from=july, note="Sáp nhập phường Trúc Bạch, Quán Thánh")
    CodeValue.objects.create(code_list=communes, code="26734", label_vi="Phường Sài Gòn", label_en=FORMULA_LABEL,
                             parent=saigon, position=2, effective_from=july, note="@SUM(1)")
    CodeValue.objects.create(code_list=communes, code="20194", label_vi="Phường Hải Châu", parent=danang,
                             position=3, effective_from=july, effective_to=datetime.date(2030, 12, 31),
                             note="Dòng một\nDòng hai, có dấu phẩy")
    CodeValue.objects.create(code_list=communes, code="00007", label_vi="Phường Trúc Bạch", parent=hanoi,
                             position=4, effective_to=datetime.date(2025, 6, 30))
    CodeValueAlias.objects.create(value=ba_dinh, scheme="Mã 2004", code="00001")
    return {"provinces": provinces, "communes": communes}


def snapshot():
    """Everything an import could change, to compare before and after."""
    values = sorted(CodeValue.objects.values_list(
        "code_list__identifier", "code", "label_vi", "label_en", "parent__code_list__identifier", "parent__code",
        "effective_from", "effective_to", "position", "note"))
    aliases = sorted(CodeValueAlias.objects.values_list("value__code", "scheme", "code"))
    return values, aliases, CodeValue.history.count()


def table_of(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_of(table):
    out = io.StringIO(newline="")
    csv.writer(out).writerows(table)
    return out.getvalue().encode("utf-8")


def import_csv(code_list, user, table):
    return code_list_import(code_list=code_list, data=csv_of(table), fmt="csv", user=user)


# --- Export and round trips


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", ["provinces", "communes"])
def test_round_trip_changes_nothing(lists, users, fmt, name):
    before = snapshot()
    data = code_list_export(code_list=lists[name], fmt=fmt)
    report = code_list_import(code_list=lists[name], data=data, fmt=fmt, user=users["parent"])
    assert report.errors == []
    assert (report.created, report.updated, report.ended) == (0, 0, 0)
    assert report.unchanged == lists[name].values.count()
    assert snapshot() == before


def test_csv_export_has_bom_columns_order_and_escaped_formulas(lists):
    data = code_list_export(code_list=lists["communes"], fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    table = table_of(data)
    assert table[0] == ["code", "label_vi", "label_en", "parent_list", "parent_code", "effective_from",
                        "effective_to", "position", "note", "alias:Mã 2004"]
    assert [row[0] for row in table[1:]] == ["00004", "26734", "20194", "00007"]
    assert table[1] == ["00004", "Phường Ba Đình", "", "DM-TINH", "01", "2025-07-01", "", "1",
                        "Sáp nhập phường Trúc Bạch, Quán Thánh", "00001"]
    assert table[2][2] == "'" + FORMULA_LABEL
    assert table[2][8] == "'@SUM(1)"
    # A parent in the same list leaves parent_list empty.
    provinces = table_of(code_list_export(code_list=lists["provinces"], fmt="csv"))
    assert provinces[2][3:5] == ["", "VN"]


def test_xlsx_export_writes_text_not_formulas_and_real_dates(lists):
    data = code_list_export(code_list=lists["communes"], fmt="xlsx")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    label = sheet.cell(row=3, column=3)
    assert (label.value, label.data_type) == ("'" + FORMULA_LABEL, "s")
    assert sheet.cell(row=2, column=6).value == datetime.datetime(2025, 7, 1)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_control_characters_are_dropped_and_cannot_hide_a_formula(lists, users, fmt):
    communes = lists["communes"]
    communes.values.filter(code="00004").update(note="\x01=1+1", label_en="Ba\x0bDinh")
    data = code_list_export(code_list=communes, fmt=fmt)
    report = code_list_import(code_list=communes, data=data, fmt=fmt, user=users["parent"])
    assert (report.errors, report.updated) == ([], 1)
    assert communes.values.filter(code="00004", note="=1+1", label_en="BaDinh").exists()
    if fmt == "csv":
        assert table_of(data)[1][8] == "'=1+1"


def test_export_orders_by_position_then_code(lists):
    CodeValue.objects.filter(code_list=lists["communes"]).update(position=5)
    table = table_of(code_list_export(code_list=lists["communes"], fmt="csv"))
    assert [row[0] for row in table[1:]] == ["00004", "00007", "20194", "26734"]


def test_export_refuses_unknown_format(lists):
    with pytest.raises(ValueError):
        code_list_export(code_list=lists["communes"], fmt="ods")


# --- What a clean import does


def test_changed_label_updates_that_value_only_with_history(lists, users):
    communes = lists["communes"]
    table = table_of(code_list_export(code_list=communes, fmt="csv"))
    table[1][1] = "Phường Ba Đình (mới)"
    history_before = {value.code: value.history.count() for value in communes.values.all()}
    report = import_csv(communes, users["parent"], table)
    assert (report.created, report.updated, report.unchanged, report.ended) == (0, 1, 3, 0)
    ba_dinh = communes.values.get(code="00004")
    assert ba_dinh.label_vi == "Phường Ba Đình (mới)"
    newest = ba_dinh.history.first()
    assert (newest.history_type, newest.label_vi, newest.history_user) == ("~", "Phường Ba Đình (mới)", users["parent"])
    assert {value.code: value.history.count() for value in communes.values.all()} == {
        **history_before, "00004": history_before["00004"] + 1}


def test_new_rows_create_values_with_their_parents(lists, users):
    provinces = lists["provinces"]
    table = table_of(code_list_export(code_list=provinces, fmt="csv"))
    # A new region and a new province under it, listed child first: parents are found in the file.
    table.append(["31", "Thành phố Hải Phòng", "", "", "MB", "2025-07-01", "", "4", "", ""])
    table.append(["MB", "Miền Bắc", "Northern region", "DM-TINH", "VN", "", "", "9", "", "R-1"])
    report = import_csv(provinces, users["parent"], table)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (2, 0, 4)
    haiphong = provinces.values.get(code="31")
    assert haiphong.parent.code == "MB" and haiphong.parent.parent.code == "VN"
    assert haiphong.effective_from == datetime.date(2025, 7, 1)
    assert provinces.values.get(code="MB").aliases.get().code == "R-1"
    # One history row each, already with the parent.
    assert [(row.history_type, row.parent_id) for row in haiphong.history.all()] == [("+", haiphong.parent_id)]


def test_missing_row_ends_the_value_instead_of_deleting_it(lists, users):
    communes = lists["communes"]
    table = table_of(code_list_export(code_list=communes, fmt="csv"))
    report = import_csv(communes, users["parent"], [row for row in table if row[0] not in ("26734", "00007")])
    # 00007 had already ended: it keeps its date and is not counted.
    assert (report.created, report.updated, report.unchanged, report.ended) == (0, 0, 2, 1)
    assert communes.values.get(code="26734").effective_to == timezone.localdate()
    assert communes.values.get(code="00007").effective_to == datetime.date(2025, 6, 30)


def test_value_not_yet_in_force_ends_on_its_first_day(lists, users):
    provinces = lists["provinces"]
    future = timezone.localdate() + datetime.timedelta(days=30)
    provinces.values.filter(code="48").update(effective_from=future)
    table = table_of(code_list_export(code_list=provinces, fmt="csv"))
    report = import_csv(provinces, users["parent"], [row for row in table if row[0] != "48"])
    assert report.ended == 1
    assert provinces.values.get(code="48").effective_to == future


def test_alias_columns_set_change_and_remove_aliases(lists, users):
    communes = lists["communes"]
    table = table_of(code_list_export(code_list=communes, fmt="csv"))
    table[1][9] = ""  # removes 00004's alias
    table[2][9] = "00010"  # gives 26734 one
    report = import_csv(communes, users["parent"], table)
    assert (report.updated, report.unchanged) == (2, 2)
    assert sorted(CodeValueAlias.objects.filter(value__code_list=communes).values_list("value__code", "code")) == [
        ("26734", "00010")]
    # A numbering without a column is left alone.
    provinces = lists["provinces"]
    table = [row[:9] for row in table_of(code_list_export(code_list=provinces, fmt="csv"))]
    assert import_csv(provinces, users["parent"], table).unchanged == 4
    assert provinces.values.get(code="01").aliases.get().code == "01"


@pytest.mark.parametrize("encoding, delimiter", [("utf-16", ","), ("utf-16", "\t"), ("utf-8", ";")])
def test_utf16_and_other_separators_are_accepted(lists, users, encoding, delimiter):
    communes = lists["communes"]
    before = snapshot()
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(table_of(code_list_export(code_list=communes, fmt="csv")))
    report = code_list_import(code_list=communes, data=out.getvalue().encode(encoding), fmt="csv", user=users["parent"])
    assert report.errors == [] and report.unchanged == 4
    assert snapshot() == before


def test_xlsx_accepts_text_dates_and_numbers_for_codes(lists, users):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "label_vi", "label_en", "parent_list", "parent_code", "effective_from", "effective_to",
                  "position", "note"])
    sheet.append(["VN", "Việt Nam", None, None, None, None, None, 0, None])
    sheet.append([1, "Thành phố Hà Nội", "Hanoi City", None, "VN", None, None, 1.0, None])
    sheet.append(["79", "Thành phố Hồ Chí Minh", None, None, "VN", "2025-07-01", None, "2", None])
    sheet.append(["48", "Thành phố Đà Nẵng", None, None, "VN", datetime.datetime(2025, 7, 1), None, 3, None])
    out = io.BytesIO()
    workbook.save(out)
    report = code_list_import(code_list=lists["provinces"], data=out.getvalue(), fmt="xlsx", user=users["parent"])
    # The number 1 is read as the code "1", a new value; "01" is no longer in the file.
    assert report.errors == []
    assert (report.created, report.unchanged, report.ended) == (1, 3, 1)


# --- Bad files: every error reported, nothing stored

BAD_ROWS = [
    ("empty code", lambda t: t[1].__setitem__(0, ""), 2, "code"),
    ("duplicate code", lambda t: t[3].__setitem__(0, "00004"), 4, "code"),
    ("empty label", lambda t: t[2].__setitem__(1, " "), 3, "label_vi"),
    ("label too long", lambda t: t[2].__setitem__(1, "x" * 256), 3, "label_vi"),
    ("impossible date", lambda t: t[1].__setitem__(5, "2025-02-30"), 2, "effective_from"),
    ("local date format", lambda t: t[1].__setitem__(6, "01/07/2025"), 2, "effective_to"),
    ("dates out of order", lambda t: t[3].__setitem__(6, "2025-01-01"), 4, "effective_to"),
    ("unknown parent", lambda t: t[2].__setitem__(4, "99"), 3, "parent_code"),
    ("unknown parent list", lambda t: t[2].__setitem__(3, "DM-KHONG-CO"), 3, "parent_list"),
    ("parent code missing", lambda t: t[2].__setitem__(4, ""), 3, "parent_code"),
    ("bad position", lambda t: t[4].__setitem__(7, "-1"), 5, "position"),
    ("alias too long", lambda t: t[1].__setitem__(9, "9" * 65), 2, "alias:Mã 2004"),
    ("cell past the header", lambda t: t[2].append("thừa"), 3, ""),
    ("missing column", lambda t: [row.pop(2) for row in t], 1, "label_en"),
    ("unknown column", lambda t: t[0].__setitem__(2, "lable_en"), 1, "lable_en"),
    ("alias without numbering", lambda t: t[0].__setitem__(9, "alias:"), 1, "alias:"),
    ("same column twice", lambda t: t[0].__setitem__(9, "note"), 1, "note"),
]


@pytest.mark.parametrize("mutate, line, column", [case[1:] for case in BAD_ROWS], ids=[case[0] for case in BAD_ROWS])
def test_bad_row_is_reported_and_nothing_changes(lists, users, mutate, line, column):
    communes = lists["communes"]
    table = table_of(code_list_export(code_list=communes, fmt="csv"))
    table[1][1] = "Đổi tên, nhưng không được lưu"  # a valid change that must not land either
    table.append(["99999", "Xã mới", "", "DM-TINH", "01", "", "", "9", "", ""])
    mutate(table)
    before = snapshot()
    report = import_csv(communes, users["parent"], table)
    assert (line, column) in [(error.line, error.column) for error in report.errors], report.errors
    assert all(error.reason for error in report.errors)
    assert (report.created, report.updated, report.unchanged, report.ended) == (0, 0, 0, 0)
    assert snapshot() == before


def test_every_error_is_reported_at_once(lists, users):
    table = table_of(code_list_export(code_list=lists["communes"], fmt="csv"))
    table[1][0] = ""
    table[2][5] = "hôm qua"
    table[3][4] = "99"
    report = import_csv(lists["communes"], users["parent"], table)
    assert [(error.line, error.column) for error in report.errors] == [
        (2, "code"), (3, "effective_from"), (4, "parent_code")]


def test_parent_loop_is_refused(lists, users):
    provinces = lists["provinces"]
    table = table_of(code_list_export(code_list=provinces, fmt="csv"))
    table[1][3:5] = ["", "01"]  # VN under 01, while 01 is under VN
    before = snapshot()
    report = import_csv(provinces, users["parent"], table)
    assert sorted((error.line, error.column) for error in report.errors) == [(2, "parent_code"), (3, "parent_code")]
    assert "VN → 01 → VN" in report.errors[0].reason
    assert snapshot() == before


NOT_TEXT = {
    "broken utf-16": b"\xff\xfe\x00\xd8A\x00code",
    "utf-32 read as utf-16": b"\xff\xfe\x00\x00c\x00\x00\x00o\x00\x00\x00",
    "random bytes": random.Random(7).randbytes(4096),
    "latin-1": "code,label_vi\r\nA,Hà Nam\r\n".encode("cp1252"),
    "nul bytes": b"code,label_vi\x00\x00\x00",
}


@pytest.mark.parametrize("data", NOT_TEXT.values(), ids=NOT_TEXT.keys())
def test_undecodable_csv_is_refused(lists, users, data):
    before = snapshot()
    report = code_list_import(code_list=lists["communes"], data=data, fmt="csv", user=users["parent"])
    assert [(error.line, error.column) for error in report.errors] == [(0, "")]
    assert "UTF-8" in report.errors[0].reason
    assert snapshot() == before


def _zip_without_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize("damage", [
    lambda xlsx: xlsx[: len(xlsx) // 2],
    lambda xlsx: b"PK\x03\x04" + b"\x00" * 200,
    lambda xlsx: "code,label_vi\r\n".encode(),
    lambda xlsx: _zip_without_workbook(),
], ids=["truncated", "fake zip header", "csv named xlsx", "zip without workbook"])
def test_corrupt_xlsx_is_refused(lists, users, damage):
    before = snapshot()
    data = damage(code_list_export(code_list=lists["communes"], fmt="xlsx"))
    report = code_list_import(code_list=lists["communes"], data=data, fmt="xlsx", user=users["parent"])
    assert [(error.line, error.column) for error in report.errors] == [(0, "")]
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("limit", ["MAX_UPLOAD_BYTES", "MAX_ROWS", "MAX_XLSX_UNCOMPRESSED_BYTES"])
def test_oversized_files_are_refused(lists, users, monkeypatch, fmt, limit):
    data = code_list_export(code_list=lists["communes"], fmt=fmt)
    monkeypatch.setattr(codelist_io_read, limit, 2)
    report = code_list_import(code_list=lists["communes"], data=data, fmt=fmt, user=users["parent"])
    refused = fmt == "xlsx" or limit != "MAX_XLSX_UNCOMPRESSED_BYTES"
    assert [(error.line, error.column) for error in report.errors] == ([(0, "")] if refused else [])


def _rewrite_sheet(xlsx, change):
    """The same workbook with its first sheet's XML passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(part, content)
    return out.getvalue()


def test_xlsx_declaring_a_huge_sheet_is_read_as_it_is(lists, users):
    import re

    xlsx = code_list_export(code_list=lists["communes"], fmt="xlsx")
    lying = _rewrite_sheet(xlsx, lambda xml: re.sub(r"</sheetPr>", '</sheetPr><dimension ref="A1:XFD1048576" />', xml))
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(lying)).read("xl/worksheets/sheet1.xml")
    started = time.monotonic()
    report = code_list_import(code_list=lists["communes"], data=lying, fmt="xlsx", user=users["parent"])
    assert report.errors == [] and report.unchanged == 4
    assert time.monotonic() - started < 10


def test_xlsx_with_a_cell_far_to_the_right_is_refused(lists, users):
    xlsx = code_list_export(code_list=lists["communes"], fmt="xlsx")
    far = _rewrite_sheet(xlsx, lambda xml: xml.replace(
        '</row><row r="4">', '<c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row><row r="4">'))
    assert b"XFD3" in zipfile.ZipFile(io.BytesIO(far)).read("xl/worksheets/sheet1.xml")
    before = snapshot()
    report = code_list_import(code_list=lists["communes"], data=far, fmt="xlsx", user=users["parent"])
    assert [(error.line, error.column) for error in report.errors] == [(0, "")]
    assert snapshot() == before


def test_empty_file_is_refused(lists, users):
    report = code_list_import(code_list=lists["communes"], data=b"", fmt="csv", user=users["parent"])
    assert [(error.line, error.column) for error in report.errors] == [(0, "")]


# --- Who may import


@pytest.mark.parametrize("who", ["other", "owner", "reviewer", "monitor", "anonymous"])
def test_others_may_not_import(lists, users, who):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else users[who]
    table = table_of(code_list_export(code_list=lists["communes"], fmt="csv"))
    table[1][1] = "Đổi tên"
    before = snapshot()
    with pytest.raises(PermissionDenied):
        import_csv(lists["communes"], user, table)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["parent", "admin"])
def test_steward_editor_and_administrator_may_import(lists, users, who):
    table = table_of(code_list_export(code_list=lists["communes"], fmt="csv"))
    table[1][1] = "Đổi tên"
    assert import_csv(lists["communes"], users[who], table).updated == 1


def test_reviewer_of_the_steward_may_import(lists, users, bodies):
    lists["communes"].steward = bodies["ministry"]
    lists["communes"].save()
    table = table_of(code_list_export(code_list=lists["communes"], fmt="csv"))
    assert import_csv(lists["communes"], users["reviewer"], table).unchanged == 4


# --- Size


def test_all_communes_import_quickly_in_few_queries(lists, users, django_assert_max_num_queries):
    provinces = lists["provinces"]
    for number in range(2, 36):
        CodeValue.objects.create(code_list=provinces, code=f"P{number:02}", label_vi=f"Tỉnh {number}")
    parents = list(provinces.values.values_list("code", flat=True))
    header = ["code", "label_vi", "label_en", "parent_list", "parent_code", "effective_from", "effective_to",
              "position", "note", "alias:Mã 2004"]
    table = [header] + [[f"{number:05}", f"Xã số {number}", "", "DM-TINH", parents[number % len(parents)],
                         "2025-07-01", "", str(number), "", f"A{number}"] for number in range(10, 3331)]
    data = csv_of(table)
    started = time.monotonic()
    # A few dozen batched inserts (SQLite caps a query at 999 parameters), not one per row.
    with django_assert_max_num_queries(150):
        report = code_list_import(code_list=lists["communes"], data=data, fmt="csv", user=users["parent"])
    assert report.errors == []
    assert (report.created, report.ended) == (3321, 2)  # 00007 and 20194 already had an end date
    assert time.monotonic() - started < 15
    xlsx = code_list_export(code_list=lists["communes"], fmt="xlsx")
    again = code_list_import(code_list=lists["communes"], data=xlsx, fmt="xlsx", user=users["parent"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3325)
