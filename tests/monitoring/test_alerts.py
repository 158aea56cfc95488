"""Alert e-mails: one message per event and recipient, never repeated; a daily digest on request."""

import datetime

import pytest
from django.core import mail

from catalog.models import ReviewState
from dictionary.models import ChangeRequest
from monitoring.alerts import alerts_digest_send, alerts_scan, chief_engineer_emails
from monitoring.models import AlertPreference, AlertSent
from tests.monitoring.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _recipients():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def test_chief_engineers_of_the_body_or_the_nearest_body_above(plans, bodies):
    assert chief_engineer_emails(body=bodies["other_ministry"]) == ["b@moh.gov.vn", "c@moh.gov.vn"]
    assert chief_engineer_emails(body=bodies["commune"]) == ["a@hanoi.gov.vn"]  # the commune has none
    assert chief_engineer_emails(body=bodies["ministry"]) == []


def test_milestones_and_overdue_synchronizations_alert_the_chief_engineers_once(register, plans):
    first = alerts_scan(now=NOW)
    sent = _recipients()
    for engineer in ("b@moh.gov.vn", "c@moh.gov.vn"):  # both of the Ministry of Health's
        assert sum(to == engineer and "Rà soát (Bộ Y tế)" in subject for to, subject in sent) == 1
    assert any(to == "a@hanoi.gov.vn" and "Rà soát (Hà Nội)" in subject for to, subject in sent)
    # C-PUB (commune 00004) and O-INT (commune 00008) are overdue: Hanoi's chief engineer hears of both.
    assert sum(to == "a@hanoi.gov.vn" and "C-PUB" in subject for to, subject in sent) == 1
    assert sum(to == "a@hanoi.gov.vn" and "O-INT" in subject for to, subject in sent) == 1
    assert first["sent"] == len(mail.outbox) == AlertSent.objects.count()
    # The second scan finds the same events and sends nothing.
    second = alerts_scan(now=NOW + datetime.timedelta(minutes=15))
    assert second["sent"] == 0 and len(mail.outbox) == first["sent"]


def test_a_new_episode_is_a_new_event(register, plans):
    alerts_scan(now=NOW)
    before = len(mail.outbox)
    database = register["c_public"]
    database.last_synced_at = NOW  # synchronized again, then overdue again a day later
    database.save()
    alerts_scan(now=NOW + datetime.timedelta(days=1))
    assert len(mail.outbox) == before + 1 and "C-PUB" in mail.outbox[-1].subject


def test_reviewers_hear_of_reviews_and_change_requests_waiting_past_due(register, users, bodies, settings):
    users["reviewer"].email = "reviewer@bocongan.gov.vn"
    users["reviewer"].save()
    settings.MONITORING_REVIEW_DUE_DAYS = 30
    # O-INT was submitted on 10 January: more than 30 days before 15 March.
    request = ChangeRequest.objects.create(kind="create", proposed={"name": "x"}, reason="cần", steward=bodies["ministry"],
                                           proposed_by=users["owner"], due_date=datetime.date(2026, 3, 1))
    ChangeRequest.objects.create(kind="create", proposed={"name": "y"}, reason="cần", steward=bodies["ministry"],
                                 proposed_by=users["owner"], due_date=datetime.date(2026, 4, 1))  # not yet due
    alerts_scan(now=NOW)
    subjects = [subject for to, subject in _recipients() if to == "reviewer@bocongan.gov.vn"]
    assert len(subjects) == 2
    assert any("O-INT" in subject for subject in subjects)
    assert any(f"#{request.pk}" in subject for subject in subjects)
    alerts_scan(now=NOW)
    assert len([m for m in mail.outbox if m.to == ["reviewer@bocongan.gov.vn"]]) == 2


def test_a_review_within_its_due_period_alerts_nobody(register, users, settings):
    users["reviewer"].email = "reviewer@bocongan.gov.vn"
    users["reviewer"].save()
    settings.MONITORING_REVIEW_DUE_DAYS = 90
    alerts_scan(now=NOW)
    assert not [m for m in mail.outbox if m.to == ["reviewer@bocongan.gov.vn"]]
    assert register["o_internal"].review_state == ReviewState.SUBMITTED


def test_daily_digest_gathers_the_alerts_in_one_message(register, plans):
    AlertPreference.objects.create(email="a@hanoi.gov.vn", daily_digest=True)
    result = alerts_scan(now=NOW)
    assert result["queued_for_digest"] == 3  # Hanoi's late milestone and two overdue synchronizations
    assert not [m for m in mail.outbox if m.to == ["a@hanoi.gov.vn"]]
    assert alerts_digest_send(now=NOW) == 1
    [digest] = [m for m in mail.outbox if m.to == ["a@hanoi.gov.vn"]]
    assert "C-PUB" in digest.body and "O-INT" in digest.body and "Rà soát (Hà Nội)" in digest.body
    assert alerts_digest_send(now=NOW) == 0  # nothing left waiting
    alerts_scan(now=NOW)
    assert alerts_digest_send(now=NOW) == 0  # and the scan does not queue them again


def test_the_alert_scan_is_registered_with_beat_and_runs(register, plans):
    from config.celery import app
    from monitoring import tasks

    assert app.conf.beat_schedule["monitoring-alerts-scan"]["task"] == "monitoring.tasks.alerts_scan"
    assert app.conf.beat_schedule["monitoring-alerts-digest"]["task"] == "monitoring.tasks.alerts_digest_send"
    assert tasks.alerts_scan.delay().get()["events"] >= 1


def test_finding_the_events_takes_the_same_queries_however_many_there_are(register, plans, bodies):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Lifecycle, SyncMode
    from monitoring.alerts import alert_events
    from tests.conftest import make_database

    with CaptureQueriesContext(connection) as few:
        before = len(alert_events(now=NOW))
    for index in range(5):
        make_database(bodies["other_commune"], f"NEVER-{index}", lifecycle=Lifecycle.IN_OPERATION,
                      sync_mode=SyncMode.REALTIME)
    with CaptureQueriesContext(connection) as many:
        assert len(alert_events(now=NOW)) == before + 5
    assert len(many) == len(few)
