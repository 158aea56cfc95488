"""What the database page shows beyond its DCAT-AP description (issue #8): tables and fields with
their dictionary mapping and mismatches, coverage, synchronization status, standards, services,
quality and conformance with reasons, the review steps and the history of changes; the security
posture only to those architecture.access allows. Registers that other parts of the registry add
(quality, conformance, security posture) are read when they exist."""

from __future__ import annotations

from django.utils.translation import gettext as _

from architecture import access
from catalog.checks import CHECKS_BY_CODE, checks_visible
from catalog.coverage import coverage_total
from catalog.mapping import field_mismatches
from catalog.models import Database, DatabaseQuality, Field
from catalog.sync import sync_status

FIELD_ROWS = 2000  # fields listed on the page; the schema IRI lists them all
HISTORY_ROWS = 20


def _tables(database: Database) -> tuple[list, int]:
    """The tables with their first FIELD_ROWS fields in order (one query each, whatever the size)."""
    tables = list(database.tables.order_by("position", "name"))
    by_table = {table.pk: table for table in tables}
    for table in tables:
        table.field_rows = []
    fields = (Field.objects.filter(table__database=database).select_related("element")
              .order_by("table__position", "table__name", "position", "name")[:FIELD_ROWS])
    shown = 0
    for field in fields:
        by_table[field.table_id].field_rows.append((field, field_mismatches(field)))
        shown += 1
    return tables, shown


def _history(database: Database) -> list[dict]:
    records = list(database.history.select_related("history_user").order_by("-history_date", "-history_id")[
        :HISTORY_ROWS + 1])
    rows = []
    for index, record in enumerate(records[:HISTORY_ROWS]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        if previous is not None and record.history_type == "~":
            try:
                delta = record.diff_against(previous)
                changed = [str(Database._meta.get_field(change.field).verbose_name) for change in delta.changes]
            except Exception:  # noqa: BLE001 - a field removed since: the row still shows who and when
                changed = []
        rows.append({"record": record, "changed": changed})
    return rows


def _quality(database: Database):
    try:
        quality = database.quality
    except DatabaseQuality.DoesNotExist:  # not computed yet
        return None
    labels = {"correct": _("Correct"), "sufficient": _("Sufficient"), "clean": _("Clean"), "live": _("Live")}
    return {
        "record": quality,
        "dimensions": [(labels[name], getattr(quality, name), quality.reasons_display(name)) for name in labels],
    }


def database_page_context(*, user, identifier: str) -> dict:
    """Everything the page adds for one database the caller may see (the caller checked it)."""
    database = (Database.objects.select_related("owner", "operator").prefetch_related("legal_basis", "themes")
                .get(identifier=identifier))
    tables, shown = _tables(database)
    single = Database.objects.filter(pk=database.pk)
    owner = database.owner
    posture_allowed = access.can_view_security_posture(user, owner=owner)
    context = {
        "database": database, "tables": tables, "fields_shown": shown, "field_limit": FIELD_ROWS,
        "coverage": coverage_total(databases=single),
        "sync": sync_status(database),
        "standard_links": list(database.standard_links.select_related("standard").order_by("standard__code")),
        "services": list(database.services.all()),
        "reviews": list(database.reviews.select_related("actor").order_by("at", "id")),
        "history": _history(database),
        "can_edit": access.can_edit(user, owner=owner),
        "can_review": access.can_review(user),
        "posture_allowed": posture_allowed,
        "quality": _quality(database),
    }
    context["checks"] = [(CHECKS_BY_CODE[result.code].title if result.code in CHECKS_BY_CODE else result.code,
                          result) for result in checks_visible(user=user, database=database)]
    context["assessments"] = list(database.conformance_assessments.select_related("framework")
                                  .order_by("-assessed_on", "-id")[:10])
    if posture_allowed:
        context["security_approvals"] = list(database.security_approvals.order_by("-decided_on", "-id")[:10])
        context["security_assessments"] = list(database.security_assessments.order_by("-assessed_on", "-id")[:10])
        context["security_incidents"] = list(database.security_incidents.order_by("-occurred_at", "-id")[:20])
    return context
