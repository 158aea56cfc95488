"""One harvest run of a source: read every page, store what changed, withdraw what disappeared,
and keep the report. The writes themselves are in catalog.harvest.store.

Fast (20,000 datasets): all records of the source are loaded in one query at the start; a page is
parsed once, straight into an index; a dataset whose content hash matches its record costs no
write (its "last seen" is set for all such records in a few bulk updates at the end); new entries
are inserted in bulk, history included. A page that has not changed since the last run (the
server answers 304 to its ETag or Last-Modified, or sends the same bytes) is not even parsed:
HarvestPage remembers which records it listed.

Safe:
- each record is written whole or not at all: new entries go in one transaction per batch, and a
  batch that fails is written again one record at a time, each in its own transaction, so one bad
  record becomes a report line and the others are stored; a changed entry has its own transaction;
- runs of one source never overlap: the source row is locked while a run starts, and the database
  holds at most one running run per source (harvest_run_one_running_per_source); a run left
  "running" for more than STALE_AFTER (its worker was killed) is marked failed before the next
  one starts; an exception that escapes marks the run failed before it propagates;
- only a complete run (every page read) marks records missing, and an entry is withdrawn (never
  deleted) once missing for longer than the source's grace period; a failed or partial run
  withdraws nothing; an entry that reappears is reinstated.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from architecture.models import BodyLevel
from architecture.models.bodies import CODE_PATTERN
from architecture.text import validation_text
from catalog.harvest import store
from catalog.harvest.fetch import SIZE_LIMIT, TIME_LIMIT, FetchError, Page, page_fetch
from catalog.harvest.mapping import (
    MAPPING_VERSION,
    RecordError,
    RemoteDataset,
    Target,
    datasets_map,
)
from catalog.harvest.parse import (
    ACCEPT,
    Index,
    ParseError,
    next_page_url,
    page_format,
    page_parse,
)
from catalog.models import (
    Database,
    DatabaseKind,
    HarvestPage,
    HarvestRecord,
    HarvestReportLine,
    HarvestRun,
    HarvestSource,
    HarvestStatus,
    Theme,
)

PAGE_LIMIT = 1000
STALE_AFTER = timedelta(hours=2)  # a 20,000-dataset run takes minutes; two hours means its worker died
BATCH = 500
COUNTS = ("created", "updated", "unchanged", "withdrawn", "errors")
IDENTIFIER = re.compile(CODE_PATTERN)


class HarvestAlreadyRunning(Exception):
    """Another run of the same source has not finished."""


@dataclass(slots=True)
class Known:
    """A record of the source as the run knows it."""

    pk: int
    iri: str
    identifier: str
    content_hash: str
    database_id: int
    register_identifier: str
    withdrawn: bool
    missing_since: object = None


def source_harvest(*, source: HarvestSource, time_limit: float = TIME_LIMIT, size_limit: int = SIZE_LIMIT,
                   page_limit: int = PAGE_LIMIT) -> HarvestRun:
    """Run `source` once and return the finished run. Raises HarvestAlreadyRunning."""
    run = run_start(source)
    try:
        Harvest(run, time_limit=time_limit, size_limit=size_limit, page_limit=page_limit).execute()
    except BaseException as error:  # a killed task (SystemExit, a time limit) ends as failed, too
        run_fail(run, f"the run stopped: {error!r}")
        raise
    return run


@transaction.atomic
def run_start(source: HarvestSource) -> HarvestRun:
    HarvestSource.objects.select_for_update().get(pk=source.pk)  # starters of one source queue here
    now = timezone.now()
    running = HarvestRun.objects.filter(source=source, status=HarvestStatus.RUNNING)
    for stale in running.filter(started_at__lt=now - STALE_AFTER):
        run_fail(stale, f"still running after {STALE_AFTER}: its worker was stopped; marked failed")
    if running.exists():
        raise HarvestAlreadyRunning(f"“{source}” is already being harvested; runs of one source never overlap")
    try:
        with transaction.atomic():
            return HarvestRun.objects.create(source=source, started_at=now)
    except IntegrityError:  # a run started between our check and our insert
        raise HarvestAlreadyRunning(f"“{source}” is already being harvested") from None


def run_fail(run: HarvestRun, reason: str) -> None:
    with transaction.atomic():
        run.status, run.complete, run.finished_at = HarvestStatus.FAILED, False, timezone.now()
        run.errors += 1
        run.save()
        HarvestReportLine.objects.create(run=run, reason=reason)


def sources_due(now=None) -> list[HarvestSource]:
    """Enabled sources whose interval has passed since their last run started (or never run)."""
    now = now or timezone.now()
    sources = HarvestSource.objects.filter(enabled=True).select_related("owner").annotate(
        last_started=Max("runs__started_at"))
    return [s for s in sources
            if s.last_started is None or s.last_started + timedelta(minutes=s.interval_minutes) <= now]


def run_summary(run: HarvestRun) -> dict:
    """The run's outcome as plain data (a Celery result)."""
    return {"source": run.source_id, "run": run.pk, "status": run.status, "complete": run.complete,
            "pages_read": run.pages_read, **{name: getattr(run, name) for name in COUNTS}}


class Harvest:
    """The state of one run: the source's records and pages, what was seen, the report so far."""

    def __init__(self, run: HarvestRun, *, time_limit: float, size_limit: int, page_limit: int):
        self.run, self.source = run, run.source
        self.limits = {"time_limit": time_limit, "size_limit": size_limit}
        self.page_limit = page_limit
        self.user = store.harvester_user()
        owner = self.source.owner
        local = owner.level in (BodyLevel.PROVINCIAL, BodyLevel.COMMUNAL)
        kind = DatabaseKind.LOCAL if local else DatabaseKind.SPECIALIZED
        self.theme_ids = dict(Theme.objects.values_list("code", "id"))
        self.target = Target(owner.pk, kind, frozenset(self.theme_ids))
        key = f"{MAPPING_VERSION}|{self.source.format}|{owner.pk}|{kind}|{','.join(sorted(self.theme_ids))}"
        self.mapping_key = hashlib.sha256(key.encode()).hexdigest()
        self.known = known_load(self.source)
        self.by_pk = {k.pk: k for k in self.known}
        self.by_identifier = {k.identifier: k for k in self.known if k.identifier}
        self.by_iri = {k.iri: k for k in self.known if k.iri}
        self.by_register_identifier = {k.register_identifier: k for k in self.known}
        self.pages = {p.url: p for p in HarvestPage.objects.filter(source=self.source)}
        self.seen: set[int] = set()
        self.lines: list[HarvestReportLine] = []

    # --- the pages ----------------------------------------------------------------------------

    def execute(self) -> None:
        url, visited, complete = self.source.url, set(), False
        while True:
            if self.run.pages_read >= self.page_limit:
                self.report(url, f"stopped after {self.page_limit} pages (the page limit); the rest was not read")
                break
            visited.add(url)
            try:
                next_url = self.page_read(url, visited)
            except (FetchError, ParseError) as error:
                self.report(url, str(error))
                break
            self.run.pages_read += 1
            self.progress_save()
            if next_url is None:
                complete = True
                break
            if next_url in visited:
                self.report(next_url, "the paging loops: this next page was read already; the run stops here")
                break
            url = next_url
        self.finish(complete, visited)

    def page_read(self, url: str, visited: set) -> str | None:
        """Read one page (or take it as it was) and return the next page's URL."""
        kept = self.pages.get(url)
        kept = kept if kept is not None and self.page_usable(kept) else None
        validators = {"etag": kept.etag, "last_modified": kept.last_modified} if kept else {}
        page = page_fetch(url, accept=ACCEPT[self.source.format], **validators, **self.limits,
                          token=self.source.access_token, token_origin=self.source.url)
        visited.add(page.url)
        # Checked before a kept page is used: the same bytes now labelled HTML or unknown are refused.
        fmt = None if page.not_modified else page_format(page, self.source.format)
        digest = hashlib.sha256(page.body).hexdigest()
        if kept is not None and (page.not_modified or digest == kept.digest):
            return self.page_reuse(kept, page)
        index = page_parse(page, fmt)
        next_url = next_page_url(index, page.url)
        errors = self.run.errors
        records = self.page_store(index)
        del index
        self.page_keep(url, page, digest, next_url, records, clean=self.run.errors == errors)
        return next_url

    def page_usable(self, kept: HarvestPage) -> bool:
        """A kept page stands for its records only while they are as it left them."""
        return kept.mapped_with == self.mapping_key and all(
            pk in self.by_pk and not self.by_pk[pk].withdrawn for pk in kept.records
        )

    def page_reuse(self, kept: HarvestPage, page: Page) -> str | None:
        for pk in kept.records:
            if pk not in self.seen:
                self.seen.add(pk)
                self.run.unchanged += 1
        if (page.etag, page.last_modified) != (kept.etag, kept.last_modified) and not page.not_modified:
            kept.etag, kept.last_modified = page.etag[:255], page.last_modified[:64]
            kept.save(update_fields=["etag", "last_modified"])
        return kept.next_url or None

    def page_keep(self, url: str, page: Page, digest: str, next_url: str | None, records: list[int], *,
                  clean: bool) -> None:
        """Keep a page read without a problem; forget one with problems, so they are met (and
        reported) again next time."""
        if not clean or len(url) > 1000 or len(next_url or "") > 1000:
            HarvestPage.objects.filter(source=self.source, url=url[:1000]).delete()
            self.pages.pop(url, None)
            return
        self.pages[url] = HarvestPage.objects.update_or_create(source=self.source, url=url, defaults={
            "etag": page.etag[:255], "last_modified": page.last_modified[:64], "digest": digest,
            "mapped_with": self.mapping_key, "next_url": next_url or "", "records": records,
            "read_at": timezone.now(),
        })[0]

    def page_store(self, index: Index) -> list[int]:
        """Store the datasets of a parsed page; return the records it lists."""
        listed, creates, updates = [], {}, []
        for item in datasets_map(index, self.target):
            known = self.find(item.identifier, item.iri)
            if isinstance(item, RecordError):
                if known is not None:
                    self.seen.add(known.pk)  # still listed: a bad copy is no reason to withdraw it
                self.report(item.label, item.reason)
            elif known is None:
                if item.identifier not in self.by_register_identifier:  # else our own entry echoed back
                    creates.setdefault(item.identifier or item.iri, item)
            else:
                listed.append(known.pk)
                if known.pk in self.seen:  # listed twice: the feed shifted between two pages
                    continue
                self.seen.add(known.pk)
                if (known.content_hash, known.iri, known.identifier, known.withdrawn) == (
                        item.content_hash, item.iri, item.identifier, False):
                    self.run.unchanged += 1
                else:
                    updates.append((known, item))
        items = list(creates.values())
        for start in range(0, len(items), BATCH):
            listed += self.records_create(items[start:start + BATCH])
        for known, item in updates:
            self.record_update(known, item)
        return listed

    def find(self, identifier: str, iri: str) -> Known | None:
        """dct:identifier first, then the IRI."""
        if identifier in self.by_identifier:
            return self.by_identifier[identifier]
        return self.by_iri.get(iri) if iri else None

    def remember(self, known: Known) -> None:
        self.seen.add(known.pk)
        self.by_pk[known.pk] = known
        if known.identifier:
            self.by_identifier[known.identifier] = known
        if known.iri:
            self.by_iri[known.iri] = known
        self.by_register_identifier[known.register_identifier] = known

    # --- writing ------------------------------------------------------------------------------

    def records_create(self, items: list[RemoteDataset]) -> list[int]:
        """Create the entries of new datasets; return their records."""
        wanted = {i.identifier for i in items if len(i.identifier) <= 64 and IDENTIFIER.match(i.identifier)}
        taken = set(Database.objects.filter(identifier__in=wanted).values_list("identifier", flat=True))
        built = []
        for item in items:
            identifier = item.identifier if item.identifier in wanted - taken else self.identifier_derive(item)
            taken.add(identifier)
            try:
                built.append(store.entry_build(item, identifier))
            except ValidationError as error:
                self.report(item.label, validation_text(error))
        write = {"source": self.source, "run": self.run, "user": self.user, "theme_ids": self.theme_ids}
        try:
            with transaction.atomic():
                records = store.entries_insert(built, **write)
            stored = built
        except DatabaseError:  # one bad record: find it, store the others
            records, stored = [], []
            for one in built:
                store.unsaved(one)
                try:
                    with transaction.atomic():
                        records += store.entries_insert([one], **write)
                    stored.append(one)
                except DatabaseError as error:
                    self.report(one[0].label, f"could not be stored: {error}")
        # Counted once committed: a rolled-back insert leaves no trace in the run either.
        self.run.created += len(records)
        for record, (item, database, _) in zip(records, stored, strict=True):
            self.remember(Known(record.pk, item.iri, item.identifier, item.content_hash, database.pk,
                                database.identifier, False))
        return [record.pk for record in records]

    def identifier_derive(self, item: RemoteDataset) -> str:
        """h<source id>-<16 hex digits of the remote key>: stable across runs, unique in practice,
        and plainly not the remote catalog's own identifier."""
        return f"h{self.source.pk}-{hashlib.sha256((item.identifier or item.iri).encode()).hexdigest()[:16]}"

    def record_update(self, known: Known, item: RemoteDataset) -> None:
        try:
            store.entry_update(known.pk, known.database_id, item, source=self.source, run=self.run, user=self.user,
                               theme_ids=self.theme_ids)
        except ValidationError as error:
            self.report(item.label, validation_text(error))
            return
        except DatabaseError as error:
            self.report(item.label, f"could not be stored: {error}")
            return
        self.run.updated += 1
        self.by_identifier.pop(known.identifier, None)
        self.by_iri.pop(known.iri, None)
        known.iri, known.identifier, known.content_hash = item.iri, item.identifier, item.content_hash
        known.withdrawn = False
        self.remember(known)

    # --- the end of the run -------------------------------------------------------------------

    def finish(self, complete: bool, visited: set) -> None:
        now = timezone.now()
        seen = sorted(self.seen)
        for start in range(0, len(seen), 1000):  # unchanged records: one statement per thousand
            HarvestRecord.objects.filter(pk__in=seen[start:start + 1000]).exclude(last_seen_run=self.run).update(
                last_seen_run=self.run, last_seen_at=now, missing_since=None,
            )
        if complete:
            self.missing_withdraw(now)
            HarvestPage.objects.filter(source=self.source).exclude(url__in=visited).delete()
        run = self.run
        run.complete, run.finished_at = complete, timezone.now()
        run.status = HarvestStatus.SUCCEEDED if complete and not run.errors \
            else HarvestStatus.FAILED if run.pages_read == 0 else HarvestStatus.PARTIAL
        self.progress_save()

    def missing_withdraw(self, now) -> None:
        """Records a complete run did not list: note when they went missing, and withdraw those
        missing for longer than the grace period."""
        missing = [k for k in self.known if k.pk not in self.seen]
        newly = [k.pk for k in missing if k.missing_since is None]
        HarvestRecord.objects.filter(pk__in=newly).update(missing_since=now)
        cutoff = now - timedelta(days=self.source.grace_days)
        for known in missing:
            if not known.withdrawn and (known.missing_since or now) <= cutoff:
                store.entry_withdraw(known.database_id, source=self.source, user=self.user, now=now)
                self.run.withdrawn += 1

    def report(self, subject: str, reason: str) -> None:
        self.lines.append(HarvestReportLine(run=self.run, subject=subject[:1000], reason=reason))
        self.run.errors += 1

    def progress_save(self) -> None:
        """Keep the counts and report lines as the run goes, so a stopped run still shows them."""
        HarvestReportLine.objects.bulk_create(self.lines)
        self.lines = []
        self.run.save()


def known_load(source: HarvestSource) -> list[Known]:
    """Every record of the source with what the run needs of its entry, in one query."""
    rows = HarvestRecord.objects.filter(source=source).values_list(
        "pk", "remote_iri", "remote_identifier", "content_hash", "database_id", "database__identifier",
        "database__withdrawn_at", "missing_since",
    )
    return [Known(pk, iri, ident, digest, db, reg, withdrawn is not None, missing)
            for pk, iri, ident, digest, db, reg, withdrawn, missing in rows]

