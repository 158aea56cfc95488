"""Loads the Shared Data Dictionary's real content (Decision 2439/QĐ-TTg): the shared code lists
(provinces, communes, unit types, regions, ethnic groups, religions, ISO countries, currencies,
languages, sex), the topics, a starter set of data elements with their four parts, and the legal
documents they cite. Sources are described in fixtures/README.md.

Codes and identifiers are the keys. Everything is read and checked before anything is written,
then stored in one transaction; a run compares with the stored rows in memory and writes only the
differences, so a second run writes nothing and the history holds real changes only. Rows
missing from the files are left alone: ending a value is a decision (effective_to), not a side
effect of a shorter file. Statuses are set on creation only: later ones belong to the workflow.
"""

from __future__ import annotations

import gettext
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from architecture.models import Body, LegalDocument
from architecture.reference_data import (
    LOCAL_GOVERNMENT_FROM,
    PROVINCES_FILE,
    REFERENCE_DIRECTORY,
    UNIT_TYPES_FILE,
    WARDS_FILE,
    ReferenceDataError,
    csv_rows,
    reference_error,
)
from architecture.text import validation_text
from dictionary.models import (
    CodeList,
    CodeValue,
    CodeValueAlias,
    DataElement,
    ItemStatus,
    Topic,
)
from dictionary.services import element_search_text

FIXTURES_DIRECTORY = Path(__file__).resolve().parent / "fixtures"
# The administrative-unit files are shared with the register of bodies, so they are read from there.
SHARED_FILES = {PROVINCES_FILE, WARDS_FILE, UNIT_TYPES_FILE}
ETHNIC_GROUPS_FILE, RELIGIONS_FILE, REGIONS_FILE = "vn_ethnic_groups.csv", "vn_religions.csv", "vn_regions_8.csv"
LEGAL_DOCUMENTS_FILE, CODE_LISTS_FILE = "legal_documents.json", "code_lists.json"
TOPICS_FILE, ELEMENTS_FILE = "topics.json", "elements.json"

OUTCOMES = ("created", "updated", "unchanged")
CHANGE_REASON = "dictionary_load"
VALUE_FIELDS = ("label_vi", "label_en", "parent_id", "effective_from", "position", "note")
ELEMENT_FIELDS = (
    "name_vi", "name_en", "definition", "examples", "synonyms", "datatype", "format", "max_length", "unit",
    "value_domain", "min_value", "max_value", "legal_source", "maintenance_rule", "master_source", "data_layer",
)
ELEMENT_REFERENCES = ("topic", "code_list", "steward")
ETHNIC_1979_SCHEME = "121-TCTK/PPCĐ (1979)"
# Row 55 of the ethnic-groups file ("Người nước ngoài") is a code some systems add; not one of the 54 groups.
NOT_ETHNIC_GROUPS = {"55"}
# The religions file appends "(added per QĐ ...)" to one English name: a note, not part of the name.
ADDED_NOTE = re.compile(r"\s*\((added [^)]*)\)\s*$")
UNTRANSLATED = "Chưa có tên tiếng Việt trong iso-codes (pycountry): dùng tên tiếng Anh."


@dataclass
class ValueRow:
    code: str
    origin: str  # "file, line n": where an error is reported
    label_vi: str
    label_en: str = ""
    position: int = 0
    note: str = ""
    effective_from: date | None = None
    parent_code: str = ""
    aliases: dict[str, str] = field(default_factory=dict)


def fixture_path(directory: Path | None, name: str) -> Path:
    if directory is not None:
        return directory / name
    return (REFERENCE_DIRECTORY if name in SHARED_FILES else FIXTURES_DIRECTORY) / name


def json_entries_read(path: Path, keys: set[str]) -> list[dict]:
    """The entries of a JSON list file, each checked for the keys the loader needs."""
    if not path.is_file():
        raise ReferenceDataError(f"{path.name}: file not found in {path.parent}")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReferenceDataError(f"{path.name}, line {error.lineno}: {error.msg}") from error
    for number, entry in enumerate(entries, start=1):
        missing = keys - set(entry)
        if missing:
            raise ReferenceDataError(f"{path.name}, entry {number}: missing key(s) {', '.join(sorted(missing))}")
    return entries


def entry_error(path_name: str, key: str, reason: str | ValidationError) -> ReferenceDataError:
    if isinstance(reason, ValidationError):
        reason = validation_text(reason)
    return ReferenceDataError(f"{path_name}, entry {key!r}: {reason}")


# --- Readers: one per kind of source, each returning the rows of one code list ---------------------

def admin_units_read(path: Path, code_pattern: str, with_parent: bool) -> list[ValueRow]:
    columns = {"code", "full_name", "full_name_en"} | ({"province_code"} if with_parent else set())
    rows = []
    for line, row in csv_rows(path, columns):
        # A spreadsheet round trip drops leading zeros ("4" for "04"): refuse such a file.
        if not re.fullmatch(code_pattern, row["code"]):
            raise reference_error(path, line, f"code {row['code']!r} does not match {code_pattern}")
        rows.append(ValueRow(
            row["code"], f"{path.name}, line {line}", row["full_name"], row["full_name_en"], position=len(rows) + 1,
            effective_from=LOCAL_GOVERNMENT_FROM, parent_code=row["province_code"] if with_parent else "",
        ))
    return rows


def provinces_read(directory, spec):
    return admin_units_read(fixture_path(directory, PROVINCES_FILE), r"[0-9]{2}", with_parent=False)


def communes_read(directory, spec):
    return admin_units_read(fixture_path(directory, WARDS_FILE), r"[0-9]{5}", with_parent=True)


def unit_types_read(directory, spec):
    path = fixture_path(directory, UNIT_TYPES_FILE)
    levels = {"1": "Đơn vị hành chính cấp tỉnh", "2": "Đơn vị hành chính cấp xã"}
    rows = []
    for line, row in csv_rows(path, {"id", "level", "full_name", "full_name_en", "code_name_en"}):
        if row["level"] not in levels:
            raise reference_error(path, line, f"unknown level {row['level']!r}")
        rows.append(ValueRow(row["code_name_en"], f"{path.name}, line {line}", row["full_name"], row["full_name_en"],
                             position=len(rows) + 1, note=levels[row["level"]]))
    return rows


def regions_read(directory, spec):
    path = fixture_path(directory, REGIONS_FILE)
    # name_en, not code_name_en: the latter carries an upstream typo ("northest").
    return [ValueRow(row["id"], f"{path.name}, line {line}", row["name"], row["name_en"], position=number)
            for number, (line, row) in enumerate(csv_rows(path, {"id", "name", "name_en"}), start=1)]


def religions_read(directory, spec):
    path = fixture_path(directory, RELIGIONS_FILE)
    rows = []
    for line, row in csv_rows(path, {"code_1019_QD_TCTK_2008", "name_vi", "name_en_unofficial"}):
        added = ADDED_NOTE.search(row["name_en_unofficial"])
        rows.append(ValueRow(
            row["code_1019_QD_TCTK_2008"], f"{path.name}, line {line}", row["name_vi"],
            ADDED_NOTE.sub("", row["name_en_unofficial"]), position=len(rows) + 1,
            note=f"Ghi chú của tệp nguồn: {added.group(1)}." if added else "",
        ))
    return rows


def ethnic_groups_read(directory, spec):
    """Value codes follow Decision 1019/QĐ-TCTK (2008), which QCVN 109:2017 uses, where the file knows
    them; otherwise the 1979 code. A 1979 code already held by another group's 2008 code (Ngái's 11
    is Ê-đê's 2008 code) gets the prefix "1979-", so that no code names two groups."""
    path = fixture_path(directory, ETHNIC_GROUPS_FILE)
    columns = {"code_121_TCTK_1979", "name_vi", "other_names", "code_1019_QD_TCTK_2008", "order_cema_portal"}
    read = [(line, row) for line, row in csv_rows(path, columns) if row["code_121_TCTK_1979"] not in NOT_ETHNIC_GROUPS]
    codes_2008 = {row["code_1019_QD_TCTK_2008"] for _, row in read}
    rows = []
    for line, row in read:
        code_1979, code_2008 = row["code_121_TCTK_1979"], row["code_1019_QD_TCTK_2008"]
        if not code_1979 or not row["order_cema_portal"].isdigit():
            raise reference_error(path, line, "missing 1979 code or portal order")
        notes = []
        if code_2008:
            code = code_2008
        else:
            code = f"1979-{code_1979}" if code_1979 in codes_2008 else code_1979
            notes.append("Chưa xác minh được mã theo Quyết định 1019/QĐ-TCTK (2008); " + (
                "mã giá trị là mã theo Quyết định 121-TCTK/PPCĐ (1979)." if code == code_1979 else
                f"mã 1979 ({code_1979}) trùng mã 2008 của một dân tộc khác nên mã giá trị là {code}."))
        if row["other_names"]:
            notes.append(f"Tên gọi khác: {row['other_names']}.")
        rows.append(ValueRow(code, f"{path.name}, line {line}", row["name_vi"], position=int(row["order_cema_portal"]),
                             note="\n".join(notes), aliases={ETHNIC_1979_SCHEME: code_1979}))
    return rows


def iso_rows(records, domain: str, code_attribute: str, alias_attributes: dict[str, str]) -> list[ValueRow]:
    """ISO values from pycountry, named in Vietnamese by its gettext catalogue where it has a translation."""
    vietnamese = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["vi"], fallback=True)
    rows = []
    for record in records:
        label_vi = vietnamese.gettext(record.name)
        note = "" if label_vi != record.name else UNTRANSLATED
        aliases = {scheme: getattr(record, name) for scheme, name in alias_attributes.items()
                   if getattr(record, name, "")}
        code = getattr(record, code_attribute)
        rows.append(ValueRow(code, f"pycountry {domain} {code}", label_vi, record.name, note=note, aliases=aliases))
    return rows


def countries_read(directory, spec):
    return iso_rows(pycountry.countries, "iso3166-1", "alpha_2",
                    {"ISO 3166-1 alpha-3": "alpha_3", "ISO 3166-1 numeric": "numeric"})


def currencies_read(directory, spec):
    return iso_rows(pycountry.currencies, "iso4217", "alpha_3", {"ISO 4217 numeric": "numeric"})


def languages_read(directory, spec):
    two_letter = [language for language in pycountry.languages if hasattr(language, "alpha_2")]
    return iso_rows(two_letter, "iso639-3", "alpha_2", {"ISO 639-3": "alpha_3", "ISO 639-2/B": "bibliographic"})


def inline_read(directory, spec):
    return [ValueRow(value["code"], f"{CODE_LISTS_FILE}, list {spec['identifier']!r}, value {number}",
                     value["label_vi"], value.get("label_en", ""), position=number, note=value.get("note", ""))
            for number, value in enumerate(spec.get("values", []), start=1)]


READERS = {
    "provinces": provinces_read, "communes": communes_read, "unit_types": unit_types_read, "regions": regions_read,
    "ethnic_groups": ethnic_groups_read, "religions": religions_read, "countries": countries_read,
    "currencies": currencies_read, "languages": languages_read, "inline": inline_read,
}


def code_values_check(identifier: str, rows: list[ValueRow], parents: list[ValueRow] | None, parent_list: str) -> None:
    """Codes unique and labelled, and every parent code known in the parent list read before it."""
    seen: dict[str, ValueRow] = {}
    parent_codes = {row.code for row in parents or ()}
    for row in rows:
        if not row.code or not row.label_vi:
            raise ReferenceDataError(f"{row.origin}: empty code or Vietnamese label")
        if row.code in seen:
            raise ReferenceDataError(f"{row.origin}: code {row.code} already used ({seen[row.code].origin})")
        seen[row.code] = row
        if row.parent_code and row.parent_code not in parent_codes:
            raise ReferenceDataError(f"{row.origin}: unknown parent code {row.parent_code!r} (not in {parent_list})")
        if row.parent_code == "" and parent_list:
            raise ReferenceDataError(f"{row.origin}: no parent code, but list {identifier} needs one in {parent_list}")


@dataclass
class Content:
    documents: list[dict]
    lists: list[dict]
    values: dict[str, list[ValueRow]]
    topics: list[dict]
    elements: list[dict]


def content_read(directory: Path | None) -> Content:
    """Read and check every file; nothing is written yet, so a bad file leaves the database unchanged."""
    documents = json_entries_read(fixture_path(directory, LEGAL_DOCUMENTS_FILE), {"number", "title"})
    lists = json_entries_read(fixture_path(directory, CODE_LISTS_FILE), {"identifier", "reader", "name_vi"})
    values: dict[str, list[ValueRow]] = {}
    for spec in lists:
        if spec["reader"] not in READERS:
            raise entry_error(CODE_LISTS_FILE, spec["identifier"], f"unknown reader {spec['reader']!r}")
        rows = READERS[spec["reader"]](directory, spec)
        parent_list = spec.get("parent", "")
        if parent_list and parent_list not in values:
            raise entry_error(CODE_LISTS_FILE, spec["identifier"], f"parent list {parent_list!r} must come before it")
        code_values_check(spec["identifier"], rows, values.get(parent_list), parent_list)
        values[spec["identifier"]] = rows
    topics = json_entries_read(fixture_path(directory, TOPICS_FILE), {"identifier", "name_vi"})
    elements = json_entries_read(
        fixture_path(directory, ELEMENTS_FILE), {"identifier", "legal_basis", *ELEMENT_FIELDS, *ELEMENT_REFERENCES}
    )
    content = Content(documents, lists, values, topics, elements)
    references_check(content)
    return content


def unique_keys(entries: list[dict], key: str, file_name: str) -> set[str]:
    seen = set()
    for entry in entries:
        if entry[key] in seen:
            raise entry_error(file_name, entry[key], f"{key} used twice")
        seen.add(entry[key])
    return seen


def references_check(content: Content) -> None:
    """Every key unique and every document, topic and code list an entry names present in the files."""
    numbers = unique_keys(content.documents, "number", LEGAL_DOCUMENTS_FILE)
    for entry in content.documents:
        try:
            entry["issued_on"] = date.fromisoformat(entry["issued_on"]) if entry.get("issued_on") else None
        except (TypeError, ValueError) as error:
            raise entry_error(LEGAL_DOCUMENTS_FILE, entry["number"], f"issued_on: {error}") from error
    known = {"legal_basis": numbers, "topic": unique_keys(content.topics, "identifier", TOPICS_FILE),
             "code_list": unique_keys(content.lists, "identifier", CODE_LISTS_FILE)}
    unique_keys(content.elements, "identifier", ELEMENTS_FILE)
    for file_name, entries in ((CODE_LISTS_FILE, content.lists), (ELEMENTS_FILE, content.elements)):
        for entry in entries:
            for name, names in known.items():
                cited = entry.get(name) or []
                for key in [cited] if isinstance(cited, str) else cited:
                    if key not in names:
                        raise entry_error(file_name, entry["identifier"], f"unknown {name} {key!r}")


# --- Writers: compare in memory, write only the differences ---------------------------------------

def legal_documents_save(entries: list[dict]) -> tuple[dict[str, LegalDocument], Counter]:
    """Create documents by number, or reuse them: the register is shared with other loaders and editors,
    so a stored document only gets the fields it lacks."""
    counts = Counter()
    stored = LegalDocument.objects.in_bulk([entry["number"] for entry in entries], field_name="number")
    for entry in entries:
        fields = dict(title=entry["title"], issued_on=entry["issued_on"], url=entry.get("url", ""),
                      note=entry.get("note", ""))
        document = stored.get(entry["number"])
        gaps = {name: value for name, value in fields.items()
                if document is None or (value and not getattr(document, name))}
        if not gaps:
            counts["unchanged"] += 1
            continue
        counts["created" if document is None else "updated"] += 1
        document = document or LegalDocument(number=entry["number"])
        for name, value in gaps.items():
            setattr(document, name, value)
        try:
            document.full_clean()
        except ValidationError as error:
            raise entry_error(LEGAL_DOCUMENTS_FILE, entry["number"], error) from error
        document.save()
        stored[entry["number"]] = document
    return stored, counts


def legal_basis_add(item, numbers: list[str], documents: dict[str, LegalDocument]) -> bool:
    """Add the documents an item cites; a basis someone attached later stays. True when one was added."""
    missing = {documents[number] for number in numbers} - set(item.legal_basis.all())
    if missing:
        item.legal_basis.add(*missing)
    return bool(missing)


def fields_set(item, fields: dict) -> bool:
    """Set `fields` on an unsaved or stored row; True when it is new or any of them differs."""
    if item.pk is not None and all(getattr(item, name) == value for name, value in fields.items()):
        return False
    for name, value in fields.items():
        setattr(item, name, value)
    return True


def item_save(item, fields: dict, file_name: str) -> bool:
    """Save a code list or element (one history row) only if a field differs."""
    if not fields_set(item, fields):
        return False
    try:
        item.full_clean()
    except ValidationError as error:
        raise entry_error(file_name, item.identifier, error) from error
    item._change_reason = CHANGE_REASON
    item.save()
    return True


def code_lists_save(specs: list[dict], documents, bodies) -> tuple[dict[str, CodeList], Counter]:
    counts = Counter()
    stored = CodeList.objects.prefetch_related("legal_basis").in_bulk(
        [spec["identifier"] for spec in specs], field_name="identifier")
    package = version("pycountry")
    for spec in specs:
        code_list = stored.get(spec["identifier"]) or CodeList(identifier=spec["identifier"], status=ItemStatus.VALID)
        created = code_list.pk is None
        fields = dict(name_vi=spec["name_vi"], name_en=spec.get("name_en", ""),
                      description=spec.get("description", ""),
                      source=spec.get("source", "").replace("{pycountry}", package),
                      # A steward missing from the register (not loaded yet) is left empty, not an error.
                      steward_id=getattr(bodies.get(spec.get("steward", "")), "pk", None))
        changed = item_save(code_list, fields, CODE_LISTS_FILE)
        changed |= legal_basis_add(code_list, spec.get("legal_basis", []), documents)
        stored[spec["identifier"]] = code_list
        counts["created" if created else "updated" if changed else "unchanged"] += 1
    return stored, counts


def code_values_save(code_list: CodeList, rows: list[ValueRow], parents: dict[str, CodeValue]) -> tuple[dict, Counter]:
    """Bulk writes with history rows, so a renamed value keeps its former label in the history."""
    stored = {value.code: value for value in CodeValue.objects.filter(code_list=code_list)}
    new, changed = [], []
    for row in rows:
        parent = parents.get(row.parent_code)
        wanted = dict(label_vi=row.label_vi, label_en=row.label_en, parent_id=parent.pk if parent else None,
                      effective_from=row.effective_from, position=row.position, note=row.note)
        value = stored.get(row.code) or CodeValue(code_list=code_list, code=row.code)
        if fields_set(value, wanted):
            (changed if value.pk else new).append(value)
    for value in bulk_create_with_history(new, CodeValue, batch_size=500, default_change_reason=CHANGE_REASON):
        stored[value.code] = value
    bulk_update_with_history(changed, CodeValue, list(VALUE_FIELDS), batch_size=500,
                             default_change_reason=CHANGE_REASON)
    created = {value.code for value in new}
    updated = ({value.code for value in changed} | code_aliases_save(code_list, rows, stored)) - created
    return stored, Counter(created=len(created), updated=len(updated),
                           unchanged=len(rows) - len(created) - len(updated))


def code_aliases_save(code_list: CodeList, rows: list[ValueRow], stored: dict[str, CodeValue]) -> set[str]:
    """Create or correct each value's codes in other numberings; returns the codes of the values touched."""
    aliases = {(alias.value_id, alias.scheme): alias
               for alias in CodeValueAlias.objects.filter(value__code_list=code_list)}
    new, changed, touched = [], [], set()
    for row in rows:
        value = stored[row.code]
        for scheme, code in row.aliases.items():
            alias = aliases.get((value.pk, scheme)) or CodeValueAlias(value=value, scheme=scheme)
            if fields_set(alias, {"code": code}):
                (changed if alias.pk else new).append(alias)
                touched.add(row.code)
    CodeValueAlias.objects.bulk_create(new, batch_size=500)
    CodeValueAlias.objects.bulk_update(changed, ["code"], batch_size=500)
    return touched


def topics_save(entries: list[dict]) -> tuple[dict[str, Topic], Counter]:
    counts = Counter()
    stored = Topic.objects.in_bulk([entry["identifier"] for entry in entries], field_name="identifier")
    for entry in entries:
        topic = stored.get(entry["identifier"]) or Topic(identifier=entry["identifier"])
        created = topic.pk is None
        fields = dict(name_vi=entry["name_vi"], name_en=entry.get("name_en", ""),
                      definition=entry.get("definition", ""))
        if fields_set(topic, fields):
            topic.save()
            counts["created" if created else "updated"] += 1
        else:
            counts["unchanged"] += 1
        stored[entry["identifier"]] = topic
    return stored, counts


def element_fields(entry: dict, topics, code_lists, bodies) -> dict:
    fields = {name: entry[name] for name in ELEMENT_FIELDS}
    synonyms = entry["synonyms"].splitlines() if isinstance(entry["synonyms"], str) else entry["synonyms"]
    fields["synonyms"] = "\n".join(synonyms)
    for name in ("min_value", "max_value"):
        fields[name] = None if entry[name] is None else DataElement._meta.get_field(name).to_python(entry[name])
    for name, known in (("topic", topics), ("code_list", code_lists)):
        fields[f"{name}_id"] = known[entry[name]].pk if entry[name] else None
    fields["steward_id"] = getattr(bodies.get(entry["steward"] or ""), "pk", None)
    fields["search_text"] = element_search_text(DataElement(
        identifier=entry["identifier"], name_vi=entry["name_vi"], name_en=entry["name_en"], synonyms=fields["synonyms"]))
    return fields


def elements_save(entries: list[dict], topics, code_lists, documents, bodies) -> Counter:
    counts = Counter()
    stored = DataElement.objects.prefetch_related("legal_basis").in_bulk(
        [entry["identifier"] for entry in entries], field_name="identifier")
    for entry in entries:
        fields = element_fields(entry, topics, code_lists, bodies)
        element = stored.get(entry["identifier"])
        created = element is None
        if created:
            element = DataElement(identifier=entry["identifier"], status=ItemStatus.VALID)
        elif element.steward_id is None and fields["steward_id"]:
            # Once stored, an element belongs to the change-request workflow: a rerun only fills a
            # steward that could not be named before the bodies were loaded.
            fields = {"steward_id": fields["steward_id"]}
        else:
            fields = {}
        changed = item_save(element, fields, ELEMENTS_FILE)
        changed |= legal_basis_add(element, entry["legal_basis"], documents)
        counts["created" if created else "updated" if changed else "unchanged"] += 1
    return counts


def dictionary_load(*, directory: Path | str | None = None) -> dict[str, dict[str, int]]:
    """Create or update the dictionary's reference content. Returns created/updated/unchanged counts for
    legal documents, code lists, each list's values (by list identifier), topics and elements.
    With `directory`, every file is read from it; otherwise the dictionary's own files come from
    dictionary/fixtures and the administrative-unit files from architecture/fixtures/reference.
    All or nothing: a bad file raises ReferenceDataError naming the file, line and reason."""
    content = content_read(Path(directory) if directory else None)
    results: dict[str, Counter] = {}
    with transaction.atomic():
        steward_codes = {spec.get("steward") for spec in content.lists} | {e["steward"] for e in content.elements}
        bodies = Body.objects.in_bulk([code for code in steward_codes if code], field_name="code")
        documents, results["legal_documents"] = legal_documents_save(content.documents)
        code_lists, results["code_lists"] = code_lists_save(content.lists, documents, bodies)
        values_by_list: dict[str, dict[str, CodeValue]] = {}
        for spec in content.lists:
            parents = values_by_list.get(spec.get("parent", ""), {})
            values_by_list[spec["identifier"]], results[spec["identifier"]] = code_values_save(
                code_lists[spec["identifier"]], content.values[spec["identifier"]], parents)
        topics, results["topics"] = topics_save(content.topics)
        results["elements"] = elements_save(content.elements, topics, code_lists, documents, bodies)
    return {label: {outcome: counts[outcome] for outcome in OUTCOMES} for label, counts in results.items()}
