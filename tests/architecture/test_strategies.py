"""Strategies and body architectures: their constraints, and who may change them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from architecture.models import (
    BodyArchitecture,
    BodyArchitectureStatus,
    FrameworkVersion,
    Strategy,
    StrategyKind,
    StrategyStatus,
)
from architecture.plans import body_architecture_save, plan_entry_delete, strategy_save


def strategy(body, **fields):
    values = {"body": body, "kind": StrategyKind.DATA, "title": "Chiến lược dữ liệu thành phố Hà Nội",
                  "period_start": 2025, "period_end": 2030}
    values.update(fields)
    return Strategy(**values)


def test_the_body_chain_editor_records_an_issued_strategy(bodies, users):
    saved = strategy_save(user=users["parent"], strategy=strategy(
        bodies["province"], status=StrategyStatus.ISSUED, decision_number="4567/QĐ-UBND",
        decision_date="2025-09-20", document_url="https://hanoi.gov.vn/cl"))
    assert saved.pk and saved.history.first().history_user == users["parent"]


def test_the_period_cannot_end_before_it_starts(bodies, users):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        strategy_save(user=users["parent"], strategy=strategy(bodies["province"], period_start=2030, period_end=2025))
    assert "The period cannot end before it starts." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        strategy(bodies["province"], period_start=2030, period_end=2025).save()


@pytest.mark.parametrize("missing", [{"decision_number": ""}, {"decision_date": None}])
def test_an_issued_strategy_needs_its_decision(bodies, users, missing):
    fields = {"status": StrategyStatus.ISSUED, "decision_number": "1/QĐ-UBND", "decision_date": "2025-09-01",
              **missing}
    with pytest.raises(ValidationError):
        strategy_save(user=users["parent"], strategy=strategy(bodies["province"], **fields))
    with pytest.raises(IntegrityError), transaction.atomic():
        strategy(bodies["province"], **fields).save()
    assert not Strategy.objects.exists()


def test_a_drafting_strategy_needs_no_decision(bodies, users):
    assert strategy_save(user=users["parent"], strategy=strategy(bodies["province"])).pk


def test_one_issued_strategy_of_each_kind_per_body(bodies):
    issued = {"status": StrategyStatus.ISSUED, "decision_number": "1/QĐ", "decision_date": "2025-09-01"}
    strategy(bodies["province"], **issued).save()
    strategy(bodies["province"], kind=StrategyKind.DIGITAL_TRANSFORMATION, **issued).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        strategy(bodies["province"], **issued).save()


@pytest.mark.parametrize("role", ["owner", "sibling", "other", "monitor", "reviewer"])
def test_others_may_not_change_a_province_strategy(bodies, users, role):
    with pytest.raises(PermissionDenied):
        strategy_save(user=users[role], strategy=strategy(bodies["province"]))
    saved = strategy(bodies["province"])
    saved.save()
    with pytest.raises(PermissionDenied):
        strategy_save(user=users[role], strategy=saved, changes={"title": "Đổi"})
    with pytest.raises(PermissionDenied):
        plan_entry_delete(user=users[role], entry=saved)
    saved.refresh_from_db()
    assert saved.title == "Chiến lược dữ liệu thành phố Hà Nội"


def test_the_administrator_changes_any_strategy(bodies, users):
    saved = strategy_save(user=users["admin"], strategy=strategy(bodies["other_ministry"]))
    plan_entry_delete(user=users["admin"], entry=saved)
    assert not Strategy.objects.exists()


def test_a_body_architecture_follows_a_framework(bodies, users):
    framework = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung", version="3.0")
    architecture = body_architecture_save(user=users["parent"], architecture=BodyArchitecture(
        body=bodies["province"], title="Kiến trúc số thành phố Hà Nội", version="1.0", framework=framework,
        status=BodyArchitectureStatus.APPROVED, decision_number="99/QĐ-UBND", decision_date="2025-11-01",
        approving_authority="UBND thành phố Hà Nội"))
    assert architecture.framework == framework
    with pytest.raises(ValidationError):
        body_architecture_save(user=users["parent"], architecture=BodyArchitecture(
            body=bodies["province"], title="Kiến trúc 2.0", status=BodyArchitectureStatus.APPROVED))
    with pytest.raises(PermissionDenied):
        body_architecture_save(user=users["other"], architecture=architecture, changes={"version": "9"})
