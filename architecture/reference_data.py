"""Loads the register of bodies from the reference lists in fixtures/reference/ (see its README.md):
the central bodies, the 34 provinces and the 3,321 communes of the two-level local government.

Codes are the keys. A run compares every row with the stored body in memory and saves only the
bodies that differ, through body_save, so a second run writes nothing and the history holds real
changes only. Bodies missing from the files are left alone: ending a body is a decision
(effective_to), not a side effect of a shorter list.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from architecture.models import Body, BodyKind, BodyLevel, UnitType
from architecture.services import body_save
from architecture.text import validation_text

REFERENCE_DIRECTORY = Path(__file__).resolve().parent / "fixtures" / "reference"

# bodies_added.csv comes first only for readability: parents are ordered before children anyway.
CENTRAL_FILES = ("bodies_added.csv", "vn_central_bodies.csv")
PROVINCES_FILE = "vn_provinces_2025.csv"
WARDS_FILE = "vn_wards_2025.csv"
UNIT_TYPES_FILE = "vn_admin_unit_types.csv"

CENTRAL_COLUMNS = {"local_id", "category", "name_vi", "name_en", "name_en_alt", "parent_local_id", "source", "note"}
PROVINCE_COLUMNS = {"code", "name", "full_name", "full_name_en", "unit_type"}
WARD_COLUMNS = PROVINCE_COLUMNS | {"province_code"}
UNIT_TYPE_COLUMNS = {"level", "full_name", "code_name_en"}

CATEGORY_KINDS = {
    "Government": BodyKind.GOVERNMENT,
    "Ministry": BodyKind.MINISTRY,
    "Ministerial-level agency": BodyKind.MINISTERIAL_AGENCY,
    "Government agency": BodyKind.GOVERNMENT_AGENCY,
    "Department": BodyKind.DEPARTMENT,
    "Party central body": BodyKind.PARTY,
    "Party central advisory body": BodyKind.PARTY,
    "Party committee under CC": BodyKind.PARTY,
    "State": BodyKind.PRESIDENT_OFFICE,
    "State (constitutional body)": BodyKind.CONSTITUTIONAL_BODY,
    "National Assembly": BodyKind.NATIONAL_ASSEMBLY,
    "National Assembly agency": BodyKind.NATIONAL_ASSEMBLY,
    "Judiciary": BodyKind.SUPREME_COURT,
    "Procuracy": BodyKind.SUPREME_PROCURACY,
    "Vietnam Fatherland Front": BodyKind.FATHERLAND_FRONT,
    "Socio-political organisation": BodyKind.SOCIO_POLITICAL,
    "Mass association (Party/State-assigned)": BodyKind.MASS_ASSOCIATION,
}
# The State Audit (Constitution 2013 Art.118) shares its category with the National Election
# Council, but the register gives it a kind of its own.
KIND_BY_CODE = {"STA-02": BodyKind.STATE_AUDIT}
# The central list names the Government as the parent of ministries by its name, not by a code.
PARENT_ALIASES = {"Chính phủ": "GOV"}

# code_name_en of vn_admin_unit_types.csv -> the register's unit type.
UNIT_TYPES = {
    "municipality": UnitType.MUNICIPALITY,
    "province": UnitType.PROVINCE,
    "ward": UnitType.WARD,
    "commune": UnitType.COMMUNE,
    "special_administrative_region": UnitType.SPECIAL_ZONE,
}

# Two-level local government and the unit codes of Decision 19/2025/QĐ-TTg apply from 1 July 2025
# (Resolution 202/2025/QH15).
LOCAL_GOVERNMENT_FROM = date(2025, 7, 1)
LOCAL_SOURCE = (
    "{file}: github.com/thanglequoc/vietnamese-provinces-database (MIT) at cd580632, from the NSO/GSO "
    "administrative-unit API; codes of Decision 19/2025/QĐ-TTg; two-level local government of "
    "Resolution 202/2025/QH15 (SOURCES.txt items 1-2)"
)


class ReferenceDataError(Exception):
    """A reference file cannot be loaded. The message names the file, the line and the reason."""


def reference_error(path: Path, line: int, reason: str | ValidationError) -> ReferenceDataError:
    if isinstance(reason, ValidationError):
        reason = validation_text(reason)
    return ReferenceDataError(f"{path.name}, line {line}: {reason}")


def csv_rows(path: Path, columns: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each row, once the header is known to hold every needed column."""
    if not path.is_file():
        raise ReferenceDataError(f"{path.name}: file not found in {path.parent}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = columns - set(reader.fieldnames or ())
        if missing:
            raise reference_error(path, 1, f"missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            if None in row or None in row.values():
                raise reference_error(path, reader.line_num, f"expected {len(reader.fieldnames)} fields")
            yield reader.line_num, {key: value.strip() for key, value in row.items()}


@dataclass
class BodyRow:
    code: str
    parent_code: str
    fields: dict
    path: Path
    line: int


def central_rows_read(directory: Path) -> Iterator[BodyRow]:
    for name in CENTRAL_FILES:
        path = directory / name
        for line, row in csv_rows(path, CENTRAL_COLUMNS):
            if row["category"] not in CATEGORY_KINDS:
                raise reference_error(path, line, f"unknown category {row['category']!r}")
            kind = KIND_BY_CODE.get(row["local_id"], CATEGORY_KINDS[row["category"]])
            # The register has one English name; a second rendering is kept in the note.
            alternative = row["name_en_alt"] and f"English also: {row['name_en_alt']}"
            fields = dict(
                name_vi=row["name_vi"], name_en=row["name_en"], short_name="", kind=kind, level=BodyLevel.CENTRAL,
                unit_type="", source=row["source"], note="; ".join(filter(None, [row["note"], alternative])),
                effective_from=None,
            )
            parent = row["parent_local_id"]
            yield BodyRow(row["local_id"], PARENT_ALIASES.get(parent, parent), fields, path, line)


def unit_types_read(directory: Path) -> dict[str, tuple[str, str]]:
    """Each unit type's Vietnamese name -> (level 1 or 2, the register's unit type)."""
    path = directory / UNIT_TYPES_FILE
    types = {}
    for line, row in csv_rows(path, UNIT_TYPE_COLUMNS):
        if row["code_name_en"] not in UNIT_TYPES:
            raise reference_error(path, line, f"unknown unit type {row['code_name_en']!r}")
        types[row["full_name"]] = (row["level"], UNIT_TYPES[row["code_name_en"]])
    return types


def local_rows_read(directory: Path, name: str, unit_types: dict[str, tuple[str, str]]) -> Iterator[BodyRow]:
    """Provinces (unit level 1) or communes (unit level 2, each under its province)."""
    path = directory / name
    is_ward = name == WARDS_FILE
    unit_level, kind, level = ("2", BodyKind.COMMUNE, BodyLevel.COMMUNAL) if is_ward else \
        ("1", BodyKind.PROVINCE, BodyLevel.PROVINCIAL)
    for line, row in csv_rows(path, WARD_COLUMNS if is_ward else PROVINCE_COLUMNS):
        found_level, unit_type = unit_types.get(row["unit_type"], (None, None))
        if found_level != unit_level:
            raise reference_error(path, line, f"unknown unit type {row['unit_type']!r} for this level")
        fields = dict(
            name_vi=row["full_name"], name_en=row["full_name_en"], short_name=row["name"], kind=kind, level=level,
            unit_type=unit_type, source=LOCAL_SOURCE.format(file=name), note="",
            effective_from=LOCAL_GOVERNMENT_FROM,
        )
        yield BodyRow(row["code"], row["province_code"] if is_ward else "", fields, path, line)


def body_rows_read(directory: Path) -> list[BodyRow]:
    """Every row of every file, read before anything is written."""
    unit_types = unit_types_read(directory)
    return [
        *central_rows_read(directory),
        *local_rows_read(directory, PROVINCES_FILE, unit_types),
        *local_rows_read(directory, WARDS_FILE, unit_types),
    ]


def body_rows_ordered(rows: list[BodyRow], stored_codes) -> list[BodyRow]:
    """Check that codes are unique and parents known (in the files or stored), and put parents first."""
    by_code: dict[str, BodyRow] = {}
    for row in rows:
        if not row.code:
            raise reference_error(row.path, row.line, "empty code")
        if row.code in by_code:
            first = by_code[row.code]
            where = f"{first.path.name}, line {first.line}"
            raise reference_error(row.path, row.line, f"code {row.code} already used ({where})")
        by_code[row.code] = row

    depths: dict[str, int] = {}

    def depth(row: BodyRow, below: tuple[str, ...] = ()) -> int:
        if row.code not in depths:
            if row.code in below:
                raise reference_error(row.path, row.line, f"parent chain loops back to {row.code}")
            if row.parent_code and row.parent_code not in by_code and row.parent_code not in stored_codes:
                raise reference_error(row.path, row.line, f"unknown parent code {row.parent_code!r}")
            parent = by_code.get(row.parent_code)
            depths[row.code] = 0 if parent is None else depth(parent, below + (row.code,)) + 1
        return depths[row.code]

    return sorted(rows, key=depth)


def body_matches(body: Body, row: BodyRow, parent: Body | None) -> bool:
    parent_id = parent.pk if parent is not None else None
    return body.parent_id == parent_id and all(getattr(body, name) == value for name, value in row.fields.items())


def bodies_load(*, directory: Path | str | None = None) -> dict[str, dict[str, int]]:
    """Create or update the bodies of the reference lists. Returns, per body kind, how many bodies
    were created, updated and left unchanged. All or nothing: bad input raises ReferenceDataError."""
    rows = body_rows_read(Path(directory) if directory else REFERENCE_DIRECTORY)
    counts: dict[str, Counter] = defaultdict(Counter)
    with transaction.atomic():
        stored = {body.code: body for body in Body.objects.all()}
        for row in body_rows_ordered(rows, stored):
            body = stored.get(row.code)
            parent = stored[row.parent_code] if row.parent_code else None
            if body is not None and body_matches(body, row, parent):
                counts[row.fields["kind"]]["unchanged"] += 1
                continue
            outcome = "created" if body is None else "updated"
            body = body or Body(code=row.code)
            old_path = body.path
            for name, value in row.fields.items():
                setattr(body, name, value)
            body.parent = parent
            try:
                stored[row.code] = body_save(body=body, check_constraints=False)
            except ValidationError as error:
                raise reference_error(row.path, row.line, error) from error
            if old_path and body.path != old_path:
                body_paths_moved(stored, body, old_path)
            counts[row.fields["kind"]][outcome] += 1
    outcomes = ("created", "updated", "unchanged")
    return {str(kind): {key: count[key] for key in outcomes} for kind, count in counts.items()}


def body_paths_moved(stored: dict[str, Body], moved: Body, old_path: str) -> None:
    """body_save moved the stored subtree; move the copies in memory too, so later children get the right path."""
    for body in stored.values():
        if body is not moved and body.path.startswith(old_path):
            body.path = moved.path + body.path[len(old_path):]
