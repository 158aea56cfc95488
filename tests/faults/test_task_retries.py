"""Celery work is retried, not lost: a lost database connection retries the import with backoff,
a repeated delivery changes nothing, a job whose message never left waits in the database and is
sent again."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from catalog import tasks
from catalog.models import Database, ImportJob, ImportStatus

CSV = "database_identifier,database_name_vi,database_kind,table_name,field_name,field_datatype\n" \
      "CSDL-A,Cơ sở A,local,bang,truong,string\n"


@pytest.fixture
def job(users, bodies):
    return ImportJob.objects.create(user=users["owner"], body=bodies["commune"], format="csv", upload=CSV.encode())


def test_tasks_retry_with_backoff_and_are_acknowledged_late(settings):
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    for task in (tasks.databases_import_run, tasks.harvest_source_run, tasks.harvest_due_sources,
                 tasks.reference_data_load, tasks.database_checks_refresh_task, tasks.import_jobs_requeue):
        assert OperationalError in task.autoretry_for, task.name
        assert task.retry_backoff, task.name


def test_an_import_interrupted_by_the_database_is_retried_and_finishes(job, monkeypatch):
    from catalog import bulk_import

    real, calls = bulk_import.databases_import, []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(bulk_import, "databases_import", flaky)
    from celery.exceptions import Retry

    with pytest.raises(Retry):  # autoretry_for: the task asks Celery to run it again later
        tasks.databases_import_run.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and not Database.objects.exists()  # nothing half-written
    result = tasks.databases_import_run.apply(args=[job.pk], retries=1).get()  # the retry, as a worker runs it
    assert len(calls) == 2
    assert result == {"job": job.pk, "status": ImportStatus.SUCCEEDED}
    assert Database.objects.filter(identifier="CSDL-A").count() == 1


def test_a_repeated_delivery_changes_nothing(job):
    tasks.databases_import_run.delay(job.pk)
    job.refresh_from_db()
    finished = (job.status, job.finished_at)
    assert tasks.databases_import_run.delay(job.pk).get() == {"job": job.pk, "status": ImportStatus.SUCCEEDED}
    job.refresh_from_db()
    assert (job.status, job.finished_at) == finished
    assert Database.objects.filter(identifier="CSDL-A").count() == 1


def test_a_job_whose_message_was_lost_is_sent_again(job):
    assert tasks.import_jobs_requeue.delay().get() == []  # too recent: its message may be on its way
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=30))
    assert tasks.import_jobs_requeue.delay().get() == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED


def test_due_sources_not_sent_stay_due(bodies, monkeypatch):
    from catalog.models import HarvestSource

    source = HarvestSource.objects.create(name="Nguồn", url="https://example.gov.vn/c.ttl", owner=bodies["province"])
    monkeypatch.setattr("config.queue.task_enqueue", lambda task, *args: False)  # the broker is down
    assert tasks.harvest_due_sources.delay().get() == []
    from catalog.harvest.run import sources_due

    assert source in list(sources_due())
