"""People read what changed between releases, and take code lists away as spreadsheets."""

import io

import openpyxl

from dictionary.models import CodeValue, DataElement, ItemStatus
from dictionary.releases import release_publish
from dictionary.services import element_save


def test_changes_page_lists_added_changed_and_retired(client, users, bodies, element):
    first = release_publish(user=users["reviewer"], version="1.0.0", title="Bản đầu")
    element.max_length = 10
    element_save(element=element, user=users["admin"])
    element_save(user=users["admin"], element=DataElement(identifier="noi-sinh", name_vi="Nơi sinh",
                                                          steward=bodies["ministry"], status=ItemStatus.VALID))
    release_publish(user=users["reviewer"], version="1.1.0", title="Bản hai")

    page = client.get("/en/dictionary/releases/1.1.0/changes").content.decode()
    added, changed = page.index("noi-sinh"), page.index("ngay-sinh")
    assert page.index("Added (1)") < added < page.index("Changed (1)") < changed < page.index("Retired (0)")
    assert client.get(f"/dictionary/releases/1.1.0/changes?since={first.version}").status_code == 200
    assert client.get("/dictionary/releases/1.1.0/changes?since=9.9.9").status_code == 404
    assert "nothing to compare" in client.get("/en/dictionary/releases/1.0.0/changes").content.decode()


def test_code_list_exports_open_as_spreadsheets(client, code_list):
    CodeValue.objects.create(code_list=code_list, code="1", label_vi="Nam", label_en="Male")
    csv = client.get(f"/dictionary/code-lists/{code_list.identifier}/export.csv")
    assert csv.status_code == 200 and "attachment" in csv["Content-Disposition"]
    assert "Nam" in csv.content.decode("utf-8-sig")
    xlsx = client.get(f"/dictionary/code-lists/{code_list.identifier}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))][:2] == ["1", "Nam"]
    assert client.get(f"/dictionary/code-lists/{code_list.identifier}/export.pdf").status_code == 404
    assert client.get("/dictionary/code-lists/khong-co/export.csv").status_code == 404
