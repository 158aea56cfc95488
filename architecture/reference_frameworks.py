"""Loads the framework register and the Resolution 214/NQ-CP milestone templates from
fixtures/frameworks/ (see its SOURCES.md): the legal documents that issue them, the framework
versions with their requirements, and the milestone templates.

Codes and identifiers are the keys. Like the bodies' loader, a run compares each row with the
stored one and saves only what differs (through full_clean), so a second run writes nothing and
the history holds real changes only. Entries missing from the files are left alone. A legal
document already stored is linked, never rewritten: other loaders and administrators keep it.

Called by catalog.reference_data.reference_data_load (manage.py load_reference_data).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction

from architecture.models import (
    FrameworkRequirement,
    FrameworkVersion,
    LegalDocument,
    MilestoneTemplate,
)
from architecture.reference_data import ReferenceDataError
from architecture.text import validation_text

FRAMEWORKS_DIRECTORY = Path(__file__).resolve().parent / "fixtures" / "frameworks"
LEGAL_FILE = "legal_documents.json"
FRAMEWORK_FILES = ("dgaf-3.0.json", "ndaf-1.0.json", "ndgf-1.0.json")
TEMPLATES_FILE = "milestone_templates.json"

FRAMEWORK_FIELDS = ("name_vi", "name_en", "version", "decision_number", "decision_date", "reference_models",
                    "effective_from", "source", "source_verified", "note")
REQUIREMENT_FIELDS = ("text_vi", "text_en", "reference_model", "applies_to", "check_code", "legal_source",
                      "evidence", "order", "source_verified", "source_note")
TEMPLATE_FIELDS = ("title_vi", "title_en", "description", "target_date", "body_kinds", "body_levels",
                   "legal_source", "source_verified", "source_note", "order")
DATE_FIELDS = {"decision_date", "effective_from", "target_date", "issued_on"}
OUTCOMES = ("created", "updated", "unchanged")


def _read(path: Path):
    if not path.is_file():
        raise ReferenceDataError(f"{path.name}: file not found in {path.parent}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReferenceDataError(f"{path.name}, line {error.lineno}: {error.msg}") from error


def _values(path: Path, row: dict, names: tuple[str, ...], where: str) -> dict:
    values = {}
    for name in names:
        value = row.get(name, "" if name not in {"source_verified", "order"} else None)
        if name in DATE_FIELDS and value:
            try:
                value = date.fromisoformat(value)
            except ValueError as error:
                raise ReferenceDataError(f"{path.name}, {where}: {name}: not a date ({value!r})") from error
        elif name in DATE_FIELDS:
            value = None
        if value is None and name == "source_verified":
            value = False
        if value is None and name == "order":
            value = 0
        values[name] = value
    return values


def _store(model: type[models.Model], lookup: dict, values: dict, counts: Counter, path: Path, where: str):
    """Create or update one entry when it differs, validated as the admin would."""
    entry = model.objects.filter(**lookup).first()
    if entry is not None and all(getattr(entry, name) == value for name, value in values.items()):
        counts["unchanged"] += 1
        return entry
    outcome = "created" if entry is None else "updated"
    entry = entry or model(**lookup)
    for name, value in values.items():
        setattr(entry, name, value)
    try:
        entry.full_clean()
    except ValidationError as error:
        raise ReferenceDataError(f"{path.name}, {where}: {validation_text(error)}") from error
    entry.save()
    counts[outcome] += 1
    return entry


def frameworks_load(*, directory: Path | str | None = None) -> dict[str, dict[str, int]]:
    """Create or update the frameworks, their requirements and the milestone templates. All or
    nothing: bad input raises ReferenceDataError naming the file and the entry. Returns counts
    (created, updated, unchanged) per register."""
    folder = Path(directory) if directory else FRAMEWORKS_DIRECTORY
    # Labels as catalog.reference_data's ("legal_documents" there: these are the frameworks' own).
    counts = {label: Counter() for label in ("framework_legal_documents", "frameworks", "framework_requirements",
                                             "milestone_templates")}
    try:
        with transaction.atomic():
            _load(folder, counts)
    except KeyError as error:
        raise ReferenceDataError(f"missing key {error} in a file of {folder}") from error
    return {label: {key: count[key] for key in OUTCOMES} for label, count in counts.items()}


def _load(folder: Path, counts: dict[str, Counter]) -> None:
    path = folder / LEGAL_FILE
    for row in _read(path):
        number = row["number"]
        if LegalDocument.objects.filter(number=number).exists():
            counts["framework_legal_documents"]["unchanged"] += 1
            continue
        _store(LegalDocument, {"number": number}, _values(path, row, ("title", "issued_on", "url", "note"), number),
               counts["framework_legal_documents"], path, number)
    for name in FRAMEWORK_FILES:
        path = folder / name
        data = _read(path)
        code = data["code"]
        values = _values(path, data, FRAMEWORK_FIELDS, code)
        values["issuing_document"] = LegalDocument.objects.filter(number=values["decision_number"]).first()
        framework = _store(FrameworkVersion, {"code": code}, values, counts["frameworks"], path, code)
        default_note = data.get("default_source_note", "")
        for row in data["requirements"]:
            where = f"{code} {row['identifier']}"
            values = _values(path, {"source_note": default_note, **row}, REQUIREMENT_FIELDS, where)
            _store(FrameworkRequirement, {"framework": framework, "identifier": row["identifier"]}, values,
                   counts["framework_requirements"], path, where)
    path = folder / TEMPLATES_FILE
    for row in _read(path):
        _store(MilestoneTemplate, {"code": row["code"]}, _values(path, row, TEMPLATE_FIELDS, row["code"]),
               counts["milestone_templates"], path, row["code"])
