"""Writes to the register of harvest sources, for the API and the pages (the admin has its own
forms under the same rule). Each asks architecture.access, validates and writes in one
transaction. Sources keep no history of their own: their runs are the harvest's record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from architecture.access import can_manage_harvest
from catalog.models import HarvestSource


def _require_manage(user) -> None:
    if not can_manage_harvest(user):
        raise PermissionDenied(_("Only administrators configure harvest sources."))


@transaction.atomic
def harvest_source_save(*, user, source: HarvestSource, changes: dict) -> HarvestSource:
    """Create (source without pk) or change a source."""
    _require_manage(user)
    for name, value in changes.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def harvest_source_delete(*, user, source: HarvestSource) -> None:
    """Delete a source that never ran (its runs are the harvest's record and protect it: 409)."""
    _require_manage(user)
    source.delete()


def harvest_source_run_request(*, user, source: HarvestSource) -> None:
    """Start a run now, in the background; a source being harvested is skipped by the task."""
    from catalog.tasks import harvest_source_run

    _require_manage(user)
    transaction.on_commit(lambda: harvest_source_run.delay(source.pk))
