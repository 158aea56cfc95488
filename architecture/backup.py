"""Export the whole registry (every register, its change history, the audit log, users, admin log)
to one gzip-compressed JSON-lines file, and load such a file into an empty database, all or
nothing (manage.py registry_export / registry_import).

The file: a header line {"format": "registry-export", "version": 1, "migrations": {...}}, then one
line per row, {"model": "app.model", "pk": ..., "fields": {...}}, models in dependency order (a
row's foreign keys point to rows of models written before it, cycles aside) and rows by primary
key, so two exports of the same data are the same bytes. Values keep their full precision
(microseconds). Content types are written by natural key, as the target database numbers its own.
Left out, as they are rebuilt or only transient: content types and permissions (made by migrate),
sessions, the sign-in attempt counters (django-axes) and migration records.
For PostgreSQL in production, pg_dump -Fc / pg_restore is the faster way (README)."""

from __future__ import annotations

import datetime
import decimal
import gzip
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT, VERSION = "registry-export", 1
SKIPPED_APPS = {"contenttypes", "sessions", "axes"}
SKIPPED_MODELS = {"auth.permission"}


class RestoreError(Exception):
    """The file cannot be restored here (not an export, another schema, a database not empty)."""


def exported_models() -> list[type[models.Model]]:
    """Every stored model, each after the models its foreign keys point to (where no cycle forbids)."""
    candidates = [
        model for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.app_label not in SKIPPED_APPS
        and model._meta.label_lower not in SKIPPED_MODELS
    ]
    chosen = set(candidates)
    ordered, placed, visiting = [], set(), set()

    def place(model):
        if model in placed or model in visiting:
            return
        visiting.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target is not model and target in chosen:
                place(target)
        visiting.discard(model)
        placed.add(model)
        ordered.append(model)

    for model in sorted(candidates, key=lambda m: m._meta.label_lower):
        place(model)
    return ordered


def _default(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot export {type(value).__name__}")


def _content_type_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is ContentType]


def _rows(model, using) -> Iterator[dict]:
    ct_fields = _content_type_fields(model)
    content_types = {ct.pk: list(ct.natural_key()) for ct in ContentType.objects.using(using)} if ct_fields else {}
    queryset = model._base_manager.using(using).order_by("pk")
    m2m = [field for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created]
    if m2m:
        queryset = queryset.prefetch_related(*(field.name for field in m2m))
        chunks = queryset.iterator(chunk_size=1000)
    else:
        chunks = queryset.iterator(chunk_size=2000)
    for obj in chunks:
        [row] = serializers.serialize("python", [obj])
        for name in ct_fields:
            if row["fields"].get(name) is not None:
                row["fields"][name] = content_types[row["fields"][name]]
        for field in m2m:  # the serializer keeps the prefetch's order; the file wants a fixed one
            row["fields"][field.name] = sorted(row["fields"][field.name])
        yield row


def _open(path: Path, mode: str):
    if str(path).endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8", compresslevel=6)
    return open(path, mode, encoding="utf-8")


def applied_migrations(using=DEFAULT_DB_ALIAS) -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def registry_export(*, path: Path, using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Write the registry to `path` (gzip when it ends in .gz); returns rows per model. Read in one
    transaction (REPEATABLE READ on PostgreSQL would be stricter; writes during an export of a live
    registry may land on either side of it, as with pg_dump's default)."""
    counts = {}
    with transaction.atomic(using=using), _open(path, "w") as out:
        header = {"format": FORMAT, "version": VERSION, "migrations": applied_migrations(using)}
        out.write(json.dumps(header, sort_keys=True) + "\n")
        for model in exported_models():
            count = 0
            for row in _rows(model, using):
                out.write(json.dumps(row, default=_default, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
            counts[model._meta.label_lower] = count
    return counts


def _not_empty(using) -> list[str]:
    return [model._meta.label_lower for model in exported_models() if model._base_manager.using(using).exists()]


def registry_import(*, path: Path, using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Load an export into an empty database of the same schema, all or nothing."""
    connection = connections[using]
    counts: dict[str, int] = {}
    with _open(path, "r") as source:
        try:
            header = json.loads(source.readline() or "null")
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise RestoreError("not a registry export (no registry-export header line)")
        if header.get("version") != VERSION:
            raise RestoreError(f"export version {header.get('version')} is not {VERSION}")
        if header.get("migrations") != applied_migrations(using):
            raise RestoreError("the export was made at another schema: migrate both to the same code first")
        filled = _not_empty(using)
        if filled:
            raise RestoreError(f"the database is not empty ({', '.join(filled[:5])}…): restore only into an "
                               "empty, migrated database")
        touched = set()
        with transaction.atomic(using=using), connection.constraint_checks_disabled():
            for number, line in enumerate(source, start=2):
                try:
                    row = json.loads(line)
                    [obj] = serializers.deserialize("python", [row], using=using, ignorenonexistent=False)
                    obj.save(using=using)
                except Exception as error:
                    raise RestoreError(f"line {number}: {error}") from error
                model = type(obj.object)
                touched.add(model)
                counts[model._meta.label_lower] = counts.get(model._meta.label_lower, 0) + 1
            table_names = [model._meta.db_table for model in touched]
            try:
                connection.check_constraints(table_names=table_names)
            except Exception as error:
                raise RestoreError(f"the rows do not hold together: {error}") from error
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(touched)):
                    cursor.execute(statement)
    return counts
