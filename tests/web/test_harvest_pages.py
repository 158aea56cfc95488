"""Harvest sources and their run reports: information within the political system (signed-in
readers); starting a run is an administrator's act."""

from unittest import mock

import pytest
from django.utils import timezone

from catalog.models import HarvestReportLine, HarvestRun, HarvestSource, HarvestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(bodies):
    source = HarvestSource.objects.create(name="Cổng dữ liệu Hà Nội", url="https://data.hanoi.example/catalog",
                                          owner=bodies["province"], access_token="bi-mat-123")
    run = HarvestRun.objects.create(source=source, started_at=timezone.now(), finished_at=timezone.now(),
                                    status=HarvestStatus.PARTIAL, created=3, errors=1, pages_read=2)
    HarvestReportLine.objects.create(run=run, subject="https://data.hanoi.example/ds/9", reason="dct:title is missing")
    return source


@pytest.mark.parametrize("url", ["/harvest/", "/harvest/{source}/", "/harvest/runs/{run}/"])
def test_anonymous_visitors_are_sent_to_sign_in(as_user, source, url):
    response = as_user(None).get(url.format(source=source.pk, run=source.runs.get().pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["owner", "other", "monitor", "admin"])
def test_signed_in_readers_see_sources_and_reports(as_user, source, role):
    client = as_user(role)
    listing = client.get("/harvest/").content.decode()
    assert "Cổng dữ liệu Hà Nội" in listing and "status-partial" in listing
    detail = client.get(f"/harvest/{source.pk}/").content.decode()
    assert "https://data.hanoi.example/catalog" in detail and "bi-mat-123" not in detail
    report = client.get(f"/harvest/runs/{source.runs.get().pk}/").content.decode()
    assert "dct:title is missing" in report and "https://data.hanoi.example/ds/9" in report


def test_the_run_button_is_shown_to_administrators_only(as_user, source):
    assert "/run" in as_user("admin").get(f"/harvest/{source.pk}/").content.decode()
    assert f"/harvest/{source.pk}/run" not in as_user("monitor").get(f"/harvest/{source.pk}/").content.decode()


@pytest.mark.parametrize("role,status", [("owner", 403), ("monitor", 403), ("reviewer", 403)])
def test_others_cannot_start_a_run(as_user, source, role, status):
    with mock.patch("catalog.tasks.harvest_source_run.apply_async") as delay:
        assert as_user(role).post(f"/harvest/{source.pk}/run").status_code == status
    delay.assert_not_called()


def test_an_administrator_starts_a_run_and_sees_its_progress(as_user, source):
    with mock.patch("catalog.tasks.harvest_source_run.apply_async") as delay:
        response = as_user("admin").post(f"/harvest/{source.pk}/run")
    assert response.status_code == 302 and response["Location"].endswith(f"/harvest/{source.pk}/")
    delay.assert_called_once()  # sent through config.queue.task_enqueue
    assert delay.call_args.kwargs["args"] == (source.pk,)
    HarvestRun.objects.create(source=source, started_at=timezone.now(), status=HarvestStatus.RUNNING)
    page = as_user("admin").get(f"/harvest/{source.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and 'role="status"' in page


def test_a_run_cannot_be_started_by_get(as_user, source):
    assert as_user("admin").get(f"/harvest/{source.pk}/run").status_code == 405


def test_an_unknown_source_is_404(as_user, source):
    assert as_user("admin").get("/harvest/9999/").status_code == 404
    assert as_user("admin").post("/harvest/9999/run").status_code == 404
