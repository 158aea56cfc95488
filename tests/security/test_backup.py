"""registry_export / registry_import: the whole registry with its history, round trip identical,
only into an empty database, all or nothing."""

import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from architecture.audit import audit_record
from architecture.backup import exported_models
from architecture.models import AuditKind, Body, User
from architecture.services import body_create
from architecture.tokens import token_create
from catalog.models import Database, Field, Table
from tests.conftest import make_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(bodies, users, databases):
    """A little of everything: entries with history (m2m history too), tokens, audit events, admin log."""
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType

    database = databases["restricted"]
    database.name_vi = "Cơ sở dữ liệu mật (đổi tên)"
    database.save()
    table = Table.objects.create(database=database, name="cong_dan")
    Field.objects.create(table=table, name="ngay_sinh", datatype="date")
    token_create(user=users["owner"], name="đồng bộ")
    audit_record(kind=AuditKind.SIGN_IN, user=users["owner"])
    LogEntry.objects.create(user=users["admin"], content_type=ContentType.objects.get_for_model(Body),
                            object_id=str(bodies["province"].pk), object_repr="Hà Nội", action_flag=ADDITION,
                            action_time=timezone.now())
    make_database(bodies["province"], "CSDL-HN", name_vi="Ngày “trích dẫn” ✓ 😀")


def lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as source:
        return source.read().splitlines()


def test_the_round_trip_is_identical(registry, tmp_path):
    first, second = tmp_path / "first.jsonl.gz", tmp_path / "second.jsonl.gz"
    call_command("registry_export", str(first), stdout=io.StringIO())
    exported = lines(first)
    models = {json.loads(line)["model"] for line in exported[1:]}
    assert {"architecture.historicalbody", "catalog.historicaldatabase", "architecture.auditevent",
            "architecture.user", "architecture.apitoken", "admin.logentry", "catalog.field"} <= models
    assert json.loads(exported[0])["format"] == "registry-export"

    call_command("flush", interactive=False, verbosity=0)
    assert not Database.objects.exists() and not User.objects.exists()
    call_command("registry_import", str(first), stdout=io.StringIO())
    call_command("registry_export", str(second), stdout=io.StringIO())
    assert lines(second) == exported
    restored = Database.objects.get(identifier="CSDL-MAT")
    assert restored.history.count() == 2 and restored.name_vi == "Cơ sở dữ liệu mật (đổi tên)"
    # New rows after a restore get fresh keys (sequences were moved past the restored ones).
    assert body_create(code="X-NEW", name_vi="Mới", kind="ministry", level="central").pk > max(
        json.loads(line)["pk"] for line in exported[1:] if json.loads(line)["model"] == "architecture.body")


def test_models_come_after_what_they_point_to():
    order = [model._meta.label_lower for model in exported_models()]
    assert order.index("architecture.body") < order.index("catalog.database") < order.index("catalog.table")
    assert order.index("catalog.table") < order.index("catalog.field")
    assert "contenttypes.contenttype" not in order and "sessions.session" not in order


def test_a_database_with_entries_is_refused_and_left_alone(registry, tmp_path):
    dump = tmp_path / "dump.jsonl.gz"
    call_command("registry_export", str(dump), stdout=io.StringIO())
    before = Database.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("registry_import", str(dump))
    assert Database.objects.count() == before


def test_a_broken_file_restores_nothing(registry, tmp_path):
    dump, broken = tmp_path / "dump.jsonl.gz", tmp_path / "broken.jsonl.gz"
    call_command("registry_export", str(dump), stdout=io.StringIO())
    good = lines(dump)
    with gzip.open(broken, "wt", encoding="utf-8") as out:
        out.write("\n".join(good[: len(good) - 3] + ['{"model": "catalog.field", "pk": 1, "fie']))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="nothing restored: line"):
        call_command("registry_import", str(broken))
    assert not Body.objects.exists() and not User.objects.exists()  # all or nothing


def test_a_file_that_is_not_an_export_is_refused(db, tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}\n')
    with pytest.raises(CommandError, match="not a registry export"):
        call_command("registry_import", str(other))
