"""Writes and reads of a database's security posture (catalog.models.security). Who may see it is
decided by architecture.access.can_view_security_posture / security_posture_filter (the owner
chain, reviewers and administrators); who may write, by can_edit on the owning body (its editors
and administrators). Every write queues a refresh of the affected databases' automatic checks."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from architecture.access import (
    can_edit,
    can_view_security_posture,
    security_posture_filter,
)
from catalog.checks import database_checks_refresh_later
from catalog.models import (
    Database,
    IncidentStatus,
    SecurityApproval,
    SecurityAssessment,
    SecurityIncident,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _require_edit(user, owner) -> None:
    if not can_edit(user, owner=owner):
        raise PermissionDenied(_("Only the editors of the owning body record its security posture."))


def _save(entry, user, database_ids) -> None:
    entry.full_clean()
    entry._history_user = user
    entry.save()
    database_checks_refresh_later(database_ids)


# --- reads

def posture_visible(*, user, database: Database) -> bool:
    return can_view_security_posture(user, owner=database.owner)


def approvals_visible(*, user) -> QuerySet[SecurityApproval]:
    condition = security_posture_filter(user, owner_field="database__owner")
    if condition is None:
        return SecurityApproval.objects.none()
    return SecurityApproval.objects.filter(condition).select_related("database", "database__owner")


def assessments_visible(*, user) -> QuerySet[SecurityAssessment]:
    condition = security_posture_filter(user, owner_field="database__owner")
    if condition is None:
        return SecurityAssessment.objects.none()
    return SecurityAssessment.objects.filter(condition).select_related("database", "database__owner")


def incidents_visible(*, user) -> QuerySet[SecurityIncident]:
    condition = security_posture_filter(user, owner_field="owner")
    if condition is None:
        return SecurityIncident.objects.none()
    return SecurityIncident.objects.filter(condition).select_related("owner").prefetch_related("databases")


def current_approval(database: Database) -> SecurityApproval | None:
    """The latest decision by date (then by entry) is the one in force."""
    return database.security_approvals.order_by("-decided_on", "-id").first()


# --- approvals

@transaction.atomic
def security_approval_record(*, user, database: Database, level: int, decision_number: str,
                             decided_on: datetime.date, approving_authority: str, note: str = "") -> SecurityApproval:
    """Record a decision approving the database's security level (Decree 85/2016/NĐ-CP). The
    entry's declared level (Database.security_level) is the owner's to keep in line with it."""
    _require_edit(user, database.owner)
    approval = SecurityApproval(database=database, level=level, decision_number=decision_number.strip(),
                                decided_on=decided_on, approving_authority=approving_authority.strip(),
                                note=note.strip(), recorded_by=user)
    _save(approval, user, [database.pk])
    return approval


# --- TCVN 14423:2025 assessments

@transaction.atomic
def security_assessment_record(*, user, database: Database, assessed_on: datetime.date, assessor: str,
                               result: str, findings: str = "", follow_up_due: datetime.date | None = None,
                               period_months: int = 12) -> SecurityAssessment:
    _require_edit(user, database.owner)
    if not isinstance(period_months, int) or not 1 <= period_months <= 60:
        raise ValidationError({"period_months": _("The period is from 1 to 60 months.")})
    assessment = SecurityAssessment(
        database=database, assessed_on=assessed_on, assessor=assessor.strip(), result=result,
        findings=findings.strip(), follow_up_due=follow_up_due, period_months=period_months,
        next_due_on=add_months(assessed_on, period_months), recorded_by=user)
    _save(assessment, user, [database.pk])
    return assessment


# --- incidents

def _check_databases(user, owner, databases) -> None:
    if not databases:
        raise ValidationError({"databases": _("Name at least one affected database.")})
    for database in databases:
        if not database.owner.path.startswith(owner.path):
            raise ValidationError({"databases": _("“%(database)s” is not a database of the responsible body.")
                                   % {"database": database.identifier}})


@transaction.atomic
def security_incident_record(*, user, owner, databases: list[Database], occurred_at: datetime.datetime,
                             severity: str, summary: str, response: str = "") -> SecurityIncident:
    """Record an incident of `owner`'s systems affecting some of its (or its subordinates') databases."""
    _require_edit(user, owner)
    _check_databases(user, owner, databases)
    incident = SecurityIncident(owner=owner, occurred_at=occurred_at, severity=severity, summary=summary.strip(),
                                response=response.strip(), status=IncidentStatus.OPEN, recorded_by=user)
    _save(incident, user, [])
    incident.databases.set(databases)
    database_checks_refresh_later(database.pk for database in databases)
    return incident


@transaction.atomic
def security_incident_update(*, user, incident: SecurityIncident, **changes) -> SecurityIncident:
    """Change an incident: its status (resolving sets resolved_at, given or now), response,
    severity, summary, affected databases."""
    _require_edit(user, incident.owner)
    before = set(incident.databases.values_list("pk", flat=True))
    databases = changes.pop("databases", None)
    for name in ("severity", "summary", "response", "status", "resolved_at", "occurred_at"):
        if name in changes:
            setattr(incident, name, changes.pop(name))
    if changes:
        raise ValidationError({name: _("This cannot be changed.") for name in changes})
    if incident.status == IncidentStatus.RESOLVED and incident.resolved_at is None:
        incident.resolved_at = timezone.now()
    if incident.status != IncidentStatus.RESOLVED:
        incident.resolved_at = None
    if databases is not None:
        _check_databases(user, incident.owner, databases)
    incident.full_clean()
    incident._history_user = user
    incident.save()
    if databases is not None:
        incident.databases.set(databases)
    after = set(incident.databases.values_list("pk", flat=True))
    database_checks_refresh_later(before | after)
    return incident
