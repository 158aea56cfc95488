"""Dictionary coverage for the dashboard at national scale: field counts per database kept in
DatabaseFieldCounts (monitoring.models.coverage), refreshed in one aggregate query and one bulk
upsert, and summed per child body over the visible databases in the same scan as the database
figures (monitoring.figures.databases_grouped). While no refresh younger than
MONITORING_FIELD_COUNTS_MINUTES exists, the fields themselves are counted (catalog.coverage's
rule), so a coverage figure is never older than that many minutes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.models import Field
from monitoring.models import DatabaseFieldCounts

COLUMNS = {"fields_total": "total", "fields_mapped": "mapped", "fields_mismatched": "mismatched",
           "fields_local": "local"}


def field_counts_refresh(*, now: datetime.datetime | None = None) -> int:
    """Count the fields of every database again; returns the number of databases with fields."""
    from monitoring.figures import FIELD_COUNTS

    now = now or timezone.now()
    rows = Field.objects.values("table__database_id").annotate(**FIELD_COUNTS).order_by()
    counts = [DatabaseFieldCounts(database_id=row["table__database_id"], total=row["fields_total"],
                                  mapped=row["fields_mapped"], mismatched=row["fields_mismatched"],
                                  local=row["fields_local"], computed_at=now) for row in rows]
    with transaction.atomic():
        DatabaseFieldCounts.objects.bulk_create(
            counts, batch_size=2000, update_conflicts=True, unique_fields=["database"],
            update_fields=["total", "mapped", "mismatched", "local", "computed_at"])
        DatabaseFieldCounts.objects.filter(computed_at__lt=now).delete()  # databases without fields now
    return len(counts)


def field_counts_as_of(*, now: datetime.datetime) -> datetime.datetime | None:
    """When the kept counts were refreshed, if that is recent enough to use them."""
    latest = DatabaseFieldCounts.objects.aggregate(at=Max("computed_at"))["at"]
    limit = datetime.timedelta(minutes=settings.MONITORING_FIELD_COUNTS_MINUTES)
    return latest if latest is not None and now - latest <= limit else None
