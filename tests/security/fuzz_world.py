"""One entry in each register, on the public database of the commune, so that the fuzzer's
requests also reach real entries (a detail read, a change, a delete) and not only 404s."""

import datetime

from architecture.models import (
    BodyArchitecture,
    ChiefEngineer,
    ChiefEngineerRole,
    FrameworkRequirement,
    FrameworkVersion,
    Milestone,
    Strategy,
    StrategyKind,
)
from catalog.conformance import assessment_create
from catalog.models import DatabaseStandard, Field, HarvestRun, HarvestSource, Service, Standard, Table
from catalog.security import security_approval_record, security_assessment_record, security_incident_record
from catalog.sync import sync_reporter_create
from dictionary.models import CodeList, CodeValue, DataElement, ItemStatus
from dictionary.releases import release_publish
from dictionary.services import change_request_propose, element_save

DAY = datetime.date(2025, 10, 1)


def world_create(*, users: dict, bodies: dict, databases: dict) -> None:
    admin, commune, database = users["admin"], bodies["commune"], databases["public"]
    _catalog(admin, commune, database)
    _dictionary(users, bodies)
    _plans(commune)


def _catalog(admin, commune, database) -> None:
    table = Table.objects.create(database=database, name="cong_dan")
    Field.objects.create(table=table, name="ngay_sinh", datatype="date")
    Service.objects.create(database=database, title="API tra cứu", endpoint_url="https://tra-cuu.example.gov.vn/api")
    standard = Standard.objects.create(code="TCVN 14423:2025", title="Yêu cầu an toàn mạng", year=2025)
    DatabaseStandard.objects.create(database=database, standard=standard)
    source = HarvestSource.objects.create(name="Hà Nội", url="https://du-lieu.hanoi.gov.vn/catalog.ttl",
                                          owner=commune)
    HarvestRun.objects.create(source=source, started_at=source.created_at)  # a source with runs is kept: 409
    sync_reporter_create(user=admin, database=database)
    security_approval_record(user=admin, database=database, level=2, decision_number="12/QĐ-UBND", decided_on=DAY,
                             approving_authority="UBND phường")
    security_assessment_record(user=admin, database=database, assessed_on=DAY, assessor="Cục A05", result="pass")
    security_incident_record(user=admin, owner=commune, databases=[database], severity="critical", summary="Tấn công",
                             occurred_at=datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC))
    framework = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung kiến trúc", version="3.0")
    FrameworkRequirement.objects.create(framework=framework, identifier="D1", text_vi="Đầu mối", applies_to="database",
                                        check_code="contact_point", legal_source="Quyết định 2568/QĐ-BTTTT",
                                        reference_model="DRM")
    assessment_create(user=admin, framework=framework, assessed_on=DAY, database=database)


def _dictionary(users, bodies) -> None:
    element_save(user=users["admin"], element=DataElement(
        identifier="cong-dan.ngay-sinh", name_vi="Ngày sinh", name_en="Date of birth", datatype="date",
        status=ItemStatus.VALID, steward=bodies["ministry"]))
    code_list = CodeList.objects.create(identifier="gioi-tinh", name_vi="Giới tính", steward=bodies["ministry"],
                                        status=ItemStatus.VALID)
    CodeValue.objects.create(code_list=code_list, code="1", label_vi="Nam")
    release_publish(user=users["admin"], version="1.0.0", title="Bản đầu tiên")
    change_request_propose(user=users["owner"], reason="Cần cho hồ sơ lao động", proposed={
        "identifier": "cong-dan.nghe-nghiep", "name_vi": "Nghề nghiệp", "datatype": "string", "steward": "GOV-M02"})


def _plans(commune) -> None:
    Strategy.objects.create(body=commune, kind=StrategyKind.DATA, title="Chiến lược dữ liệu", period_start=2025,
                            period_end=2030)
    Milestone.objects.create(body=commune, title="Ban hành chiến lược", target_date=DAY)
    ChiefEngineer.objects.create(body=commune, role=ChiefEngineerRole.IT, person_name="Nguyễn Văn An",
                                 position="Phó Chủ tịch", email="an@badinh.hanoi.gov.vn", start_date=DAY)
    BodyArchitecture.objects.create(body=commune, title="Kiến trúc số phường Ba Đình")
