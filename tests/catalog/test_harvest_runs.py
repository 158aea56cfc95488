"""Runs of a source never overlap; a stopped run ends as failed; the Celery tasks, the beat
schedule, the command and the admin of the reports."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from catalog.harvest.admin import HarvestRecordAdmin, HarvestRunAdmin, HarvestSourceAdmin
from catalog.harvest.run import Harvest, HarvestAlreadyRunning, source_harvest
from catalog.models import Database, HarvestRecord, HarvestRun, HarvestSource, HarvestStatus
from catalog.schedule import BEAT_SCHEDULE
from catalog.tasks import harvest_due_sources, harvest_source_run
from tests.catalog.harvest_fixtures.server import feed_server, source_make  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(bodies, feed_server):
    return source_make(bodies["province"], feed_server.url("/ttl/page1"), name="Hà Nội")


def _running(source, started_at=None):
    return HarvestRun.objects.create(source=source, started_at=started_at or timezone.now())


def test_a_second_run_of_a_source_is_refused_while_one_runs(source):
    _running(source)
    with pytest.raises(HarvestAlreadyRunning, match="already being harvested"):
        source_harvest(source=source)
    assert HarvestRun.objects.count() == 1
    assert not Database.objects.exists()


def test_the_database_holds_at_most_one_running_run_per_source(source, bodies, feed_server):
    _running(source)
    with pytest.raises(IntegrityError), transaction.atomic():
        _running(source)
    _running(source_make(bodies["province"], feed_server.url("/ttl/paged1")))  # another source may run


def test_a_stale_running_run_is_marked_failed_before_the_next(source):
    stale = _running(source, timezone.now() - timedelta(hours=3))
    run = source_harvest(source=source)
    stale.refresh_from_db()
    assert (stale.status, run.status) == (HarvestStatus.FAILED, HarvestStatus.SUCCEEDED)
    assert "marked failed" in stale.lines.get().reason


def test_an_exception_ends_the_run_as_failed(source, monkeypatch):
    def broken(self, graph):
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(Harvest, "page_store", broken)
    with pytest.raises(RuntimeError):
        source_harvest(source=source)
    run = HarvestRun.objects.get()
    assert (run.status, run.complete) == (HarvestStatus.FAILED, False)
    assert "mất kết nối" in run.lines.get().reason
    monkeypatch.undo()
    assert source_harvest(source=source).status == HarvestStatus.SUCCEEDED  # nothing left running


def test_the_task_runs_eagerly(source):
    result = harvest_source_run.delay(source.pk).get()
    assert (result["status"], result["created"], result["complete"]) == ("succeeded", 4, True)
    _running(source)
    assert harvest_source_run.delay(source.pk).get()["status"] == "skipped"


def test_due_sources_are_harvested(source, bodies, feed_server):
    recent = source_make(bodies["ministry"], feed_server.url("/ttl/paged1"), name="vừa chạy", interval_minutes=60)
    HarvestRun.objects.create(source=recent, started_at=timezone.now() - timedelta(minutes=30),
                              finished_at=timezone.now(), status=HarvestStatus.SUCCEEDED, complete=True)
    source_make(bodies["ministry"], feed_server.url("/ttl/paged1"), name="tắt", enabled=False)
    assert harvest_due_sources.delay().get() == [source.pk]
    assert HarvestRun.objects.filter(source=source, status=HarvestStatus.SUCCEEDED).count() == 1
    assert harvest_due_sources.delay().get() == []  # not due again before its interval


def test_the_beat_schedule_calls_harvest_due_sources():
    from config.celery import app

    entry = BEAT_SCHEDULE["harvest-due-sources"]
    assert entry["task"] == harvest_due_sources.name
    assert entry["task"] in app.tasks
    assert app.conf.beat_schedule["harvest-due-sources"] == entry  # wired into the project's app
    assert 0 < entry["schedule"] <= 15 * 60


def test_the_command_harvests_by_id_or_name_and_prints_the_report(source, bodies, feed_server):
    out = StringIO()
    call_command("harvest", str(source.pk), stdout=out)
    assert "4 created" in out.getvalue()
    call_command("harvest", "Hà Nội", stdout=out)
    assert "4 unchanged" in out.getvalue()
    broken = source_make(bodies["province"], feed_server.url("/missing"), name="hỏng")
    out = StringIO()
    with pytest.raises(CommandError, match="failed"):
        call_command("harvest", "hỏng", stdout=out)
    assert f"{broken.url}: HTTP 404 Not Found" in out.getvalue()
    with pytest.raises(CommandError, match="No harvest source"):
        call_command("harvest", "không có")


def test_the_command_harvests_all_due_sources(source):
    out = StringIO()
    call_command("harvest", "--all-due", stdout=out)
    assert "Hà Nội" in out.getvalue() and "4 created" in out.getvalue()
    out = StringIO()
    call_command("harvest", "--all-due", stdout=out)
    assert out.getvalue().strip() == "No source is due."


def test_reports_are_read_only_in_the_admin(source, users):
    source_harvest(source=source)
    request = RequestFactory().get("/")
    for user, may_configure in ((users["admin"], True), (users["monitor"], False)):
        user.is_staff = True
        request.user = user
        for model, model_admin in ((HarvestRun, HarvestRunAdmin), (HarvestRecord, HarvestRecordAdmin)):
            shown = model_admin(model, admin.site)
            obj = model.objects.first()
            assert shown.has_view_permission(request, obj)
            assert not (shown.has_add_permission(request) or shown.has_change_permission(request, obj)
                        or shown.has_delete_permission(request, obj))
        sources = HarvestSourceAdmin(HarvestSource, admin.site)
        assert sources.has_view_permission(request, source)
        assert sources.has_change_permission(request, source) is may_configure
