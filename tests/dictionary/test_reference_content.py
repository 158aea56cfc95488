"""The dictionary's content loader: the code lists and their values, the starter elements with their
four parts, that a second run writes nothing, that a renamed commune keeps its old label in the
history, and that a bad file stores nothing."""

import csv
import json
import shutil
from datetime import date

import pycountry
import pytest

from architecture.models import BodyKind, BodyLevel, LegalDocument
from architecture.reference_data import REFERENCE_DIRECTORY, ReferenceDataError
from architecture.services import body_create
from dictionary.models import CodeList, CodeValue, DataElement, ItemStatus, ValueDomain
from dictionary.reference_data import (
    ELEMENTS_FILE,
    ETHNIC_1979_SCHEME,
    FIXTURES_DIRECTORY,
    RELIGIONS_FILE,
    SHARED_FILES,
    WARDS_FILE,
    dictionary_load,
)
from dictionary.services import element_search_text
from tests.conftest import load_for_module

# Names as in vn_central_bodies.csv: the stewards the lists and elements name.
STEWARDS = {
    "GOV-M02": ("Bộ Công an", "Ministry of Public Security"), "GOV-M04": ("Bộ Nội vụ", "Ministry of Home Affairs"),
    "GOV-M06": ("Bộ Tài chính", "Ministry of Finance"), "GOV-M11": ("Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"),
    "GOV-M14": ("Bộ Dân tộc và Tôn giáo", "Ministry of Ethnic Minorities and Religions"),
}
NAMED_ELEMENTS = {
    "cong-dan.ho-va-ten", "cong-dan.ngay-sinh", "cong-dan.gioi-tinh", "cong-dan.so-dinh-danh-ca-nhan",
    "cong-dan.dan-toc", "cong-dan.ton-giao", "cong-dan.quoc-tich", "cong-dan.noi-thuong-tru", "dia-chi.tinh-thanh",
    "dia-chi.xa-phuong", "to-chuc.ma-so-doanh-nghiep", "to-chuc.ma-so-thue", "to-chuc.ten-doanh-nghiep",
    "lien-lac.so-dien-thoai", "lien-lac.thu-dien-tu", "giay-to-tuy-than.ngay-cap", "giay-to-tuy-than.noi-cap",
    "cong-dan.tinh-trang-hon-nhan",
}


def values(identifier: str):
    return CodeValue.objects.filter(code_list__identifier=identifier)


def history_counts() -> list[int]:
    return [model.history.count() for model in (CodeList, CodeValue, DataElement, LegalDocument)]


def csv_rewrite(path, *, key, values=None, drop=None) -> None:
    """Rewrite a copied file: set `values` on the row whose code is `key`, or drop a column."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name for name in reader.fieldnames if name != drop]
        rows = list(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **(values or {})} if row["code"] == key else row)


@pytest.fixture
def content_copy(tmp_path):
    """Every file the loader reads, in one folder (the `directory` argument)."""
    directory = tmp_path / "content"
    shutil.copytree(FIXTURES_DIRECTORY, directory)
    for name in SHARED_FILES:
        shutil.copy(REFERENCE_DIRECTORY / name, directory / name)
    return directory


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once on an empty register of bodies, then again once the stewards exist, inside a transaction
    rolled back at the end of the module. Each test runs in a savepoint on top (the `db` fixture)."""
    def load():
        first = dictionary_load()
        for code, (name_vi, name_en) in STEWARDS.items():
            body_create(code=code, name_vi=name_vi, name_en=name_en, kind=BodyKind.MINISTRY, level=BodyLevel.CENTRAL)
        return {"first": first, "second": dictionary_load()}

    yield from load_for_module(django_db_blocker, load)


def test_it_loads_34_provinces_and_3321_communes_under_them(loaded, db):
    assert values("tinh-thanh").count() == 34
    hanoi = values("tinh-thanh").get(code="01")
    assert (hanoi.label_vi, hanoi.label_en, hanoi.effective_from) == ("Thành phố Hà Nội", "Hanoi City", date(2025, 7, 1))
    communes = values("xa-phuong")
    assert communes.count() == 3321
    assert communes.filter(parent__code_list__identifier="tinh-thanh", effective_from=date(2025, 7, 1)).count() == 3321
    assert communes.get(code="00004").parent == hanoi
    assert loaded["first"]["xa-phuong"] == {"created": 3321, "updated": 0, "unchanged": 0}


def test_it_loads_unit_types_and_regions(loaded, db):
    assert set(values("loai-don-vi-hanh-chinh").values_list("code", flat=True)) == {
        "municipality", "province", "ward", "commune", "special_administrative_region"}
    assert values("vung").count() == 8
    # English labels come from name_en, not from the misspelt code_name_en ("northest").
    assert values("vung").get(code="1").label_en == "Northeast"


def test_it_loads_54_ethnic_groups_each_with_its_1979_code(loaded, db):
    groups = values("dan-toc")
    assert groups.count() == 54
    assert groups.filter(aliases__scheme=ETHNIC_1979_SCHEME).distinct().count() == 54
    kinh = groups.get(label_vi="Kinh")
    assert kinh.code == "01" and kinh.aliases.get().code == "01"
    # Mường: 06 in 1979, 04 in 2008.
    assert groups.get(label_vi="Mường").code == "04" and groups.get(label_vi="Mường").aliases.get().code == "06"
    # Xtiêng has no verified 2008 code: the 1979 code stands in, and the note says so.
    xtieng = groups.get(label_vi="Xtiêng")
    assert xtieng.code == "22" and "1019/QĐ-TCTK" in xtieng.note and "Xa-điêng" in xtieng.note
    # Ngái's 1979 code 11 is Ê-đê's 2008 code: two groups never share a code.
    assert groups.get(code="11").label_vi == "Ê-đê" and groups.get(label_vi="Ngái").code == "1979-11"
    assert not groups.filter(label_vi="Người nước ngoài").exists()


def test_it_loads_every_religion_of_the_file(loaded, db):
    with (FIXTURES_DIRECTORY / RELIGIONS_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert values("ton-giao").count() == len(rows) == 14
    mormon = values("ton-giao").get(code="14")
    assert mormon.label_en == "Church of Jesus Christ of Latter-day Saints" and "132/QĐ-TGCP" in mormon.note


def test_it_loads_the_iso_lists_from_pycountry(loaded, db):
    assert values("quoc-gia-iso3166").count() == 249
    vietnam = values("quoc-gia-iso3166").get(code="VN")
    assert (vietnam.label_vi, vietnam.label_en) == ("Việt Nam", "Viet Nam")
    assert dict(vietnam.aliases.values_list("scheme", "code")) == {"ISO 3166-1 alpha-3": "VNM", "ISO 3166-1 numeric": "704"}
    assert values("tien-te-iso4217").count() == len(pycountry.currencies)
    assert values("tien-te-iso4217").get(code="VND").aliases.get().code == "704"
    two_letter = [language for language in pycountry.languages if hasattr(language, "alpha_2")]
    assert values("ngon-ngu-iso639-1").count() == len(two_letter)
    assert values("ngon-ngu-iso639-1").get(code="vi").aliases.get(scheme="ISO 639-3").code == "vie"
    # Where iso-codes has no Vietnamese name, the English one stands in and the note says so.
    untranslated = values("quoc-gia-iso3166").filter(note__contains="tiếng Anh")
    assert untranslated.exists() and all(value.label_vi == value.label_en for value in untranslated)


def test_code_lists_are_valid_with_a_source_and_get_stewards_once_bodies_exist(loaded, db):
    lists = CodeList.objects.all()
    assert lists.count() == 10
    assert all(item.status == ItemStatus.VALID and item.source and item.name_en for item in lists)
    assert loaded["first"]["code_lists"] == {"created": 10, "updated": 0, "unchanged": 0}
    # On the empty register the stewards were left empty; the second run filled them in.
    assert loaded["second"]["code_lists"]["updated"] == 5
    assert dict(lists.filter(steward__isnull=False).values_list("identifier", "steward__code")) == {
        "tinh-thanh": "GOV-M06", "xa-phuong": "GOV-M06", "loai-don-vi-hanh-chinh": "GOV-M04",
        "dan-toc": "GOV-M06", "ton-giao": "GOV-M14"}
    assert "pycountry 2" in lists.get(identifier="quoc-gia-iso3166").source
    assert lists.get(identifier="tinh-thanh").legal_basis.filter(number="19/2025/QĐ-TTg").exists()


def test_every_starter_element_has_the_four_parts(loaded, db):
    elements = DataElement.objects.select_related("code_list", "topic")
    assert 20 <= elements.count() <= 30
    assert NAMED_ELEMENTS <= set(elements.values_list("identifier", flat=True))
    for element in elements:
        assert element.status == ItemStatus.VALID and element.topic is not None, element.identifier
        assert element.name_vi and element.name_en and element.definition, element.identifier
        assert element.datatype and (element.format or element.max_length), element.identifier
        assert (element.steward_id or element.legal_source) and element.maintenance_rule, element.identifier
        assert element.master_source and element.data_layer and element.legal_basis.exists(), element.identifier
        assert (element.value_domain == ValueDomain.CODE_LIST) == (element.code_list is not None), element.identifier
        assert element.search_text == element_search_text(element)


def test_elements_name_their_code_lists_and_rules(loaded, db):
    element = DataElement.objects.get
    assert element(identifier="cong-dan.dan-toc").code_list.identifier == "dan-toc"
    assert element(identifier="cong-dan.quoc-tich").code_list.identifier == "quoc-gia-iso3166"
    assert element(identifier="dia-chi.xa-phuong").code_list.identifier == "xa-phuong"
    pin = element(identifier="cong-dan.so-dinh-danh-ca-nhan")
    assert (pin.format, pin.max_length, pin.steward.code) == ("^[0-9]{12}$", 12, "GOV-M02")
    assert "26/2023/QH15, Điều 12" in pin.legal_source and pin.master_source == "Cơ sở dữ liệu quốc gia về dân cư"
    enterprise = element(identifier="to-chuc.ma-so-doanh-nghiep")
    assert "59/2020/QH14, Điều 29" in enterprise.legal_source and "mã số thuế" in enterprise.definition
    assert "ngay thang nam sinh" in element(identifier="cong-dan.ngay-sinh").search_text


def test_a_second_run_changes_nothing(loaded, db):
    before = history_counts()
    counts = dictionary_load()
    assert all(outcome["created"] == outcome["updated"] == 0 for outcome in counts.values()), counts
    assert counts["xa-phuong"]["unchanged"] == 3321 and counts["elements"]["unchanged"] == DataElement.objects.count()
    assert history_counts() == before


def test_a_stored_legal_document_is_reused_and_only_its_gaps_filled(loaded, db):
    law = LegalDocument.objects.get(number="26/2023/QH15")
    law.title, law.issued_on = "Luật Căn cước (edited)", None
    law.save()
    counts = dictionary_load()
    law.refresh_from_db()
    assert (law.title, law.issued_on) == ("Luật Căn cước (edited)", date(2023, 11, 27))
    assert counts["legal_documents"]["updated"] == 1
    assert LegalDocument.objects.filter(number="26/2023/QH15").count() == 1


def test_a_renamed_commune_keeps_its_old_label_in_the_history(loaded, db, content_copy):
    csv_rewrite(content_copy / WARDS_FILE, key="00004", values={"full_name": "Phường Ba Đình Mới"})
    counts = dictionary_load(directory=content_copy)
    assert counts["xa-phuong"] == {"created": 0, "updated": 1, "unchanged": 3320}
    commune = values("xa-phuong").get(code="00004")
    assert commune.label_vi == "Phường Ba Đình Mới" and commune.parent.code == "01"
    latest, earlier = commune.history.order_by("-history_id")[:2]
    assert (latest.history_type, latest.history_change_reason) == ("~", "dictionary_load")
    assert earlier.label_vi == "Phường Ba Đình"


def test_a_file_without_a_needed_column_stores_nothing(loaded, db, content_copy):
    csv_rewrite(content_copy / WARDS_FILE, key=None, drop="full_name")
    before = history_counts()
    with pytest.raises(ReferenceDataError, match=r"vn_wards_2025\.csv, line 1: missing column\(s\) full_name"):
        dictionary_load(directory=content_copy)
    assert history_counts() == before


def test_an_unknown_province_code_stores_nothing(loaded, db, content_copy):
    csv_rewrite(content_copy / WARDS_FILE, key="00004", values={"full_name": "Phường Đổi Tên"})
    csv_rewrite(content_copy / WARDS_FILE, key="00008", values={"province_code": "99"})
    before = history_counts()
    with pytest.raises(ReferenceDataError, match=r"vn_wards_2025\.csv, line 3: unknown parent code '99'"):
        dictionary_load(directory=content_copy)
    assert values("xa-phuong").get(code="00004").label_vi == "Phường Ba Đình"
    assert history_counts() == before


def test_an_element_naming_an_unknown_code_list_stores_nothing(loaded, db, content_copy):
    path = content_copy / ELEMENTS_FILE
    entries = json.loads(path.read_text(encoding="utf-8"))
    entries[0]["name_vi"] = "Tên đã đổi"
    entries[4]["code_list"] = "khong-co"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"elements\.json, entry 'cong-dan\.dan-toc': unknown code_list 'khong-co'"):
        dictionary_load(directory=content_copy)
    assert DataElement.objects.get(identifier=entries[0]["identifier"]).name_vi != "Tên đã đổi"


def test_rerun_never_overwrites_an_element_changed_through_the_workflow(loaded, db):
    element = DataElement.objects.get(identifier="cong-dan.ngay-sinh")
    element.name_vi = "Ngày, tháng, năm sinh"
    element.save()
    counts = dictionary_load()
    element.refresh_from_db()
    assert element.name_vi == "Ngày, tháng, năm sinh"
    assert counts["elements"]["updated"] == 0
