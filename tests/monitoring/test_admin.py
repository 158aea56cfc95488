import datetime

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.models import MonthlyReport, ReportFile
from monitoring.reports import report_generate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_admin_action_generates_a_report_again_and_keeps_the_earlier_files(register, users):
    report = report_generate(month=datetime.date(2026, 3, 1))
    client = Client()
    client.force_login(users["admin"])
    changelist = reverse("admin:monitoring_monthlyreport_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(changelist, {"action": "regenerate", "_selected_action": [report.pk]})
    assert response.status_code == 302
    assert ReportFile.objects.filter(report=report).count() == 2
    assert MonthlyReport.objects.get().generated_by == users["admin"]
    assert client.get(reverse("admin:monitoring_monthlyreport_change", args=[report.pk])).status_code == 200


def test_reports_in_the_admin_are_for_staff_who_read_everything(register, users):
    report = report_generate(month=datetime.date(2026, 3, 1))
    changelist = reverse("admin:monitoring_monthlyreport_changelist")
    for role, expected in (("monitor", 200), ("parent", 403)):
        users[role].is_staff = True
        users[role].save()
        client = Client()
        client.force_login(users[role])
        assert client.get(changelist).status_code == expected, role
    client = Client()
    client.force_login(users["monitor"])
    page = client.get(reverse("admin:monitoring_monthlyreport_change", args=[report.pk])).content.decode()
    assert report.xlsx.name.rsplit("/", 1)[-1] in page  # the generations inline is shown
