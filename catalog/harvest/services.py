"""Writes to the register of harvest sources, for the API and the pages (the admin has its own
forms under the same rule). Each asks architecture.access, validates and writes in one
transaction. Sources keep no history of their own: their runs are the harvest's record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from architecture.access import can_manage_harvest
from architecture.audit import audit_record
from architecture.models import AuditKind
from catalog.models import HarvestSource


def _require_manage(user) -> None:
    if not can_manage_harvest(user):
        raise PermissionDenied(_("Only administrators configure harvest sources."))


@transaction.atomic
def harvest_source_save(*, user, source: HarvestSource, changes: dict) -> HarvestSource:
    """Create (source without pk) or change a source."""
    _require_manage(user)
    action = "changed" if source.pk else "added"
    for name, value in changes.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    # The audit log names the fields changed, never their values (the access token is a secret).
    audit_record(kind=AuditKind.HARVEST_SOURCE_CHANGED, user=user, target=f"catalog.harvestsource:{source.pk} {source}",
                 detail={"action": action, "fields": sorted(changes)})
    return source


@transaction.atomic
def harvest_source_delete(*, user, source: HarvestSource) -> None:
    """Delete a source that never ran (its runs are the harvest's record and protect it: 409)."""
    _require_manage(user)
    target = f"catalog.harvestsource:{source.pk} {source}"
    source.delete()
    audit_record(kind=AuditKind.HARVEST_SOURCE_CHANGED, user=user, target=target, detail={"action": "deleted"})


def harvest_source_run_request(*, user, source: HarvestSource) -> None:
    """Start a run now, in the background; a source being harvested is skipped by the task."""
    from catalog.tasks import harvest_source_run
    from config.queue import task_enqueue

    _require_manage(user)
    # With the queue down the source stays due: the scheduled look (harvest_due_sources) starts it.
    transaction.on_commit(lambda: task_enqueue(harvest_source_run, source.pk))
