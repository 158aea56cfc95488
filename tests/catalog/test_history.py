"""Every change to bodies, databases, fields and standards is recorded: who, when, what changed."""

from architecture.services import body_save
from catalog.models import Field, Standard, Table
from catalog.services import database_update


def _changes(instance):
    newest, previous = instance.history.all()[:2]
    return {change.field: (change.old, change.new) for change in newest.diff_against(previous).changes}


def test_database_change_records_who_when_what(users, databases):
    database = databases["public"]
    database_update(user=users["owner"], database=database, name_vi="CSDL dân cư phường", security_level=3)
    newest = database.history.first()
    assert newest.history_user == users["owner"]
    assert newest.history_date is not None
    assert newest.history_type == "~"
    changes = _changes(database)
    assert changes["name_vi"] == ("Cơ sở dữ liệu CSDL-CONG-KHAI", "CSDL dân cư phường")
    assert changes["security_level"] == (None, 3)


def test_legal_basis_changes_are_in_the_history(users, databases):
    from architecture.models import LegalDocument

    decree = LegalDocument.objects.create(number="194/2025/NĐ-CP", title="Nghị định về cơ sở dữ liệu quốc gia")
    database = databases["public"]
    database_update(user=users["owner"], database=database, legal_basis=[decree])
    database_update(user=users["owner"], database=database, name_vi="đổi tên")
    newest = database.history.first()
    assert [row.legaldocument_id for row in newest.legal_basis.all()] == [decree.pk]


def test_body_rename_keeps_the_old_name(bodies):
    commune = bodies["commune"]
    commune.name_vi = "Phường Ba Đình (mới)"
    body_save(body=commune)
    assert _changes(commune)["name_vi"] == ("Phường Ba Đình", "Phường Ba Đình (mới)")
    assert commune.history.count() == 2


def test_field_and_standard_changes_are_recorded(users, databases):
    table = Table.objects.create(database=databases["public"], name="cong_dan")
    field = Field.objects.create(table=table, name="ho_ten", datatype="string", length=100)
    field.length = 150
    field._history_user = users["owner"]
    field.save()
    assert _changes(field) == {"length": (100, 150)}
    assert field.history.first().history_user == users["owner"]

    standard = Standard.objects.create(code="QCVN 109:2017/BTTTT", title="Cấu trúc thông điệp dữ liệu công dân")
    standard.year = 2017
    standard.save()
    assert _changes(standard) == {"year": (None, 2017)}


def test_deleted_field_leaves_a_history_row(databases):
    table = Table.objects.create(database=databases["public"], name="cong_dan")
    field = Field.objects.create(table=table, name="ho_ten", datatype="string")
    field_id = field.pk
    field.delete()
    assert Field.history.filter(id=field_id).first().history_type == "-"
