"""Numbered releases: frozen once published, compared item by item."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from dictionary.models import CodeValue, CodeValueAlias, DataElement, ItemStatus, Release, ReleaseItem
from dictionary.releases import release_diff, release_publish
from dictionary.services import element_save, item_transition


def _publish(users, version):
    return release_publish(user=users["reviewer"], version=version, title=f"Từ điển dữ liệu dùng chung {version}")


def _new_element(users, bodies, identifier, status=ItemStatus.VALID, **fields):
    return element_save(user=users["admin"], element=DataElement(
        identifier=identifier, name_vi=fields.pop("name_vi", identifier), steward=bodies["ministry"], status=status,
        **fields))


def test_release_freezes_reviewed_items_only(users, bodies, element, code_list):
    value = CodeValue.objects.create(code_list=code_list, code="1", label_vi="Nam", label_en="Male")
    CodeValueAlias.objects.create(value=value, scheme="QCVN 109:2017", code="M")
    _new_element(users, bodies, "nhap", status=ItemStatus.DRAFT)
    release = _publish(users, "1.0.0")
    items = {(item.kind, item.identifier): item.content for item in release.items.all()}
    assert set(items) == {("element", "ngay-sinh"), ("code_list", "gioi-tinh")}
    assert items[("element", "ngay-sinh")]["steward"] == "GOV-M02"
    assert items[("code_list", "gioi-tinh")]["values"] == [{
        "code": "1", "label_vi": "Nam", "label_en": "Male", "parent_list": None, "parent_code": None,
        "effective_from": None, "effective_to": None, "position": 0, "note": "", "aliases": {"QCVN 109:2017": "M"}}]


def test_published_release_is_immutable(users, element):
    release = _publish(users, "1.0.0")
    item = release.items.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        ReleaseItem.objects.filter(pk=item.pk).update(content={"name_vi": "sửa lén"})
    with pytest.raises(DatabaseError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(title="sửa lén")
    with pytest.raises(DatabaseError), transaction.atomic():
        ReleaseItem.objects.filter(pk=item.pk).delete()
    element.name_vi = "Ngày sinh (sửa sau phát hành)"
    element_save(element=element, user=users["admin"])
    item.refresh_from_db()
    assert item.content["name_vi"] == "Ngày sinh"


def test_diff_between_releases(users, bodies, element, steward_reviewer):
    kept = _new_element(users, bodies, "gioi-tinh-ca-nhan", name_vi="Giới tính")
    retiring = _new_element(users, bodies, "bi-danh", name_vi="Bí danh")
    first = _publish(users, "1.0.0")

    element.max_length = 10
    element_save(element=element, user=users["admin"])
    item_transition(user=steward_reviewer, item=retiring, to_status=ItemStatus.RETIRED)
    _new_element(users, bodies, "noi-sinh", name_vi="Nơi sinh")
    second = _publish(users, "1.1.0")

    diff = release_diff(old=first, new=second)
    assert [entry["identifier"] for entry in diff["added"]] == ["noi-sinh"]
    assert [entry["identifier"] for entry in diff["changed"]] == ["ngay-sinh"]
    assert [entry["identifier"] for entry in diff["retired"]] == ["bi-danh"]
    assert kept.identifier not in {e["identifier"] for entries in diff.values() for e in entries}
    assert second.prior == first


def test_versions_only_go_forward(users, element):
    _publish(users, "1.9.0")
    _publish(users, "1.10.0")
    for version in ("1.10.0", "1.2.0", "v2", "2.0"):
        with pytest.raises(ValidationError):
            _publish(users, version)
    assert list(Release.objects.values_list("version", flat=True)) == ["1.10.0", "1.9.0"]


def test_only_reviewers_publish(users, element):
    for role in ("owner", "monitor", "other"):
        with pytest.raises(PermissionDenied):
            _publish(users | {"reviewer": users[role]}, "1.0.0")
    assert not Release.objects.exists()
