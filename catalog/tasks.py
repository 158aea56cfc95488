"""Background work of the catalog. Tasks are idempotent, so a retry after a lost worker is safe."""

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def reference_data_load() -> dict:
    """Load the reference data the project ships (bodies and national databases).

    Loading twice changes nothing, so a retried or repeated run is harmless.
    """
    from catalog.reference_data import reference_data_load as load

    return load()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=3)
def harvest_source_run(source_id: int) -> dict:
    """Harvest one source now. A source already being harvested is skipped, not queued: the
    running harvest reads the same feed."""
    from catalog.harvest.run import HarvestAlreadyRunning, run_summary, source_harvest
    from catalog.models import HarvestSource

    source = HarvestSource.objects.select_related("owner").get(pk=source_id)
    try:
        return run_summary(source_harvest(source=source))
    except HarvestAlreadyRunning as error:
        return {"source": source.pk, "status": "skipped", "reason": str(error)}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def harvest_due_sources() -> list[int]:
    """Start a run for every enabled source whose interval has passed since its last run started
    (Celery beat calls this every few minutes: catalog.schedule.BEAT_SCHEDULE)."""
    from catalog.harvest.run import sources_due
    from config.queue import task_enqueue

    due = [source.pk for source in sources_due()]
    # A source not sent now (broker down) is still due at the next look: nothing is lost.
    return [source_id for source_id in due if task_enqueue(harvest_source_run, source_id)]


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def databases_import_run(self, job_id: int) -> dict:
    """Run a queued bulk import (catalog.bulk_import). Everything is stored in one transaction at
    the end, so a worker killed half-way leaves nothing half-written (tests/faults/test_task_killed.py).
    A lost database connection is retried with backoff, the job staying "running"; a job found
    "running" is resumed only by such a retry or a redelivery after a lost worker (acks_late)."""
    from django.utils import timezone

    from catalog.bulk_import import databases_import
    from catalog.models import ImportJob, ImportStatus

    job = ImportJob.objects.select_related("user", "body").get(pk=job_id)
    again = bool(self.request.retries or (self.request.delivery_info or {}).get("redelivered"))
    if job.status != ImportStatus.QUEUED and not (again and job.status == ImportStatus.RUNNING):
        return {"job": job.pk, "status": job.status}  # a repeated delivery: already handled

    def progress(percent: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(progress=percent)

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, progress=5)
    try:
        report = databases_import(user=job.user, body=job.body, data=bytes(job.upload), fmt=job.format,
                                  progress=progress)
    except OperationalError:
        raise  # the database went away: nothing was stored; retried with backoff
    except Exception as error:  # noqa: BLE001  (the job must end, whatever went wrong)
        job.status, job.errors = ImportStatus.FAILED, [{"line": 0, "column": "", "reason": str(error)}]
    else:
        job.status = ImportStatus.SUCCEEDED if report.ok else ImportStatus.FAILED
        job.counts = report.counts() if report.ok else {}
        job.errors = [error._asdict() for error in report.errors]
    job.progress, job.upload, job.finished_at = 100, b"", timezone.now()
    job.save(update_fields=["status", "counts", "errors", "progress", "upload", "finished_at"])
    return {"job": job.pk, "status": job.status}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def import_jobs_requeue(minutes: int = 10) -> list[int]:
    """Send again the import jobs still queued after `minutes` (their message was never sent, the
    broker being down, or was lost): the work waits in the database, it is not lost."""
    from datetime import timedelta

    from django.utils import timezone

    from catalog.models import ImportJob, ImportStatus
    from config.queue import task_enqueue

    stale = timezone.now() - timedelta(minutes=minutes)
    ids = list(ImportJob.objects.filter(status=ImportStatus.QUEUED, created_at__lt=stale).values_list("pk", flat=True))
    return [job_id for job_id in ids if task_enqueue(databases_import_run, job_id)]


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=3)
def database_checks_refresh_task(database_ids: list[int] | None = None) -> int:
    """Recompute the automatic checks and quality scores (catalog.checks.database_checks_refresh):
    of some databases after a write, or of all of them from Celery beat (the sync status moves
    with the clock). Idempotent: the results are upserted."""
    from catalog.checks import database_checks_refresh

    return database_checks_refresh(database_ids=database_ids)
