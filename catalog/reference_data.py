"""Loads the national databases named in law from vn_national_databases.csv: the ten of Decree
47/2024/NĐ-CP (repealed by Decree 194/2025/NĐ-CP from 19 Aug 2025, whose own list is not yet
loaded) and the 2015 priority list of Decision 714/QĐ-TTg, merged into them by name.

Identifiers are the keys. A second run compares in memory and writes nothing. The owners must
already be in the register of bodies (architecture.reference_data.bodies_load).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from architecture.access import AccessLevel
from architecture.models import Body, BodyLevel, LegalDocument
from architecture.reference_data import REFERENCE_DIRECTORY, bodies_load, csv_rows, reference_error
from architecture.reference_frameworks import frameworks_load
from catalog.models import Database, DatabaseKind, Lifecycle
from dictionary.reference_data import dictionary_load

NATIONAL_DATABASES_FILE = "vn_national_databases.csv"
COLUMNS = {"id", "legal_list", "name_vi", "name_en", "managing_agency_at_issue", "managing_agency_post_2025",
           "note", "source"}

LEGAL_DOCUMENTS = {
    "47/2024/NĐ-CP": dict(
        issued_on=date(2024, 5, 9),
        title="Nghị định quy định về danh mục cơ sở dữ liệu quốc gia; việc xây dựng, cập nhật, duy trì, "
              "khai thác và sử dụng cơ sở dữ liệu quốc gia",
        note="Appendix: the list of 10 national databases. Repealed by Decree 194/2025/NĐ-CP from "
             "19 Aug 2025 (Art.40 of that decree).",
    ),
    "194/2025/NĐ-CP": dict(
        issued_on=date(2025, 7, 3),
        title="Nghị định quy định chi tiết một số điều của Luật Giao dịch điện tử về cơ sở dữ liệu quốc gia, "
              "kết nối và chia sẻ dữ liệu, dữ liệu mở phục vụ giao dịch điện tử của cơ quan nhà nước",
        note="In force 19 Aug 2025; Art.40 repeals Decree 47/2024/NĐ-CP. Its own list of national databases "
             "was not retrieved, so no entry cites it yet.",
    ),
    "714/QĐ-TTg": dict(
        issued_on=date(2015, 5, 22),
        title="Quyết định ban hành Danh mục cơ sở dữ liệu quốc gia cần ưu tiên triển khai tạo nền tảng "
              "phát triển Chính phủ điện tử",
        note="Priority list of 6 national databases, superseded. The annex was not seen "
             "(thuvienphapluat.vn, ID 275429): the rows taken from it need checking.",
    ),
}
# The file's legal_list column -> the document that lists the database.
LIST_DOCUMENTS = {"47/2024": "47/2024/NĐ-CP", "714/QĐ-TTg 2015": "714/QĐ-TTg"}
CURRENT_LIST = "47/2024"

# Managing-agency texts that are not a body's plain name -> (body code, needs verification).
OWNER_BY_TEXT = {
    # Law on Data 60/2024/QH15 gives the national synthesis database to the National Data Center,
    # which belongs to the Ministry of Public Security; no text on the 47/2024 list itself was seen.
    "(verify; Law on Data 2024 assigns national synthesis DB to the National Data Centre, MPS)": ("GOV-M02", True),
    # Under the Ministry of Finance since 1 Mar 2025 (Decision 391/QĐ-BTC); see bodies_added.csv.
    "Bảo hiểm xã hội Việt Nam (under Bộ Tài chính since 2025)": ("BHXH", False),
    # The Ministry of Planning and Investment and its GSO merged into the Ministry of Finance
    # (Resolution 176/2025/QH15).
    "Bộ Kế hoạch và Đầu tư (GSO)": ("GOV-M06", False),
}
# What the file says of agencies on the superseded 2015 list: the agency at issue is then used.
SUPERSEDED = "(historical) superseded"


@dataclass
class DatabaseRow:
    fields: dict
    line: int
    documents: list[str] = field(default_factory=list)


def needs_checking(row: dict[str, str]) -> bool:
    return "verify" in row["note"].lower()


def source_text(row: dict[str, str]) -> str:
    return f"{row['source']}. Note: {row['note']}" if row["note"] else row["source"]


def legal_documents_load() -> tuple[dict[str, LegalDocument], Counter]:
    counts = Counter()
    stored = {doc.number: doc for doc in LegalDocument.objects.filter(number__in=LEGAL_DOCUMENTS)}
    for number, fields in LEGAL_DOCUMENTS.items():
        doc = stored.get(number)
        if doc is not None and all(getattr(doc, name) == value for name, value in fields.items()):
            counts["unchanged"] += 1
            continue
        counts["created" if doc is None else "updated"] += 1
        doc = doc or LegalDocument(number=number)
        for name, value in fields.items():
            setattr(doc, name, value)
        doc.full_clean()
        doc.save()
        stored[number] = doc
    return stored, counts


def database_rows_read(path: Path) -> dict[str, DatabaseRow]:
    """The current list's entries, with the 2015 list merged in by name; unmatched 2015 rows stand alone."""
    central = list(Body.objects.filter(level=BodyLevel.CENTRAL))
    by_code = {body.code: body for body in central}
    by_name: dict[str, Body | None] = {}
    for body in central:
        by_name[body.name_vi] = None if body.name_vi in by_name else body  # None: the name is not unique

    def owner(text: str, line: int) -> tuple[Body, bool]:
        code, verify = OWNER_BY_TEXT.get(text, (None, False))
        body = by_code.get(code) if code else by_name.get(text)
        if body is None:
            raise reference_error(path, line, f"no single central body for managing agency {text!r}")
        return body, verify

    entries: dict[str, DatabaseRow] = {}
    by_db_name: dict[str, DatabaseRow] = {}
    later = []
    for line, row in csv_rows(path, COLUMNS):
        if row["legal_list"] not in LIST_DOCUMENTS:
            raise reference_error(path, line, f"unknown legal list {row['legal_list']!r}")
        if row["id"] in entries:
            raise reference_error(path, line, f"identifier {row['id']} used twice")
        if row["legal_list"] != CURRENT_LIST:
            later.append((line, row))
            continue
        body, verify = owner(row["managing_agency_post_2025"], line)
        fields = dict(
            name_vi=row["name_vi"], name_en=row["name_en"], kind=DatabaseKind.NATIONAL, owner_id=body.pk,
            access_level=AccessLevel.PUBLIC, lifecycle=Lifecycle.IN_OPERATION,
            needs_verification=verify or needs_checking(row), source=source_text(row),
        )
        entries[row["id"]] = by_db_name[row["name_vi"]] = DatabaseRow(fields, line, [LIST_DOCUMENTS[row["legal_list"]]])

    for line, row in later:
        document = LIST_DOCUMENTS[row["legal_list"]]
        match = by_db_name.get(row["name_vi"])
        if match is not None:
            # The same database on an older list: one entry citing both texts, not a duplicate.
            match.documents.append(document)
            match.fields["needs_verification"] |= needs_checking(row)
            match.fields["source"] += f"; also {row['id']}: {source_text(row)}"
            continue
        text = row["managing_agency_post_2025"]
        body, _ = owner(row["managing_agency_at_issue"] if text == SUPERSEDED else text, line)
        # Lifecycle is left to whoever knows it: nothing in the file says whether it was built.
        fields = dict(
            name_vi=row["name_vi"], name_en=row["name_en"], kind=DatabaseKind.NATIONAL, owner_id=body.pk,
            access_level=AccessLevel.PUBLIC, needs_verification=True, source=source_text(row),
        )
        entries[row["id"]] = DatabaseRow(fields, line, [document])
    return entries


def national_databases_load(*, directory: Path | str | None = None) -> dict[str, dict[str, int]]:
    """Create or update the legal documents and national database entries of the reference list.
    Returns counts of created, updated and unchanged rows for each. All or nothing."""
    path = Path(directory or REFERENCE_DIRECTORY) / NATIONAL_DATABASES_FILE
    counts = Counter()
    with transaction.atomic():
        documents, document_counts = legal_documents_load()
        rows = database_rows_read(path)
        stored = {
            db.identifier: db for db in Database.objects.filter(identifier__in=rows).prefetch_related("legal_basis")
        }
        for identifier, row in rows.items():
            database = stored.get(identifier)
            wanted = {documents[number] for number in row.documents}
            # Documents are only added: a basis someone attached later (Decree 194/2025) stays.
            missing = wanted - set(database.legal_basis.all()) if database else wanted
            changed = database is None or any(getattr(database, name) != value for name, value in row.fields.items())
            if not changed and not missing:
                counts["unchanged"] += 1
                continue
            counts["created" if database is None else "updated"] += 1
            database = database or Database(identifier=identifier)
            if changed:
                for name, value in row.fields.items():
                    setattr(database, name, value)
                try:
                    database.full_clean()
                except ValidationError as error:
                    raise reference_error(path, row.line, error) from error
                database.save()
            if missing:
                database.legal_basis.add(*missing)
    keys = ("created", "updated", "unchanged")
    return {
        "legal_documents": {key: document_counts[key] for key in keys},
        "databases": {key: counts[key] for key in keys},
    }


def reference_data_load(*, directory: Path | str | None = None) -> dict[str, dict[str, int]]:
    """Bodies, the databases they own, the architecture frameworks with their requirements and the
    Resolution 214 milestone templates, then the Shared Data Dictionary's code lists and starter
    elements, in one transaction: a failure in any leaves all untouched. `directory` replaces the
    folder of the body and database files; frameworks and dictionary always read their own
    fixtures. Returns the counts of bodies (in total and per kind), legal documents, databases,
    frameworks and dictionary content (labels starting with "dictionary.")."""
    with transaction.atomic():
        by_kind = bodies_load(directory=directory)
        catalog = national_databases_load(directory=directory)
        frameworks = frameworks_load()
        dictionary = dictionary_load()
    total = {key: sum(counts[key] for counts in by_kind.values()) for key in ("created", "updated", "unchanged")}
    return {"bodies": total, **{f"bodies.{kind}": counts for kind, counts in sorted(by_kind.items())}, **catalog,
            **frameworks, **{f"dictionary.{label}": counts for label, counts in dictionary.items()}}
