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


@shared_task
def harvest_due_sources() -> list[int]:
    """Start a run for every enabled source whose interval has passed since its last run started
    (Celery beat calls this every few minutes: catalog.schedule.BEAT_SCHEDULE)."""
    from catalog.harvest.run import sources_due

    due = [source.pk for source in sources_due()]
    for source_id in due:
        harvest_source_run.delay(source_id)
    return due
