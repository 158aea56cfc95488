"""Recording the audit log (architecture.models.audit) and keeping it, with the change history,
out of reach of any edit.

- `audit_record(kind=..., request=..., ...)` writes one event; call it where the event happens
  (architecture.tokens, the exports of restricted data: `audit_export` for lists and feeds,
  `audit_entry_download` for one restricted entry's RDF). Sign-ins, failed sign-ins and sign-outs
  come from Django's auth signals; permission refusals from the API's exception handler
  (config.api.errors) and, for pages, from `PermissionDeniedAuditMiddleware`; admin changes of the
  models in settings.AUDITED_ADMIN_MODELS (harvest sources) from the admin's own LogEntry.
- `ensure_immutable()` (after every migrate) puts triggers on the audit table and on every
  django-simple-history table that make the database refuse UPDATE and DELETE, whatever path the
  write takes (admin, shell, a bug). Decision for the history: simple-history only ever INSERTs
  history rows; generate_demo --reset deletes live demo rows with raw DELETEs that write no history,
  so it is unaffected. A user who made changes can no longer be deleted (their history rows would
  lose them: SET NULL is an UPDATE); deactivate the account instead. Emptying the whole database
  (`manage.py flush`, for tests and before a restore) stays possible: TRUNCATE on PostgreSQL fires
  no row trigger, and on SQLite the triggers ask `registry_guard()`, a function this module gives
  each connection, which lets only `erasing_everything()` through (architecture's flush command).
  A connection without it (the sqlite3 shell) is refused: "no such function".
"""

from __future__ import annotations

import contextlib
import logging
import threading

from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction

from architecture.access import AccessLevel
from architecture.models.audit import AuditEvent, AuditKind

logger = logging.getLogger(__name__)

AUDIT_TABLE = "architecture_auditevent"
MESSAGE = "the audit log and the change history are never changed or deleted"
_state = threading.local()


def _address(request) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR only: behind a proxy that sets it (gunicorn with forwarded-allow-ips) it is the
    # client's; an X-Forwarded-For header could be forged by anyone.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(*, kind: str, request=None, user=None, username: str = "", target: str = "",
                 detail: dict | None = None) -> AuditEvent:
    """Write one audit event. `request` supplies the user, address, method and path when given."""
    if request is not None and user is None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is not None and not username:
        username = user.get_username()
    raw_request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    event = AuditEvent(
        kind=kind, user=user, username=(username or "")[:150], address=_address(raw_request),
        method=getattr(raw_request, "method", "") or "", path=(getattr(raw_request, "path", "") or "")[:500],
        target=(target or "")[:300], detail=detail or {},
    )
    # The event survives the refused or failed request it describes.
    with transaction.atomic():
        event.save(force_insert=True)
    if raw_request is not None:
        raw_request._audited = True
    return event


def audit_export(*, request, target: str, rows: int | None = None, restricted: bool = True) -> AuditEvent | None:
    """Record an export that may hold restricted data (call where the file is produced)."""
    if not restricted:
        return None
    return audit_record(kind=AuditKind.EXPORT, request=request, target=target,
                        detail={} if rows is None else {"rows": rows})


def audit_entry_download(*, request, response, entry: str, access_level: str) -> AuditEvent | None:
    """Record one restricted entry sent as a document for machines (RDF of a database or of its
    schema): who, which entry, which format. The one place that decides, after the view answered:
    only a restricted entry (architecture.access) and only a document actually sent, so not the
    HTML page, not a HEAD, not a 304 (the reader had it already, recorded then), not a refusal
    (the 404 an outsider gets exports nothing)."""
    if access_level != AccessLevel.RESTRICTED or request.method != "GET" or response.status_code != 200:
        return None
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type in ("", "text/html"):
        return None
    return audit_record(kind=AuditKind.EXPORT, request=request, target=entry, detail={"format": media_type})


# --- Signal receivers (connected in ArchitectureConfig.ready).

def on_signed_in(sender, request, user, **kwargs):
    audit_record(kind=AuditKind.SIGN_IN, request=request, user=user)


def on_signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(kind=AuditKind.SIGN_OUT, request=request, user=user)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("email") or "")
    audit_record(kind=AuditKind.SIGN_IN_FAILED, request=request, user=None, username=username)


def on_admin_log_entry(sender, instance, created, **kwargs):
    """An admin add, change or delete of an audited model (harvest sources)."""
    if not created or kwargs.get("raw"):  # raw: a restore (registry_import) loading old entries
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    label = model._meta.label_lower if model else ""
    if label not in getattr(settings, "AUDITED_ADMIN_MODELS", ()):
        return
    audit_record(kind=AuditKind.HARVEST_SOURCE_CHANGED, user=instance.user,
                 target=f"{label}:{instance.object_id} {instance.object_repr}"[:300],
                 detail={"action": {1: "added", 2: "changed", 3: "deleted"}.get(instance.action_flag, ""),
                         "change": instance.get_change_message()})


class PermissionDeniedAuditMiddleware:
    """Records every 403 answer of the pages (and of the admin) as a permission refusal; the API's
    refusals are recorded by its exception handler with the reason, and not twice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, "_audited", False):
            try:
                audit_record(kind=AuditKind.PERMISSION_DENIED, request=request,
                             detail={"status": 403})
            except Exception:  # the refusal is answered even if the log cannot be written
                logger.exception("audit: permission refusal not recorded")
        return response


# --- Immutability in the database.

def history_tables() -> list[str]:
    """Every table of django-simple-history (historical models and their m2m history tables)."""
    def historical(model) -> bool:
        through_of = getattr(model._meta, "auto_created", None)
        return model.__name__.startswith("Historical") or bool(through_of and through_of.__name__.startswith("Historical"))

    return sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True) if historical(model)})


def immutable_tables() -> list[str]:
    return [AUDIT_TABLE, *history_tables()]


def _sqlite_statements(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_immutable_{op.lower()} BEFORE {op} ON {table}
            WHEN registry_guard() BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"""
        for op in ("UPDATE", "DELETE")
    ]


POSTGRES_FUNCTION = f"""CREATE OR REPLACE FUNCTION registry_immutable() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;"""


def _postgres_statements(table: str) -> list[str]:
    return [f"""CREATE OR REPLACE TRIGGER {table[:50]}_immutable BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION registry_immutable();"""]


def immutable_statements(vendor: str, tables: list[str]) -> list[str]:
    if vendor == "sqlite":
        return [statement for table in tables for statement in _sqlite_statements(table)]
    if vendor == "postgresql":
        return [POSTGRES_FUNCTION, *(statement for table in tables for statement in _postgres_statements(table))]
    return []


def ensure_immutable(*, using=None, **kwargs) -> None:
    """Put the refusing triggers on every immutable table that exists (idempotent). Runs after
    every migrate, so history tables of models added later, or rebuilt by a migration on SQLite,
    get them too."""
    from django.db import connections

    conn = connections[using] if using else default_connection
    existing = set(conn.introspection.table_names())
    tables = [table for table in immutable_tables() if table in existing]
    with conn.cursor() as cursor:
        for statement in immutable_statements(conn.vendor, tables):
            cursor.execute(statement)


def on_post_migrate(sender, using=None, **kwargs):
    if sender.name == "architecture":
        ensure_immutable(using=using)


@contextlib.contextmanager
def erasing_everything():
    """Let SQLite's triggers through while the whole database is emptied (flush)."""
    previous = getattr(_state, "erasing", False)
    _state.erasing = True
    try:
        yield
    finally:
        _state.erasing = previous


def _guard() -> int:
    return 0 if getattr(_state, "erasing", False) else 1


def on_connection_created(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("registry_guard", 0, _guard)
