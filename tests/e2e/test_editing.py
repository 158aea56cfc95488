"""The editing side of issue #8 in a real browser: a chief engineer signs in, registers a database,
describes three fields mapped to dictionary elements, submits it for review and finds it in search
typed without diacritics; a reviewer approves it. Screenshots of the edit pages are kept under
test-output/screenshots/ (H4's helper)."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Database, ReviewState
from dictionary.models import DataElement, ItemStatus
from dictionary.services import element_save

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Cơ sở dữ liệu hộ tịch điện tử phường Ba Đình"


@pytest.fixture
def elements(users, bodies):
    for identifier, name_vi, datatype in (("ho-va-ten", "Họ và tên", "string"), ("ngay-sinh", "Ngày sinh", "date"),
                                          ("gioi-tinh", "Giới tính", "string")):
        element_save(user=users["admin"], element=DataElement(
            identifier=identifier, name_vi=name_vi, datatype=datatype, steward=bodies["ministry"],
            status=ItemStatus.VALID))


def test_a_chief_engineer_registers_maps_and_submits_and_a_reviewer_approves(
        page, sign_in, screenshot, users, bodies, elements):
    sign_in(page, users["owner"])

    # Register the database.
    page.goto("/databases/new/")
    expect(page.locator("h1")).to_have_text("Đăng ký cơ sở dữ liệu")
    page.get_by_label("Mã định danh").fill("CSDL-HO-TICH-BD")
    page.get_by_label("Tên (tiếng Việt)").fill(NAME)
    page.get_by_label("Mô tả (tiếng Việt)").fill("Sổ hộ tịch điện tử của phường.")
    page.locator("#id_kind").select_option("local")
    page.get_by_label("Mức truy cập").select_option("public")
    screenshot(page, "edit-database-new")
    page.get_by_role("button", name="Đăng ký và tiếp tục").click()

    # Three fields at once, each mapped to an element (the page suggests them from the names).
    expect(page.locator("h1")).to_have_text("Thêm bảng")
    page.locator("#id_table-name").fill("CONG_DAN")
    page.get_by_role("link", name="Thêm dòng trống").click()  # with the script: a row added in place
    expect(page.locator("[data-field-rows] [data-field-row]")).to_have_count(6)
    expect(page.locator("#id_fields-5-name")).to_be_focused()
    for index, (name, datatype, element) in enumerate([("ho_va_ten", "string", "ho-va-ten"),
                                                       ("ngay_sinh", "date", "ngay-sinh"),
                                                       ("gioi_tinh", "string", "gioi-tinh")]):
        page.locator(f"#id_fields-{index}-name").fill(name)
        page.locator(f"#id_fields-{index}-datatype").select_option(datatype)
        page.locator(f"#id_fields-{index}-element_identifier").fill(element)
    # The script offers suggestions as each name is typed, from the API (wait for all three: they
    # move the button down as they arrive).
    for element in ("ho-va-ten", "ngay-sinh", "gioi-tinh"):
        expect(page.locator(f"[data-suggestion='{element}']")).to_be_visible()
    page.keyboard.press("Tab")  # leave the last input: its list of suggestions (a datalist) closes
    screenshot(page, "edit-fields")
    page.get_by_role("button", name="Lưu bảng và các trường").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bảng và các trường.")
    expect(page.locator("#id_fields-2-element_identifier")).to_have_value("gioi-tinh")
    screenshot(page, "edit-fields-saved")

    database = Database.objects.get(identifier="CSDL-HO-TICH-BD")
    mapped = {field.name: field.element.identifier for field in database.tables.get().fields.all()}
    assert mapped == {"ho_va_ten": "ho-va-ten", "ngay_sinh": "ngay-sinh", "gioi_tinh": "gioi-tinh"}

    # Submit for review from the database page.
    page.goto("/databases/CSDL-HO-TICH-BD")
    page.get_by_role("button", name="Gửi rà soát").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Đã gửi rà soát")
    screenshot(page, "edit-review-submitted")

    # Search without diacritics finds it.
    page.goto("/search/?q=ho+tich+dien+tu+ba+dinh")
    expect(page.get_by_role("link", name=NAME)).to_be_visible()

    # A reviewer approves it.
    sign_in(page, users["reviewer"])
    page.goto("/reviews/")
    page.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(re.compile(r"/databases/CSDL-HO-TICH-BD/review/$"))
    screenshot(page, "edit-review-reviewer")
    page.get_by_role("button", name="Xác nhận đã rà soát").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Đã rà soát")
    database.refresh_from_db()
    assert database.review_state == ReviewState.REVIEWED
    screenshot(page, "edit-review-approved")


def test_the_fields_page_works_without_javascript(browser, live_server, sign_in, users, bodies, elements):
    """Progressive enhancement: with scripts off, the suggestions come from the server and
    "More empty rows" reloads the page with more rows."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, users["owner"])
        database = Database.objects.create(identifier="CSDL-KHONG-JS", name_vi="Không JS", kind="local",
                                           owner=bodies["commune"])
        page.goto(f"/databases/{database.identifier}/tables/new/")
        assert page.locator("[data-field-row]").count() == 5
        page.get_by_role("link", name="Thêm dòng trống").click()
        assert page.locator("[data-field-row]").count() == 8
        page.locator("#id_table-name").fill("T")
        page.locator("#id_fields-0-name").fill("ngay_sinh")
        page.locator("#id_fields-0-datatype").select_option("date")
        page.get_by_role("button", name="Lưu bảng và các trường").click()
        expect(page.locator("datalist#fields-0-suggestions option[value='ngay-sinh']")).to_have_count(1)
        expect(page.locator("[data-suggestions]").first).to_contain_text("ngay-sinh")
    finally:
        context.close()


def test_an_import_with_bad_rows_and_a_dictionary_proposal(page, sign_in, screenshot, users, bodies, tmp_path):
    """The long operation and the dictionary's change requests, as an editor and a steward's reviewer."""
    bad = tmp_path / "co-so-du-lieu.csv"
    bad.write_text("database_identifier,database_name_vi,database_kind,table_name,field_name,field_datatype\n"
                   "CSDL-A,Cơ sở A,local,cong_dan,ho_ten,string\n"
                   "CSDL-B,Cơ sở B,quoc-gia,dat_dai,thua,integer\n", encoding="utf-8")
    sign_in(page, users["owner"])
    page.goto("/imports/new/")
    screenshot(page, "edit-import-form")
    page.get_by_label("Tệp").set_input_files(str(bad))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("database_kind")
    expect(page.get_by_role("alert")).to_contain_text("Chưa lưu gì: có 1 lỗi.")
    screenshot(page, "edit-import-errors")
    assert not Database.objects.exists()

    page.goto("/dictionary/change-requests/new/")
    page.get_by_label("Mã định danh").fill("noi-sinh")
    page.get_by_label("Tên (tiếng Việt)").fill("Nơi sinh")
    page.get_by_label("Cơ quan quản lý (mã)").fill(bodies["ministry"].code)
    page.get_by_label("Lý do").fill("Dùng trong hộ tịch và dân cư.")
    screenshot(page, "edit-change-request-new")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_test_id("change-status")).to_have_text("Đang mở")

    sign_in(page, users["reviewer"])  # a reviewer of the Ministry of Public Security, the steward
    page.reload()
    page.get_by_label("Chấp thuận").check()
    screenshot(page, "edit-change-request-decide")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_test_id("change-status")).to_have_text("Đã chấp thuận")
    assert DataElement.objects.get(identifier="noi-sinh").status == ItemStatus.VALID
