"""Alert e-mails (issue #7): to a body's chief engineers when one of its milestones becomes late or
overdue and when one of its databases' synchronization is overdue; to reviewers when a database
submitted for review or a dictionary change request waits past its due date.

Each event has a key that names what happened and when (a milestone's target date, a database's
last synchronization, a submission date, a due date), so the same event is alerted once per
recipient and a new episode (synchronized again, then overdue again) is a new event. The
AlertSent row is written in the same transaction as the message is sent: if sending fails, nothing
is recorded and the next scan tries again; once recorded, the unique key refuses a second one.
Recipients who prefer a daily digest get the row now (unsent) and one message a day listing them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from architecture.access import can_decide_for_steward
from architecture.models import Body, ChiefEngineer, Milestone, MilestoneState, User
from catalog.models import Database, ReviewState
from catalog.sync import sync_overdue_filter
from dictionary.models import ChangeRequest
from dictionary.models.changes import ChangeStatus
from monitoring.models import AlertKind, AlertPreference, AlertSent


@dataclass(frozen=True)
class Event:
    key: str
    kind: str
    subject: str
    message: str
    recipients: tuple[str, ...]


def chief_engineer_directory() -> dict[str, list[str]]:
    """Body code -> the e-mails of its current chief engineers, in one query."""
    directory: dict[str, set[str]] = {}
    for code, email in (ChiefEngineer.objects.filter(end_date__isnull=True).exclude(email="")
                        .values_list("body__code", "email")):
        directory.setdefault(code, set()).add(email)
    return {code: sorted(emails) for code, emails in directory.items()}


def chief_engineer_emails(*, body: Body, directory: dict[str, list[str]] | None = None) -> list[str]:
    """The current chief engineers of `body` or, when it has none with an address (a commune), of
    the nearest body above it that has."""
    directory = chief_engineer_directory() if directory is None else directory
    for code in reversed([*body.ancestor_codes(), body.code]):
        if code in directory:
            return directory[code]
    return []


def _reviewers() -> list[User]:
    return list(User.objects.filter(is_reviewer=True, is_active=True, is_service_account=False).exclude(email="")
                .select_related("body"))


def _milestone_events(today: datetime.date, directory: dict) -> list[Event]:
    events = []
    for milestone in Milestone.objects.behind(today).select_related("body").with_state(today):
        state = milestone.state_now
        kind = AlertKind.MILESTONE_OVERDUE if state == MilestoneState.OVERDUE else AlertKind.MILESTONE_LATE
        label = MilestoneState(state).label
        events.append(Event(
            key=f"{kind}:{milestone.pk}:{milestone.target_date.isoformat()}", kind=kind,
            subject=_("Milestone %(state)s: %(title)s") % {"state": label, "title": milestone.title},
            message=_("The milestone “%(title)s” of %(body)s was due on %(date)s and is not done (%(state)s).") % {
                "title": milestone.title, "body": milestone.body.name_vi, "date": milestone.target_date.isoformat(),
                "state": label},
            recipients=tuple(chief_engineer_emails(body=milestone.body, directory=directory))))
    return events


def _sync_events(now: datetime.datetime, directory: dict) -> list[Event]:
    events = []
    overdue = Database.objects.filter(sync_overdue_filter(now), withdrawn_at__isnull=True).select_related("owner")
    for database in overdue:
        last = database.last_synced_at.isoformat() if database.last_synced_at else "never"
        events.append(Event(
            key=f"{AlertKind.SYNC_OVERDUE}:{database.pk}:{last}", kind=AlertKind.SYNC_OVERDUE,
            subject=_("Synchronization overdue: %(name)s") % {"name": database.name_vi},
            message=_("The synchronization of “%(name)s” (%(identifier)s, %(body)s) with the National Data Center is "
                      "overdue. Last successful synchronization: %(last)s.") % {
                "name": database.name_vi, "identifier": database.identifier, "body": database.owner.name_vi,
                "last": timezone.localtime(database.last_synced_at).strftime("%Y-%m-%d %H:%M")
                if database.last_synced_at else _("never")},
            recipients=tuple(chief_engineer_emails(body=database.owner, directory=directory))))
    return events


def _review_events(today: datetime.date, reviewers: list[User]) -> list[Event]:
    due_before = today - datetime.timedelta(days=settings.MONITORING_REVIEW_DUE_DAYS)
    waiting = Database.objects.filter(review_state=ReviewState.SUBMITTED, submitted_on__lt=due_before,
                                      withdrawn_at__isnull=True).select_related("owner")
    recipients = tuple(sorted({reviewer.email for reviewer in reviewers}))
    return [Event(
        key=f"{AlertKind.REVIEW_WAITING}:{database.pk}:{database.submitted_on.isoformat()}",
        kind=AlertKind.REVIEW_WAITING,
        subject=_("Review waiting: %(name)s") % {"name": database.name_vi},
        message=_("“%(name)s” (%(identifier)s, %(body)s) was submitted for review on %(date)s and waits for a "
                  "decision for more than %(days)s days.") % {
            "name": database.name_vi, "identifier": database.identifier, "body": database.owner.name_vi,
            "date": database.submitted_on.isoformat(), "days": settings.MONITORING_REVIEW_DUE_DAYS},
        recipients=recipients) for database in waiting]


def change_request_due(request: ChangeRequest) -> datetime.date:
    """A change request's own due date, or its creation plus MONITORING_CHANGE_REQUEST_DUE_DAYS."""
    if request.due_date is not None:
        return request.due_date
    created = timezone.localtime(request.created_at).date()
    return created + datetime.timedelta(days=settings.MONITORING_CHANGE_REQUEST_DUE_DAYS)


def _change_request_events(today: datetime.date, reviewers: list[User]) -> list[Event]:
    events = []
    for request in ChangeRequest.objects.filter(status=ChangeStatus.OPEN).select_related("steward"):
        due = change_request_due(request)
        if due >= today:
            continue
        recipients = tuple(sorted({reviewer.email for reviewer in reviewers
                                   if can_decide_for_steward(reviewer, request.steward)}))
        events.append(Event(
            key=f"{AlertKind.CHANGE_REQUEST_WAITING}:{request.pk}:{due.isoformat()}",
            kind=AlertKind.CHANGE_REQUEST_WAITING,
            subject=_("Change request #%(number)s waiting") % {"number": request.pk},
            message=_("Dictionary change request #%(number)s (steward: %(steward)s) was due for a decision on "
                      "%(date)s and is still open.") % {
                "number": request.pk, "steward": request.steward.name_vi, "date": due.isoformat()},
            recipients=recipients))
    return events


def alert_events(*, now: datetime.datetime | None = None) -> list[Event]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    reviewers, directory = _reviewers(), chief_engineer_directory()
    return [*_milestone_events(today, directory), *_sync_events(now, directory), *_review_events(today, reviewers),
            *_change_request_events(today, reviewers)]


def _deliver(event: Event, recipient: str, digest: bool, now: datetime.datetime) -> bool:
    """Record the alert and, unless it waits for the digest, send it, in one transaction."""
    try:
        with transaction.atomic():
            alert = AlertSent.objects.create(event_key=event.key, kind=event.kind, recipient=recipient,
                                             subject=event.subject[:255], message=event.message)
            if not digest:
                send_mail(event.subject, event.message, settings.DEFAULT_FROM_EMAIL, [recipient])
                AlertSent.objects.filter(pk=alert.pk).update(sent_at=now)
    except IntegrityError:
        return False  # sent before (or by a concurrent scan)
    return True


def alerts_scan(*, now: datetime.datetime | None = None) -> dict:
    """Find the events and alert every recipient not yet alerted of each. Returns counts."""
    now = now or timezone.now()
    events = alert_events(now=now)
    keys = [event.key for event in events]
    done: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 1000):  # bounded IN lists
        done |= set(AlertSent.objects.filter(event_key__in=keys[start:start + 1000])
                    .values_list("event_key", "recipient"))
    digest = set(AlertPreference.objects.filter(daily_digest=True).values_list("email", flat=True))
    sent = queued = 0
    for event in events:
        for recipient in event.recipients:
            if (event.key, recipient) in done:
                continue
            if _deliver(event, recipient, recipient in digest, now):
                if recipient in digest:
                    queued += 1
                else:
                    sent += 1
    return {"events": len(events), "sent": sent, "queued_for_digest": queued}


def alerts_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Send each recipient one message with their alerts waiting for the digest. Returns how many
    messages were sent."""
    now = now or timezone.now()
    messages = 0
    recipients = AlertSent.objects.filter(sent_at__isnull=True).values_list("recipient", flat=True).distinct()
    for recipient in sorted(set(recipients)):
        with transaction.atomic():
            waiting = list(AlertSent.objects.select_for_update().filter(recipient=recipient, sent_at__isnull=True)
                           .order_by("created_at", "id"))
            if not waiting:
                continue
            body = "\n\n".join(f"• {alert.subject}\n{alert.message}" for alert in waiting)
            send_mail(_("Registry alerts of %(date)s (%(count)s)") % {
                "date": timezone.localdate(now).isoformat(), "count": len(waiting)},
                body, settings.DEFAULT_FROM_EMAIL, [recipient])
            AlertSent.objects.filter(pk__in=[alert.pk for alert in waiting]).update(sent_at=now)
            messages += 1
    return messages
