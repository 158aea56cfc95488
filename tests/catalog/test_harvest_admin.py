"""Harvest sources are configured by administrators in the admin; runs and records are reports."""

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import HarvestRun, HarvestSource, HarvestStatus


@pytest.fixture
def source(bodies):
    return HarvestSource.objects.create(name="Cổng dữ liệu Hà Nội", url="https://dulieu.hanoi.gov.vn/catalog.ttl",
                                        owner=bodies["province"])


@pytest.mark.parametrize("model", ["harvestsource", "harvestrun", "harvestrecord"])
def test_administrator_sees_harvest_pages(client, users, source, model):
    client.force_login(users["admin"])
    assert client.get(reverse(f"admin:catalog_{model}_changelist")).status_code == 200


def test_runs_are_reports_nobody_edits(client, users, source):
    run = HarvestRun.objects.create(source=source, started_at=timezone.now(), finished_at=timezone.now(),
                                    status=HarvestStatus.FAILED)
    client.force_login(users["admin"])
    url = reverse("admin:catalog_harvestrun_change", args=[run.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    assert client.post(reverse("admin:catalog_harvestrun_delete", args=[run.pk]), {"post": "yes"}).status_code == 403


def test_editors_do_not_configure_sources(client, users, source):
    editor = users["parent"]
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    url = reverse("admin:catalog_harvestsource_change", args=[source.pk])
    assert client.post(url, {"name": "đổi", "url": source.url}).status_code == 403
    source.refresh_from_db()
    assert source.name == "Cổng dữ liệu Hà Nội"
