"""Two databases the automatic checks and quality scores know by heart: `good` passes every check,
`bad` fails every one that can fail. Shared by test_checks, test_quality and test_dqv."""

import datetime

from django.utils import timezone

from architecture.access import AccessLevel
from architecture.models import LegalDocument
from catalog.models import (
    DatabaseStandard,
    Field,
    IncidentSeverity,
    ReviewState,
    SecurityAssessment,
    SecurityIncident,
    Service,
    Standard,
    SyncReport,
    Table,
    Theme,
)
from dictionary.models import DataElement, ItemStatus
from dictionary.services import element_save
from tests.conftest import make_database

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def element(users, identifier, datatype="string", max_length=None):
    return element_save(user=users["admin"], element=DataElement(
        identifier=identifier, name_vi=identifier, datatype=datatype, max_length=max_length, status=ItemStatus.VALID))


def good_database(users, bodies, identifier="CSDL-TOT"):
    """Restricted, protected, documented, mapped, synchronized, assessed."""
    database = make_database(
        bodies["commune"], identifier, AccessLevel.RESTRICTED, operator=bodies["province"],
        description_vi="Mô tả đầy đủ", keywords="dân cư\ncư trú", contact_name="Phòng CNTT",
        contact_email="cntt@example.gov.vn", security_level=3, tcvn_14423_status="compliant",
        encrypted_at_rest=True, encrypted_in_transit=True, digitally_signed=True,
        sync_mode="periodic", sync_frequency="daily", lifecycle="in_operation", last_synced_at=NOW,
        review_state=ReviewState.STANDARDIZED, submitted_on=TODAY, reviewed_on=TODAY, standardized_on=TODAY,
    )
    law, _ = LegalDocument.objects.get_or_create(number="47/2024/NĐ-CP", defaults={"title": "Nghị định 47"})
    database.legal_basis.add(law)
    theme, _ = Theme.objects.get_or_create(code="GOVE", defaults={"label_vi": "Chính phủ", "label_en": "Government"})
    database.themes.add(theme)
    standard, _ = Standard.objects.get_or_create(code="TCVN 14423:2025", defaults={"title": "An toàn mạng"})
    DatabaseStandard.objects.create(database=database, standard=standard)
    Service.objects.create(database=database, title="API", endpoint_url="https://api.example.gov.vn/",
                           media_type="application/json")
    table = Table.objects.create(database=database, name="cong_dan")
    name = element(users, f"{identifier.lower()}.ho-ten", "string", 100)
    Field.objects.create(table=table, name="ho_ten", datatype="string", length=100, element=name, description="Họ tên")
    Field.objects.create(table=table, name="ghi_chu", datatype="text", is_local=True, local_reason="Riêng",
                         description="Ghi chú")
    SyncReport.objects.create(database=database, report_id="r1", started_at=NOW - datetime.timedelta(minutes=5),
                              finished_at=NOW, outcome="success")
    SecurityAssessment.objects.create(
        database=database, assessed_on=TODAY - datetime.timedelta(days=30), assessor="Cục A05", result="pass",
        period_months=12, next_due_on=TODAY + datetime.timedelta(days=300), recorded_by=users["owner"])
    return database


def bad_database(users, bodies, identifier="CSDL-XAU"):
    """Restricted without protection, nothing declared, fields unmapped and mismatched, sync overdue,
    assessment expired, an open critical incident."""
    database = make_database(bodies["commune"], identifier, AccessLevel.RESTRICTED, sync_mode="periodic",
                             sync_frequency="daily", lifecycle="in_operation",
                             last_synced_at=NOW - datetime.timedelta(days=5))
    table = Table.objects.create(database=database, name="bang")
    number = element(users, f"{identifier.lower()}.so", "integer")
    Field.objects.create(table=table, name="so", datatype="string", element=number)  # a datatype mismatch
    for index in range(3):
        Field.objects.create(table=table, name=f"cot_{index}", datatype="string")  # unmapped
    SecurityAssessment.objects.create(
        database=database, assessed_on=TODAY - datetime.timedelta(days=400), assessor="Cục A05", result="partly",
        period_months=12, next_due_on=TODAY - datetime.timedelta(days=35), recorded_by=users["owner"])
    incident = SecurityIncident.objects.create(
        owner=bodies["commune"], occurred_at=NOW - datetime.timedelta(days=1), severity=IncidentSeverity.CRITICAL,
        summary="Mã độc", recorded_by=users["owner"])
    incident.databases.add(database)
    return database
