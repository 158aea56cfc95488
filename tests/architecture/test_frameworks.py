"""The framework register: its constraints, the shipped frameworks (each requirement states its
legal source, unverified ones say so), an idempotent load, and who may change it."""

import json
import shutil

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from architecture.models import (
    AppliesTo,
    FrameworkRequirement,
    FrameworkVersion,
    MilestoneTemplate,
)
from architecture.plans import framework_register_save
from architecture.reference_data import ReferenceDataError
from architecture.reference_frameworks import FRAMEWORKS_DIRECTORY, frameworks_load

# The automatic checks the catalog computes (catalog engineer's codes).
KNOWN_CHECKS = {"", "owner_operator_set", "legal_basis", "structure_registered", "dictionary_mapping",
                "no_type_mismatch", "security_declared", "restricted_protection", "ndc_sync", "contact_point",
                "standards_declared"}


def framework(**fields):
    return FrameworkVersion.objects.create(**{"code": "DGAF-3.0", "name_vi": "Khung", "version": "3.0", **fields})


def requirement(framework, **fields):
    values = {"framework": framework, "identifier": "DRM-01", "text_vi": "Yêu cầu", "reference_model": "DRM",
                  "legal_source": "Quyết định 2568/QĐ-BTTTT", "applies_to": AppliesTo.DATABASE}
    values.update(fields)
    return FrameworkRequirement(**values)


def test_an_identifier_is_unique_within_a_framework(db):
    first, second = framework(), framework(code="NDAF-1.0")
    requirement(first).save()
    requirement(second).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        requirement(first).save()


@pytest.mark.parametrize("fields", [
    {"legal_source": ""}, {"reference_model": "XRM"}, {"applies_to": "province"}, {"check_code": "Bad code"},
])
def test_the_database_refuses_bad_requirements(db, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        requirement(framework(), **fields).save()


def test_reference_models_must_be_known(db):
    with pytest.raises(ValidationError):
        FrameworkVersion(code="X", name_vi="x", version="1", reference_models=["BRM", "XRM"]).full_clean()
    FrameworkVersion(code="X", name_vi="x", version="1", reference_models=["BRM", "data_quality"]).full_clean()


@pytest.fixture
def loaded(db):
    return frameworks_load()


def test_the_real_frameworks_are_loaded(loaded):
    frameworks = {f.code: f for f in FrameworkVersion.objects.all()}
    assert set(frameworks) == {"DGAF-3.0", "NDAF-1.0", "NDGF-1.0"}
    assert frameworks["DGAF-3.0"].decision_number == "2568/QĐ-BTTTT"
    assert frameworks["DGAF-3.0"].reference_models == ["BRM", "DRM", "ARM", "TRM", "SRM"]
    assert frameworks["NDAF-1.0"].issuing_document.number == "2439/QĐ-TTg"
    assert frameworks["NDAF-1.0"].decision_date.isoformat() == "2025-11-04"
    for code, found in frameworks.items():
        count = found.requirements.count()
        assert 10 <= count <= 20, code
    assert loaded["framework_requirements"]["created"] == FrameworkRequirement.objects.count()


def test_every_shipped_requirement_states_its_source(loaded):
    for item in FrameworkRequirement.objects.select_related("framework"):
        assert item.legal_source and item.evidence and item.text_vi and item.text_en, item
        assert item.check_code in KNOWN_CHECKS, item
        if not item.source_verified:
            assert item.source_note, f"{item} is unverified and does not say so"
    # The official annexes were not read: the data says so rather than claiming otherwise.
    assert not FrameworkRequirement.objects.filter(source_verified=True).exists()


def test_the_resolution_214_templates_are_loaded(loaded):
    templates = {t.code: t for t in MilestoneTemplate.objects.all()}
    assert templates["R214-DATABASE-REVIEW"].target_date.isoformat() == "2025-08-31"
    assert templates["R214-DATA-STRATEGY"].target_date.isoformat() == "2025-09-30"
    assert templates["R214-DT-STRATEGY"].target_date.isoformat() == "2025-09-30"
    assert templates["R214-CHIEF-ENGINEERS"].target_date.isoformat() == "2025-12-31"
    assert templates["R214-PROVINCIAL-PLATFORM-DATA"].body_kinds == ["province"]
    assert all(t.legal_source and t.source_note for t in templates.values())


def test_a_second_load_writes_nothing(loaded):
    history = FrameworkRequirement.history.count()
    again = frameworks_load()
    assert all(counts["created"] == counts["updated"] == 0 for counts in again.values())
    assert FrameworkRequirement.history.count() == history


def test_a_changed_requirement_is_updated_with_history(loaded, tmp_path):
    folder = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS_DIRECTORY, folder)
    path = folder / "dgaf-3.0.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["requirements"][0]["text_en"] = "Changed."
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    counts = frameworks_load(directory=folder)
    assert counts["framework_requirements"]["updated"] == 1
    changed = FrameworkRequirement.objects.get(framework__code="DGAF-3.0", identifier=data["requirements"][0]["identifier"])
    assert changed.text_en == "Changed." and changed.history.count() == 2


def test_a_bad_file_loads_nothing(db, tmp_path):
    folder = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS_DIRECTORY, folder)
    path = folder / "ndgf-1.0.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["requirements"][2]["reference_model"] = "XRM"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"ndgf-1.0.json, NDGF-1.0 GOV-03"):
        frameworks_load(directory=folder)
    assert not FrameworkVersion.objects.exists()
    assert not FrameworkRequirement.objects.exists()


@pytest.mark.parametrize("role", ["owner", "parent", "reviewer", "monitor"])
def test_only_administrators_change_the_register(users, role):
    with pytest.raises(PermissionDenied):
        framework_register_save(user=users[role], entry=FrameworkVersion(code="X", name_vi="x", version="1"))
    saved = framework_register_save(user=users["admin"], entry=FrameworkVersion(code="X", name_vi="x", version="1"))
    assert saved.history.first().history_user == users["admin"]
