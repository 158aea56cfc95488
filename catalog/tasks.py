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
