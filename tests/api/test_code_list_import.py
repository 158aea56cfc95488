"""Replacing a code list's values from a file through the API: all or nothing, by the steward."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dictionary.codelist_io import code_list_export
from dictionary.models import CodeList, CodeValue, ItemStatus

URL = "/api/v1/code-lists/gioi-tinh/import/"
HEADER = "code,label_vi,label_en,parent_list,parent_code,effective_from,effective_to,position,note\n"


def _list(bodies):
    code_list = CodeList.objects.create(identifier="gioi-tinh", name_vi="Giới tính", steward=bodies["commune"],
                                        status=ItemStatus.VALID)
    CodeValue.objects.create(code_list=code_list, code="1", label_vi="Nam")
    return code_list


def _upload(text, name="gioi-tinh.csv"):
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}


def test_the_stewards_editor_imports_a_file(clients, bodies):
    code_list = _list(bodies)
    response = clients["owner"].post(URL, _upload(HEADER + "1,Nam,Male,,,,,0,\n2,Nữ,Female,,,,,1,\n"),
                                     format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 1, "updated": 1, "unchanged": 0, "ended": 0}
    assert set(code_list.values.values_list("code", "label_en")) == {("1", "Male"), ("2", "Female")}


def test_a_bad_row_stores_nothing_and_names_its_line(clients, bodies):
    code_list = _list(bodies)
    response = clients["owner"].post(URL, _upload(HEADER + "2,Nữ,Female,,,,,1,\n,,Nobody,,,,,2,\n"),
                                     format="multipart")
    body = response.json()
    assert response.status_code == 400 and body["errors"][0]["field"] == "file"
    assert "3" in body["errors"][0]["message"]
    assert list(code_list.values.values_list("code", flat=True)) == ["1"]


def test_only_the_steward_imports(clients, bodies):
    code_list = _list(bodies)
    exported = code_list_export(code_list=code_list, fmt="xlsx")
    for role, status in (("other", 403), ("monitor", 403), ("anonymous", 401)):
        upload = {"file": SimpleUploadedFile("x.xlsx", exported)}
        assert clients[role].post(URL, upload, format="multipart").status_code == status
    assert code_list.values.count() == 1


def test_format_comes_from_the_name_or_is_asked_for(clients, bodies):
    _list(bodies)
    response = clients["owner"].post(URL, _upload(HEADER, name="gioi-tinh.txt"), format="multipart")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "format"


def test_lists_themselves_are_not_created_through_the_api(clients):
    assert clients["admin"].post("/api/v1/code-lists/", {"identifier": "x"}, format="json").status_code == 405


def test_a_file_over_the_size_limit_is_refused(clients, bodies, monkeypatch):
    from dictionary.api.serializers import CodeListImportSerializer

    code_list = _list(bodies)
    monkeypatch.setattr(CodeListImportSerializer, "MAX_BYTES", 100)
    response = clients["owner"].post(URL, _upload(HEADER + "2,Nữ,Female,,,,,1,\n" * 5), format="multipart")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "file"
    assert list(code_list.values.values_list("code", flat=True)) == ["1"]
