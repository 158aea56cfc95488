"""A political system two levels deep with databases in known states, for the figures' arithmetic."""

import datetime

import pytest
from django.utils import timezone

from architecture.access import AccessLevel
from catalog.models import DatabaseKind, Lifecycle, ReviewState, SyncFrequency, SyncMode
from tests.api.conftest import clients  # noqa: F401  (the API tests' client per role, by Bearer token)
from tests.conftest import make_database

NOW = timezone.make_aware(datetime.datetime(2026, 3, 15, 10, 0))


@pytest.fixture
def register(bodies):
    """Hanoi (01) with two communes, two ministries. Counts by hand:

    - commune 00004: 3 databases (public, internal, restricted); the restricted one is reviewed,
      the public one standardized and overdue (real time, last sync 1 hour ago);
    - commune 00008: 1 internal database, submitted for review, in operation, never synchronized
      (overdue), periodic daily;
    - province 01 itself: 1 public database, in operation, daily, synchronized 2 hours ago (ok);
    - ministry GOV-M13: 1 restricted national database, reviewed;
    - ministry GOV-M02: 1 public specialized database, planned.
    """
    commune, other_commune = bodies["commune"], bodies["other_commune"]
    hour = datetime.timedelta(hours=1)
    databases = {
        "c_public": make_database(commune, "C-PUB", AccessLevel.PUBLIC, review_state=ReviewState.STANDARDIZED,
                                  reviewed_on=datetime.date(2026, 1, 1), standardized_on=datetime.date(2026, 2, 1),
                                  lifecycle=Lifecycle.IN_OPERATION, sync_mode=SyncMode.REALTIME,
                                  last_synced_at=NOW - hour),
        "c_internal": make_database(commune, "C-INT", AccessLevel.INTERNAL),
        "c_restricted": make_database(commune, "C-RES", AccessLevel.RESTRICTED, review_state=ReviewState.REVIEWED,
                                      reviewed_on=datetime.date(2026, 1, 5)),
        "o_internal": make_database(other_commune, "O-INT", AccessLevel.INTERNAL,
                                    review_state=ReviewState.SUBMITTED, submitted_on=datetime.date(2026, 1, 10),
                                    lifecycle=Lifecycle.IN_OPERATION, sync_mode=SyncMode.PERIODIC,
                                    sync_frequency=SyncFrequency.DAILY),
        "p_public": make_database(bodies["province"], "P-PUB", AccessLevel.PUBLIC, lifecycle=Lifecycle.IN_OPERATION,
                                  sync_mode=SyncMode.PERIODIC, sync_frequency=SyncFrequency.DAILY,
                                  last_synced_at=NOW - 2 * hour),
        "m_restricted": make_database(bodies["other_ministry"], "M-RES", AccessLevel.RESTRICTED,
                                      kind=DatabaseKind.NATIONAL, review_state=ReviewState.REVIEWED,
                                      reviewed_on=datetime.date(2026, 1, 7)),
        "m_public": make_database(bodies["ministry"], "M-PUB", AccessLevel.PUBLIC, kind=DatabaseKind.SPECIALIZED),
    }
    return databases


@pytest.fixture
def plans(bodies):
    """Obligations on NOW (15 March 2026): the province has both strategies and a chief IT
    engineer; the Ministry of Health a data strategy and both chief engineers. Milestones from one
    template: Hanoi's is late (due 1 March), the Ministry of Health's overdue (due 1 January), the
    Ministry of Public Security's done; plus one of Hanoi's on time."""
    from architecture.models import (
        ChiefEngineer,
        ChiefEngineerRole,
        Milestone,
        MilestoneStatus,
        MilestoneTemplate,
        Strategy,
        StrategyKind,
    )
    from architecture.models.plans import StrategyStatus

    def issued(body, kind):
        return Strategy.objects.create(body=body, kind=kind, title=f"Chiến lược {kind}", status=StrategyStatus.ISSUED,
                                       decision_number="1/QĐ", decision_date=datetime.date(2025, 9, 1),
                                       period_start=2025, period_end=2030)

    province, health, security = bodies["province"], bodies["other_ministry"], bodies["ministry"]
    issued(province, StrategyKind.DATA)
    issued(province, StrategyKind.DIGITAL_TRANSFORMATION)
    issued(health, StrategyKind.DATA)
    start = datetime.date(2025, 8, 1)
    engineers = {
        "hanoi_it": ChiefEngineer.objects.create(body=province, role=ChiefEngineerRole.IT, person_name="Nguyễn Văn A",
                                                 email="a@hanoi.gov.vn", start_date=start),
        "health_it": ChiefEngineer.objects.create(body=health, role=ChiefEngineerRole.IT, person_name="Trần Thị B",
                                                  email="b@moh.gov.vn", start_date=start),
        "health_pro": ChiefEngineer.objects.create(body=health, role=ChiefEngineerRole.PROFESSIONAL,
                                                   person_name="Lê Văn C", email="c@moh.gov.vn", start_date=start),
    }
    template = MilestoneTemplate.objects.create(code="NQ214-REVIEW", title_vi="Rà soát cơ sở dữ liệu",
                                                target_date=datetime.date(2026, 3, 1), legal_source="NQ 214/NQ-CP")
    milestones = {
        "late": Milestone.objects.create(body=province, template=template, title="Rà soát (Hà Nội)",
                                         target_date=datetime.date(2026, 3, 1)),
        "overdue": Milestone.objects.create(body=health, template=template, title="Rà soát (Bộ Y tế)",
                                            target_date=datetime.date(2026, 1, 1)),
        "done": Milestone.objects.create(body=security, template=template, title="Rà soát (Bộ Công an)",
                                         target_date=datetime.date(2026, 3, 1), status=MilestoneStatus.DONE,
                                         completion_date=datetime.date(2026, 2, 20)),
        "on_time": Milestone.objects.create(body=province, title="Chuẩn hóa (Hà Nội)",
                                            target_date=datetime.date(2026, 12, 31)),
    }
    return {"engineers": engineers, "milestones": milestones, "template": template}
