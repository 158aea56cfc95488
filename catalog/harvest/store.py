"""The harvester's writes to the register: new entries in bulk, a changed or reappearing entry, a
withdrawn one. Each leaves its change in the history, under the system user "harvester".

Why not catalog.services.database_create/update: the harvester acts on behalf of the source's
owning body, and configuring the source (an administrator's act) is what grants that, so there is
no person whose rights to check; and 20,000 entries must be written in bulk, which those
per-entry services cannot do. The rules they apply that matter here are kept: full field
validation, a version counted per change, and the history signed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from architecture.models import User
from catalog.harvest.mapping import RemoteDataset
from catalog.models import Database, HarvestRecord, HarvestRun, HarvestSource, Service
from catalog.models.databases import database_search_text

SYSTEM_USERNAME = "harvester"
OWNERS = ["owner", "operator"]  # validating a foreign key costs a query; the harvester sets them itself
SERVICE_FIELDS = ("title", "media_type", "endpoint_description_url")


def harvester_user() -> User:
    """The system user the history names for harvested changes: created on first use, inactive and
    without a usable password, so nobody signs in as it."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "Harvester"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def change_reason(text: str) -> str:
    """simple_history keeps 100 characters of a change reason; a source's name may be longer."""
    return text if len(text) <= 100 else text[:99] + "…"


def entry_build(item: RemoteDataset, identifier: str) -> tuple:
    """The unsaved entry of `item` with its services, validated field by field as a form would
    (without queries). Raises ValidationError."""
    database = Database(identifier=identifier, **item.fields)
    database.clean_fields(exclude=OWNERS)
    database.search_text = database_search_text(database)  # bulk_create does not call save()
    return item, database, [service_build(database, row) for row in item.services]


def service_build(database: Database, row: tuple) -> Service:
    url, title, media_type, description_url = row
    service = Service(database=database, endpoint_url=url, title=title[:255], media_type=media_type,
                      endpoint_description_url=description_url)
    service.clean_fields(exclude=["database"])
    return service


def entries_insert(built: list[tuple], *, source: HarvestSource, run: HarvestRun, user: User,
                   theme_ids: dict[str, int]) -> list[HarvestRecord]:
    """Insert built entries with their themes, services and records, and their history, in bulk.
    The caller holds the transaction."""
    if not built:
        return []
    now, reason = timezone.now(), change_reason(f"harvested from {source}")
    databases = Database.objects.bulk_create([database for _, database, _ in built])
    through = Database.themes.through
    links = through.objects.bulk_create([
        through(database_id=database.pk, theme_id=theme_ids[code])
        for item, database, _ in built for code in item.themes
    ])
    history = {h.id: h for h in Database.history.bulk_history_create(databases, default_user=user,
                                                                       default_change_reason=reason)}
    # The themes as they were in that version, as simple_history records them when saving one by one.
    theme_history = Database.history.model.themes.model
    theme_history.objects.bulk_create([
        theme_history(id=link.pk, database_id=link.database_id, theme_id=link.theme_id,
                      history=history[link.database_id])
        for link in links
    ])
    # Each service takes its entry's new key on insert (Django copies the key of a saved relation).
    services = [service for _, _, services in built for service in services]
    Service.history.bulk_history_create(Service.objects.bulk_create(services), default_user=user,
                                        default_change_reason=reason)
    return HarvestRecord.objects.bulk_create([
        HarvestRecord(source=source, database=database, remote_iri=item.iri, remote_identifier=item.identifier,
                      content_hash=item.content_hash, last_seen_run=run, first_seen_at=now, last_seen_at=now)
        for item, database, _ in built
    ])


def unsaved(built: tuple) -> None:
    """Forget the keys a rolled-back insert gave, so the entry is inserted afresh."""
    _, database, services = built
    for obj in (database, *services):
        obj.pk, obj._state.adding = None, True


@transaction.atomic
def entry_update(record_id: int, database_id: int, item: RemoteDataset, *, source: HarvestSource,
                 run: HarvestRun, user: User, theme_ids: dict[str, int]) -> None:
    """Write what the feed now says of an entry, reinstating it if it was withdrawn. Raises
    ValidationError or DatabaseError, and then changes nothing."""
    database = Database.objects.select_for_update().get(pk=database_id)
    reinstated = database.withdrawn_at is not None
    for name, value in item.fields.items():
        setattr(database, name, value)
    database.withdrawn_at = None
    database.clean_fields(exclude=OWNERS)
    services = [service_build(database, row) for row in item.services]
    database.version += 1
    database._history_user = user
    database._change_reason = change_reason(f"{'reinstated' if reinstated else 'updated'} by harvesting {source}")
    database.save()
    wanted = {theme_ids[code] for code in item.themes}
    if set(database.themes.values_list("id", flat=True)) != wanted:
        database.themes.set(wanted)
    services_sync(database, services, user)
    HarvestRecord.objects.filter(pk=record_id).update(
        remote_iri=item.iri, remote_identifier=item.identifier, content_hash=item.content_hash,
        last_seen_run=run, last_seen_at=timezone.now(), missing_since=None,
    )


def services_sync(database: Database, services: list[Service], user: User) -> None:
    """Make the entry's services those of the feed, one per endpoint; a protocol set in the
    register is kept."""
    current = {s.endpoint_url: s for s in database.services.all()}
    for service in services:
        old = current.pop(service.endpoint_url, None)
        if old is not None:
            if all(getattr(old, f) == getattr(service, f) for f in SERVICE_FIELDS):
                continue
            for f in SERVICE_FIELDS:
                setattr(old, f, getattr(service, f))
            service = old
        service._history_user = user
        service.save()
    for gone in current.values():
        gone._history_user = user
        gone.delete()


@transaction.atomic
def entry_withdraw(database_id: int, *, source: HarvestSource, user: User, now) -> None:
    """Withdraw, never delete: the entry stays in the register and its history, unpublished."""
    database = Database.objects.select_for_update().get(pk=database_id)
    database.withdrawn_at, database.version = now, database.version + 1
    database._history_user = user
    database._change_reason = change_reason(f"withdrawn: no longer listed by {source}")
    database.save()
