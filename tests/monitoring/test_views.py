"""Every page of the dashboard, for the owner's editor, an editor of another body, an anonymous
visitor and a monitor (after healthchecks' test_it_works / test_it_checks_ownership)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.models import MonthlyReport, ReportFile
from monitoring.reports import report_generate

pytestmark = pytest.mark.django_db
ROLES = ["owner", "other", "anonymous", "monitor"]


@pytest.fixture(autouse=True)
def media_and_no_cache(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MONITORING_CACHE_MINUTES = 0


@pytest.fixture
def client_for(users):
    def make(role):
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        return client
    return make


def _figure(response, key):
    match = re.search(rf'data-figure="{key}">\s*([^<\s]+)', response.content.decode())
    return match and match.group(1)


@pytest.mark.parametrize(("role", "total"), [("owner", 6), ("other", 6), ("anonymous", 3), ("monitor", 7)])
def test_national_dashboard_counts_what_each_reader_may_see(register, client_for, role, total):
    response = client_for(role).get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    assert _figure(response, "databases_total") == str(total)
    assert "<svg" in response.content.decode() and "http://cdn" not in response.content.decode()


@pytest.mark.parametrize(("role", "total"), [("owner", 3), ("other", 2), ("anonymous", 1), ("monitor", 3)])
def test_commune_dashboard_lists_its_visible_databases_with_links(register, bodies, client_for, role, total):
    response = client_for(role).get(reverse("monitoring:dashboard-body", args=["00004"]))
    assert response.status_code == 200
    assert _figure(response, "databases_total") == str(total)
    page = response.content.decode()
    assert reverse("catalog:database", args=["C-PUB"]) in page
    assert (reverse("catalog:database", args=["C-RES"]) in page) == (role in ("owner", "monitor"))


def test_drill_down_links_and_breadcrumbs(register, bodies, client_for):
    client = client_for("monitor")
    national = client.get(reverse("monitoring:dashboard")).content.decode()
    province_url = reverse("monitoring:dashboard-body", args=["01"])
    assert f'href="{province_url}"' in national
    province = client.get(province_url).content.decode()
    commune_url = reverse("monitoring:dashboard-body", args=["00004"])
    assert f'href="{commune_url}"' in province
    commune = client.get(commune_url).content.decode()
    crumbs = commune[commune.index('class="breadcrumbs"'):commune.index("</nav>", commune.index('class="breadcrumbs"'))]
    assert reverse("monitoring:dashboard") in crumbs and province_url in crumbs and "Phường Ba Đình" in crumbs


def test_unknown_body_and_list_are_404(register, client_for):
    client = client_for("monitor")
    assert client.get(reverse("monitoring:dashboard-body", args=["NOPE"])).status_code == 404
    assert client.get(reverse("monitoring:list", args=["nope"])).status_code == 404
    assert client.get(reverse("monitoring:list-export", args=["nope", "csv"])).status_code == 404


@pytest.mark.parametrize(("role", "rows"), [("owner", 2), ("other", 2), ("anonymous", 1), ("monitor", 2)])
def test_overdue_list_page(register, client_for, role, rows):
    response = client_for(role).get(reverse("monitoring:list", args=["sync_overdue"]), {"sort": "-identifier"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(reverse("catalog:database", args=["C-PUB"])) == 1
    assert (reverse("catalog:database", args=["O-INT"]) in page) == (rows == 2)
    assert 'aria-sort="descending"' in page


def test_list_of_late_milestones_for_a_body(plans, bodies, client_for):
    response = client_for("anonymous").get(reverse("monitoring:list-body", args=["01", "milestones_behind"]))
    assert response.status_code == 200 and "Rà soát (Hà Nội)" in response.content.decode()


def test_the_page_states_the_cache_age(register, client_for, settings):
    settings.MONITORING_CACHE_MINUTES = 5
    page = client_for("anonymous").get(reverse("monitoring:dashboard")).content.decode()
    assert re.search(r"\b5\b", page[page.index('class="freshness"'):][:300])


@pytest.mark.parametrize("role", ["owner", "other", "anonymous"])
def test_reports_are_for_readers_of_everything_only(register, client_for, role):
    report_generate(month=datetime.date(2026, 3, 1))
    client = client_for(role)
    assert client.get(reverse("monitoring:reports")).status_code == 403
    assert client.post(reverse("monitoring:reports"), {"month": "2026-02"}).status_code == 403
    assert client.get(reverse("monitoring:report-download", args=["2026-03", "pdf"])).status_code == 403
    assert MonthlyReport.objects.count() == 1


def test_a_monitor_lists_generates_and_downloads_reports(register, client_for):
    client = client_for("monitor")
    assert client.get(reverse("monitoring:reports")).status_code == 200
    response = client.post(reverse("monitoring:reports"), {"month": "2026-03"})
    assert response.status_code == 302
    client.post(reverse("monitoring:reports"), {"month": "2026-03"})  # again: replaces, keeps history
    report = MonthlyReport.objects.get(month=datetime.date(2026, 3, 1))
    assert ReportFile.objects.filter(report=report).count() == 2
    page = client.get(reverse("monitoring:reports")).content.decode()
    earlier = ReportFile.objects.filter(report=report, replaced_at__isnull=False).get()
    assert reverse("monitoring:report-file", args=[earlier.pk, "xlsx"]) in page
    pdf = client.get(reverse("monitoring:report-download", args=["2026-03", "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    old = client.get(reverse("monitoring:report-file", args=[earlier.pk, "xlsx"]))
    assert old.status_code == 200


def test_bad_month_is_a_form_error_not_a_500(register, client_for):
    client = client_for("monitor")
    response = client.post(reverse("monitoring:reports"), {"month": "2026-13"}, follow=True)
    assert response.status_code == 200 and MonthlyReport.objects.count() == 0
    assert client.get("/monitoring/reports/2026-13.pdf").status_code == 404
    assert client.get(reverse("monitoring:report-download", args=["2025-01", "pdf"])).status_code == 404


def test_a_signed_in_person_chooses_the_daily_digest_for_their_own_address(users, client_for):
    from monitoring.models import AlertPreference

    users["owner"].email = "owner@badinh.hanoi.gov.vn"
    users["owner"].save()
    client = client_for("owner")
    assert client.get(reverse("monitoring:alert-preference")).status_code == 200
    client.post(reverse("monitoring:alert-preference"), {"daily_digest": "on"})
    assert AlertPreference.objects.get(email="owner@badinh.hanoi.gov.vn").daily_digest
    client.post(reverse("monitoring:alert-preference"), {})
    assert not AlertPreference.objects.get(email="owner@badinh.hanoi.gov.vn").daily_digest


def test_alert_preference_needs_a_sign_in_and_an_address(users, client_for):
    from monitoring.models import AlertPreference

    assert client_for("anonymous").get(reverse("monitoring:alert-preference")).status_code == 302
    response = client_for("other").post(reverse("monitoring:alert-preference"), {"daily_digest": "on"}, follow=True)
    assert response.status_code == 200 and AlertPreference.objects.count() == 0


def test_monthly_trend_is_shown_to_readers_of_everything_only(register, client_for):
    from monitoring.snapshots import snapshots_take

    snapshots_take(month=datetime.date(2026, 2, 1))
    assert 'id="trend-title"' in client_for("monitor").get(reverse("monitoring:dashboard")).content.decode()
    assert 'id="trend-title"' not in client_for("owner").get(reverse("monitoring:dashboard")).content.decode()


def test_a_broker_that_cannot_be_reached_is_said_not_a_500(register, client_for, monkeypatch):
    from monitoring import views

    monkeypatch.setattr(views, "task_enqueue", lambda task, *args: False)
    response = client_for("monitor").post(reverse("monitoring:reports"), {"month": "2026-03"}, follow=True)
    assert response.status_code == 200 and MonthlyReport.objects.count() == 0
    assert len(list(response.context["messages"])) == 1
