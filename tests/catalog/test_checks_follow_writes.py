"""The stored checks follow every write that changes their facts, not only the next periodic
refresh: a part added through the services, a bulk import, a synchronization report."""

import datetime

from django.utils import timezone

from catalog.models import DatabaseCheckResult, Field, Table
from catalog.services import part_save
from catalog.sync import sync_report_record, sync_reporter_create


def _outcome(database, code):
    return DatabaseCheckResult.objects.get(database=database, code=code).outcome


def test_a_new_field_refreshes_the_structure_check(users, databases, django_capture_on_commit_callbacks):
    database = databases["public"]
    with django_capture_on_commit_callbacks(execute=True):
        table = part_save(user=users["owner"], part=Table(), changes={"database": database, "name": "cong_dan"})
    assert _outcome(database, "structure_registered") == "fail"  # a table without fields
    with django_capture_on_commit_callbacks(execute=True):
        part_save(user=users["owner"], part=Field(), changes={"table": table, "name": "ho_ten", "datatype": "string"})
    assert _outcome(database, "structure_registered") == "pass"


def test_a_sync_report_refreshes_the_sync_check(users, databases, django_capture_on_commit_callbacks):
    database = databases["public"]
    database.sync_mode, database.sync_frequency = "periodic", "daily"
    database.save()
    reporter, _token = sync_reporter_create(user=users["owner"], database=database)
    long_ago = timezone.now() - datetime.timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        sync_report_record(reporter=reporter, report_id="old", started_at=long_ago, finished_at=long_ago,
                           records_sent=5, outcome="success")
    assert _outcome(database, "ndc_sync") == "fail"  # configured, but the last sync is long overdue
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        sync_report_record(reporter=reporter, report_id="new", started_at=now - datetime.timedelta(minutes=5),
                           finished_at=now, records_sent=5, outcome="success")
    assert _outcome(database, "ndc_sync") == "pass"
