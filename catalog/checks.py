"""Automatic checks: what the registry already knows about a database, checked against the rules
of Resolution 214/NQ-CP, stored in DatabaseCheckResult and shown beside the manual answers of a
conformance assessment (FrameworkRequirement.check_code names a check below).

Each check has a stable code, returns pass, fail or not applicable, and says why in words (an
English message id, translated when shown: DatabaseCheckResult.reason_display). The rules:

owner_operator_set      the operating body is recorded (the owner always is).
legal_basis             at least one legal document is recorded as the legal basis.
structure_registered    at least one table and one field are registered.
dictionary_mapping      at least MAPPING_THRESHOLD % of the fields are mapped to a Shared Data
                        Dictionary element or declared local with a reason; n/a without fields.
no_type_mismatch        no mapped field breaks its element's datatype or length (catalog.mapping);
                        n/a without mapped fields.
security_declared       the security level (1-5) and the TCVN 14423:2025 status are declared.
restricted_protection   restricted data is encrypted at rest and in transit and digitally signed;
                        n/a for data that is not restricted.
ndc_sync                synchronization with the National Data Center is configured and its status
                        (catalog.sync) is "ok"; n/a for retired databases and for configured ones
                        not yet in operation and never synchronized.
contact_point           a contact e-mail or telephone is recorded.
standards_declared      at least one standard is declared.
security_assessment_current (posture) the latest TCVN 14423:2025 assessment is not past its
                        period (next_due_on >= today); n/a when TCVN 14423 does not apply.
no_open_critical_incident (posture) no unresolved critical security incident affects it.

Who sees what: the two posture checks are derived from the security posture, which only the owner
chain, reviewers and administrators see (architecture.access.can_view_security_posture). Even an
outcome alone tells of an open critical incident, so for everyone else these two checks are
hidden altogether (checks_visible, and the API); the other checks, derived from the register
entry itself, are shown to whoever sees the database. The dashboard, aggregating at national
scale, must likewise count POSTURE_CHECKS only for readers of the posture.

Computation: database_checks_refresh reads many databases at once, a fixed number of queries per
chunk of CHUNK_SIZE (the rows with annotations, the DCAT view's related rows, one field
aggregate), evaluates the rules in Python, and upserts the results, with catalog.quality's scores.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from architecture.access import AccessLevel, can_view_security_posture
from catalog.mapping import MISMATCHED
from catalog.models import (
    CheckOutcome,
    Database,
    DatabaseCheckResult,
    DatabaseQuality,
    Field,
    IncidentSeverity,
    IncidentStatus,
    Lifecycle,
    SecurityAssessment,
    SecurityIncident,
    SyncMode,
    SyncReport,
    TcvnStatus,
)
from catalog.sync import SyncStatusCode, sync_status

CHUNK_SIZE = 2_000
MAPPING_THRESHOLD = 80  # percent of fields mapped or declared local


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    posture: bool = False


CHECKS = [
    Check("owner_operator_set", _("Owner and operator recorded")),
    Check("legal_basis", _("Legal basis recorded")),
    Check("structure_registered", _("Tables and fields registered")),
    Check("dictionary_mapping", _("Fields mapped to the Shared Data Dictionary")),
    Check("no_type_mismatch", _("No type mismatch with the dictionary")),
    Check("security_declared", _("Security level and TCVN 14423:2025 status declared")),
    Check("restricted_protection", _("Encryption and signature for restricted data")),
    Check("ndc_sync", _("Synchronized with the National Data Center")),
    Check("contact_point", _("Contact point present")),
    Check("standards_declared", _("Standards declared")),
    Check("security_assessment_current", _("TCVN 14423:2025 assessment current"), posture=True),
    Check("no_open_critical_incident", _("No open critical security incident"), posture=True),
]
CHECK_CODES = [check.code for check in CHECKS]
CHECKS_BY_CODE = {check.code: check for check in CHECKS}
POSTURE_CHECKS = frozenset(check.code for check in CHECKS if check.posture)

PASS, FAIL, NA = CheckOutcome.PASS, CheckOutcome.FAIL, CheckOutcome.NOT_APPLICABLE
Result = tuple[str, str, dict]  # (outcome, reason message id, parameters)


# --- Facts: what the rules read, for many databases at once -----------------------------------

FACT_FIELDS = (
    "operator_id", "security_level", "tcvn_14423_status", "encrypted_at_rest", "encrypted_in_transit",
    "digitally_signed", "sync_mode", "last_sync_error", "review_state", "data_layer",
    "latest_sync_outcome", "assessment_due", "open_critical",
)


def _fact_annotations() -> dict:
    latest_report = SyncReport.objects.filter(database=OuterRef("pk")).order_by("-finished_at", "-id")
    latest_assessment = SecurityAssessment.objects.filter(database=OuterRef("pk")).order_by("-assessed_on", "-id")
    open_critical = SecurityIncident.databases.through.objects.filter(
        database_id=OuterRef("pk"), securityincident__severity=IncidentSeverity.CRITICAL,
    ).exclude(securityincident__status=IncidentStatus.RESOLVED)
    return {
        "latest_sync_outcome": Subquery(latest_report.values("outcome")[:1]),
        "assessment_due": Subquery(latest_assessment.values("next_due_on")[:1]),
        "open_critical": Exists(open_critical),
    }


def database_facts(ids: list[int], kinds: dict | None = None) -> list[dict]:
    """The DCAT view of these databases (catalog.dcat_stream's rows) plus what the checks read:
    seven queries whatever the number of ids (the rows, the five related reads of the DCAT view,
    one field aggregate)."""
    from catalog import dcat_stream

    fields = [name for name in dcat_stream.DATASET_FIELDS if not name.startswith("quality__")]
    queryset = dcat_stream._with_schema(Database.objects.filter(pk__in=ids)).annotate(**_fact_annotations())
    rows = list(queryset.order_by("pk").values(*fields, *FACT_FIELDS))
    if not rows:
        return []
    dcat_stream.dataset_rows(rows, {} if kinds is None else kinds)
    counts = {row["id"]: {"fields": 0, "mapped": 0, "local": 0, "mismatched": 0, "described": 0} for row in rows}
    condition = ({"table__database_id__in": ids} if len(ids) <= dcat_stream.RELATED_BY_KEY_MAX
                 else {"table__database_id__gte": rows[0]["id"], "table__database_id__lte": rows[-1]["id"]})
    aggregate = (Field.objects.filter(**condition).order_by().values("table__database_id").annotate(
        fields=Count("id"), mapped=Count("id", filter=Q(element__isnull=False)),
        local=Count("id", filter=Q(is_local=True)), mismatched=Count("id", filter=MISMATCHED),
        described=Count("id", filter=~Q(description=""))))
    for found in aggregate:
        pk = found.pop("table__database_id")
        if pk in counts:
            counts[pk] = found
    for row in rows:
        row.update(counts[row["id"]])
    return rows


class _LatestReport:
    """Stands in for `database.sync_reports` so that catalog.sync.sync_status (the one statement of
    the status rule) runs on a row whose latest report outcome was read in bulk."""

    def __init__(self, outcome: str | None):
        self.outcome = outcome

    def order_by(self, *fields):
        return self

    def first(self):
        return SimpleNamespace(outcome=self.outcome) if self.outcome else None


def row_sync_status(row: dict, now: datetime.datetime):
    database = SimpleNamespace(
        sync_mode=row["sync_mode"], sync_frequency=row["sync_frequency"], lifecycle=row["lifecycle"],
        last_synced_at=row["last_synced_at"], sync_reports=_LatestReport(row["latest_sync_outcome"]),
    )
    return sync_status(database, now)


# --- The rules --------------------------------------------------------------------------------

def _owner_operator_set(row, today, status) -> Result:
    if row["operator_id"] is None:
        return FAIL, N_("No operating body is recorded."), {}
    return PASS, N_("The owning and the operating bodies are recorded."), {}


def _legal_basis(row, today, status) -> Result:
    if not row["legal"]:
        return FAIL, N_("No legal basis is recorded."), {}
    return PASS, N_("%(count)s legal documents are recorded as the legal basis."), {"count": len(row["legal"])}


def _structure_registered(row, today, status) -> Result:
    if not row["has_schema"]:
        return FAIL, N_("No table is registered."), {}
    if not row["fields"]:
        return FAIL, N_("Tables are registered, but no field."), {}
    return PASS, N_("%(count)s fields are registered."), {"count": row["fields"]}


def _dictionary_mapping(row, today, status) -> Result:
    if not row["fields"]:
        return NA, N_("No field is registered."), {}
    share = round(100 * (row["mapped"] + row["local"]) / row["fields"], 1)
    params = {"share": share, "threshold": MAPPING_THRESHOLD}
    if share < MAPPING_THRESHOLD:
        return FAIL, N_("%(share)s%% of the fields are mapped to the dictionary or declared local; "
                        "at least %(threshold)s%% are required."), params
    return PASS, N_("%(share)s%% of the fields are mapped to the dictionary or declared local "
                    "(at least %(threshold)s%%)."), params


def _no_type_mismatch(row, today, status) -> Result:
    if not row["mapped"]:
        return NA, N_("No field is mapped to the dictionary."), {}
    if row["mismatched"]:
        return FAIL, N_("%(count)s mapped fields do not fit the datatype or length of their element."), {
            "count": row["mismatched"]}
    return PASS, N_("All %(count)s mapped fields fit their elements."), {"count": row["mapped"]}


def _security_declared(row, today, status) -> Result:
    level, tcvn = row["security_level"], row["tcvn_14423_status"]
    if level is None and tcvn == TcvnStatus.NOT_DECLARED:
        return FAIL, N_("Neither the security level nor the TCVN 14423:2025 status is declared."), {}
    if level is None:
        return FAIL, N_("The security level is not declared."), {}
    if tcvn == TcvnStatus.NOT_DECLARED:
        return FAIL, N_("The TCVN 14423:2025 status is not declared."), {}
    return PASS, N_("Security level %(level)s and the TCVN 14423:2025 status are declared."), {"level": level}


def _restricted_protection(row, today, status) -> Result:
    if row["access_level"] != AccessLevel.RESTRICTED:
        return NA, N_("The data is not restricted."), {}
    declared = sum(bool(row[name]) for name in ("encrypted_at_rest", "encrypted_in_transit", "digitally_signed"))
    if declared < 3:
        return FAIL, N_("Restricted data needs encryption at rest, encryption in transit and a digital "
                        "signature; %(count)s of the three are declared."), {"count": declared}
    return PASS, N_("Encrypted at rest and in transit, and digitally signed."), {}


def _ndc_sync(row, today, status) -> Result:
    if row["lifecycle"] == Lifecycle.RETIRED:
        return NA, N_("The database is retired."), {}
    if row["sync_mode"] == SyncMode.NONE:
        return FAIL, N_("Synchronization with the National Data Center is not configured."), {}
    last = {"last": status.last_synced_at.isoformat(timespec="minutes")} if status.last_synced_at else {}
    if status.status == SyncStatusCode.NOT_CONFIGURED:
        return NA, N_("Configured, but not in operation yet: no synchronization is expected."), {}
    if status.status == SyncStatusCode.OK:
        return PASS, N_("Last synchronized %(last)s, within the expected interval."), last
    if status.status == SyncStatusCode.FAILING:
        return FAIL, N_("The latest synchronization failed."), {}
    if status.status == SyncStatusCode.LATE:
        return FAIL, N_("Late: last synchronized %(last)s."), last
    if not last:
        return FAIL, N_("Overdue: in operation but never synchronized."), {}
    return FAIL, N_("Overdue: last synchronized %(last)s."), last


def _contact_point(row, today, status) -> Result:
    if not (row["contact_email"] or row["contact_phone"]):
        return FAIL, N_("No contact e-mail or telephone is recorded."), {}
    return PASS, N_("A contact point is recorded."), {}


def _standards_declared(row, today, status) -> Result:
    if not row["standards"]:
        return FAIL, N_("No standard is declared."), {}
    return PASS, N_("%(count)s standards are declared."), {"count": len(row["standards"])}


def _security_assessment_current(row, today, status) -> Result:
    if row["tcvn_14423_status"] == TcvnStatus.NOT_APPLICABLE:
        return NA, N_("TCVN 14423:2025 does not apply."), {}
    due = row["assessment_due"]
    if due is None:
        return FAIL, N_("No TCVN 14423:2025 assessment is recorded."), {}
    if due < today:
        return FAIL, N_("The latest TCVN 14423:2025 assessment expired on %(due)s."), {"due": due.isoformat()}
    return PASS, N_("The latest TCVN 14423:2025 assessment is current until %(due)s."), {"due": due.isoformat()}


def _no_open_critical_incident(row, today, status) -> Result:
    if row["open_critical"]:
        return FAIL, N_("An unresolved critical security incident affects this database."), {}
    return PASS, N_("No unresolved critical security incident."), {}


RULES = {
    "owner_operator_set": _owner_operator_set, "legal_basis": _legal_basis,
    "structure_registered": _structure_registered, "dictionary_mapping": _dictionary_mapping,
    "no_type_mismatch": _no_type_mismatch, "security_declared": _security_declared,
    "restricted_protection": _restricted_protection, "ndc_sync": _ndc_sync, "contact_point": _contact_point,
    "standards_declared": _standards_declared, "security_assessment_current": _security_assessment_current,
    "no_open_critical_incident": _no_open_critical_incident,
}
assert list(RULES) == CHECK_CODES


def evaluate(row: dict, now: datetime.datetime, status=None) -> dict[str, Result]:
    """Every check on one row of database_facts, at `now`."""
    status = status or row_sync_status(row, now)
    today = timezone.localdate(now)
    return {code: rule(row, today, status) for code, rule in RULES.items()}


# --- Refresh ----------------------------------------------------------------------------------

def _id_chunks(database_ids: Iterable[int] | None, chunk_size: int):
    if database_ids is not None:
        ids = sorted(set(database_ids))
        for start in range(0, len(ids), chunk_size):
            yield ids[start:start + chunk_size]
        return
    last = 0
    while True:
        ids = list(Database.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:chunk_size])
        if ids:
            yield ids
        if len(ids) < chunk_size:
            return
        last = ids[-1]


def database_checks_refresh(*, database_ids: Iterable[int] | None = None, now: datetime.datetime | None = None,
                            chunk_size: int = CHUNK_SIZE) -> int:
    """Recompute and store the checks and quality scores of these databases (all when None);
    returns how many databases were refreshed. A fixed number of queries per chunk: the facts
    (database_facts), the stored results, an upsert of the results that changed, one update of
    computed_at for the others, and an upsert of the quality rows. Writing only what changed keeps
    the periodic refresh of 20,000 databases (240,000 results) cheap. Databases are not touched:
    their modified_at (and so their ETags) stays what their own writes made it."""
    from catalog import quality

    now = now or timezone.now()
    done, kinds = 0, {}
    for ids in _id_chunks(database_ids, chunk_size):
        rows = database_facts(ids, kinds)
        if not rows:
            continue
        chunk = [row["id"] for row in rows]
        stored = {(pk, code): (outcome, reason, params) for pk, code, outcome, reason, params in
                  DatabaseCheckResult.objects.filter(database_id__in=chunk).values_list(
                      "database_id", "code", "outcome", "reason", "reason_params")}
        changed, scores = [], []
        for row in rows:
            status = row_sync_status(row, now)
            for code, result in evaluate(row, now, status).items():
                if stored.get((row["id"], code)) != result:
                    outcome, reason, params = result
                    changed.append(DatabaseCheckResult(database_id=row["id"], code=code, outcome=outcome,
                                                       reason=reason, reason_params=params, computed_at=now))
            scores.append(quality.database_quality(row, status, now))
        with transaction.atomic():
            DatabaseCheckResult.objects.filter(database_id__in=chunk).update(computed_at=now)
            DatabaseCheckResult.objects.bulk_create(
                changed, update_conflicts=True, unique_fields=["database", "code"],
                update_fields=["outcome", "reason", "reason_params", "computed_at"], batch_size=5000)
            DatabaseQuality.objects.bulk_create(
                scores, update_conflicts=True, unique_fields=["database"],
                update_fields=list(quality.STORED), batch_size=1000)
        done += len(rows)
    return done


def database_checks_refresh_later(database_ids: Iterable[int]) -> None:
    """Queue a refresh of these databases once the current transaction commits (the write
    services call this; the Celery task runs eagerly in tests and in the embedded setup)."""
    from catalog.tasks import database_checks_refresh_task

    ids = sorted(set(database_ids))
    if ids:
        transaction.on_commit(lambda: database_checks_refresh_task.delay(ids))


# --- Reads ------------------------------------------------------------------------------------

def checks_visible(*, user, database: Database) -> list[DatabaseCheckResult]:
    """The stored check results of `database` the user may read (the caller has already checked
    that the user sees the database): posture checks only for readers of the posture."""
    results = list(database.check_results.all())
    if not can_view_security_posture(user, owner=database.owner):
        results = [result for result in results if result.code not in POSTURE_CHECKS]
    order = {code: index for index, code in enumerate(CHECK_CODES)}
    return sorted(results, key=lambda result: order.get(result.code, len(order)))
