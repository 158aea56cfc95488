"""Monthly snapshots of the figures of every body and of the whole political system.

The figures of every body come from the breakdowns of the bodies above it: one figures_compute
per body that has children (each child's row is that child's complete roll-up), plus the national
view for the top-level bodies. Counted over the whole register (monitoring.figures.EVERYTHING).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from architecture.models import Body
from monitoring.figures import EVERYTHING, figures_compute
from monitoring.models import FigureSnapshot

# The lists kept with the national snapshot, so the report of a past month can be reproduced.
SNAPSHOT_LISTS = ["sync_overdue"]

def _extra_lists() -> list:
    """Lists of the other registers' families: callables (now) -> {name: rows}."""
    from monitoring.figures_plans import milestone_snapshot_lists

    return [milestone_snapshot_lists]


def month_first(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_previous(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _json(values: dict) -> dict:
    return {key: value for key, value in values.items()}


def _database_list_rows(name: str, now: datetime.datetime) -> list[list]:
    from monitoring.lists import database_list_for_figure

    rows = []
    for database in database_list_for_figure(user=EVERYTHING, body=None, name=name, now=now):
        rows.append([database.identifier, database.name_vi, database.owner.code, database.owner.name_vi,
                     database.last_synced_at.isoformat() if database.last_synced_at else ""])
    return rows


@transaction.atomic
def snapshots_take(*, month: datetime.date, now: datetime.datetime | None = None) -> int:
    """Store the figures of `month` for the nation and every body, replacing any taken before
    for the same month. Returns the number of snapshots stored."""
    now = now or timezone.now()
    month = month_first(month)
    national = figures_compute(user=EVERYTHING, body=None, now=now)
    by_body: dict[int, dict] = {row.body.pk: row.values for row in national.rows}
    for parent in Body.objects.filter(children__isnull=False).distinct():
        for row in figures_compute(user=EVERYTHING, body=parent, now=now).rows:
            if not row.own:
                by_body[row.body.pk] = row.values
    lists = {name: _database_list_rows(name, now) for name in SNAPSHOT_LISTS}
    for extra in _extra_lists():
        lists.update(extra(now))
    FigureSnapshot.objects.filter(month=month).delete()
    snapshots = [FigureSnapshot(body=None, month=month, taken_at=now, figures=_json(national.totals), lists=lists)]
    snapshots += [FigureSnapshot(body_id=pk, month=month, taken_at=now, figures=_json(values))
                  for pk, values in by_body.items()]
    FigureSnapshot.objects.bulk_create(snapshots, batch_size=500)
    return len(snapshots)
