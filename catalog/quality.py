"""Quality scores of a database, computed from the registry by catalog.checks.database_checks_refresh
and stored in DatabaseQuality (one row per database, for the pages, the API, the DCAT feed as DQV
and the dashboard's SQL aggregates).

"Correct, sufficient, clean, live" (Resolution 214/NQ-CP), each 0-100:

- correct: how far the Resolution 214 review went: standardized 100, reviewed 75, submitted 25,
  returned 10, not reviewed 0.
- sufficient: half for descriptive metadata, half for the fields. Metadata: six items each worth
  an equal share of 50 (description, keywords, a theme, a contact e-mail or telephone, a legal
  basis, the operating body). Fields: 50 times the share of registered fields that have a
  description (0 when no field is registered).
- clean: 100 times the share of fields that are mapped to a dictionary element without a mismatch
  (catalog.mapping) or declared local with a reason; 0 when no field is registered.
- live: from the synchronization status (catalog.sync): ok 100, late 50, failing 25, overdue 0;
  not synchronized (not configured) 0.
Each is rounded to a whole number; the reasons say which items counted.

Metadata quality after the data.europa.eu Metadata Quality Assessment (MQA). Source: the MQA
methodology, https://data.europa.eu/mqa/methodology and the data provider manual,
https://dataeuropa.gitlab.io/data-provider-manual/metadata-quality-dashboard/ (five dimensions,
405 points). It is computed on the DCAT view of the database (catalog.dcat_stream's row: exactly
what the feed publishes). Distribution indicators score their points times the share of the
dataset's distributions that meet them, as the MQA does over a catalog. Where we deviate:
- accessURL / downloadURL accessibility: the MQA requests the URLs over HTTP; we do not probe the
  services, so an accessURL present earns its 50 points and downloadURL (never published here)
  earns nothing;
- DCAT-AP compliance: the MQA validates each dataset with SHACL; the feed is validated against the
  official DCAT-AP 3.0.1 shapes by the test suite, so every dataset earns the 30 points;
- non-proprietary and machine-readable formats: our own lists over the EU file-type table
  (NON_PROPRIETARY, MACHINE_READABLE below), approximating the MQA's.
- temporal coverage, licence, rights and byte size are not published by this registry: 0 points.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop as N_

from catalog.dcat import FILE_TYPES
from catalog.models import DatabaseQuality, ReviewState
from catalog.sync import SyncStatusCode

# --- Correct, sufficient, clean, live ------------------------------------------------------------

REVIEW_POINTS = {
    ReviewState.STANDARDIZED: (100, N_("Reviewed and standardized.")),
    ReviewState.REVIEWED: (75, N_("Reviewed, not yet standardized.")),
    ReviewState.SUBMITTED: (25, N_("Submitted for review, not yet reviewed.")),
    ReviewState.RETURNED: (10, N_("Returned by the reviewer for changes.")),
    ReviewState.NOT_REVIEWED: (0, N_("Not reviewed.")),
}
LIVE_POINTS = {
    SyncStatusCode.OK: (100, N_("Synchronized within its expected interval.")),
    SyncStatusCode.LATE: (50, N_("Synchronization is late.")),
    SyncStatusCode.FAILING: (25, N_("The latest synchronization failed.")),
    SyncStatusCode.OVERDUE: (0, N_("Synchronization is overdue.")),
    SyncStatusCode.NOT_CONFIGURED: (0, N_("Not synchronized with the National Data Center.")),
}
METADATA_ITEMS = [
    ("description", lambda row: bool(row["description_vi"]), N_("description")),
    ("keywords", lambda row: bool(row["keywords"].strip()), N_("keywords")),
    ("theme", lambda row: bool(row["themes"]), N_("theme")),
    ("contact", lambda row: bool(row["contact_email"] or row["contact_phone"]), N_("contact point")),
    ("legal_basis", lambda row: bool(row["legal"]), N_("legal basis")),
    ("operator", lambda row: row["operator_id"] is not None, N_("operating body")),
]


def correct_score(row: dict) -> tuple[int, list]:
    points, reason = REVIEW_POINTS.get(row["review_state"], (0, N_("Not reviewed.")))
    return points, [[reason, {}]]


def sufficient_score(row: dict) -> tuple[int, list]:
    present = [name for name, test, _label in METADATA_ITEMS if test(row)]
    missing = [label for name, test, label in METADATA_ITEMS if not test(row)]
    metadata = 50 * len(present) / len(METADATA_ITEMS)
    reasons = [[N_("%(present)s of %(total)s descriptive metadata items are filled in."),
                {"present": len(present), "total": len(METADATA_ITEMS)}]]
    reasons += [[N_("Missing: %(item)s."), {"item": label}] for label in missing]
    if row["fields"]:
        fields = 50 * row["described"] / row["fields"]
        reasons.append([N_("%(described)s of %(total)s fields have a description."),
                        {"described": row["described"], "total": row["fields"]}])
    else:
        fields = 0
        reasons.append([N_("No field is registered."), {}])
    return round(metadata + fields), reasons


def clean_score(row: dict) -> tuple[int, list]:
    if not row["fields"]:
        return 0, [[N_("No field is registered."), {}]]
    clean = row["mapped"] - row["mismatched"] + row["local"]
    reasons = [[N_("%(clean)s of %(total)s fields are mapped without mismatch or declared local."),
                {"clean": clean, "total": row["fields"]}]]
    if row["mismatched"]:
        reasons.append([N_("%(count)s mapped fields do not fit their element."), {"count": row["mismatched"]}])
    return round(100 * clean / row["fields"]), reasons


def live_score(status) -> tuple[int, list]:
    points, reason = LIVE_POINTS[status.status]
    return points, [[reason, {}]]


# --- Metadata quality (MQA) -----------------------------------------------------------------------

# indicator -> (dimension, points), as published in the MQA methodology (405 in all).
MQA_INDICATORS = {
    "keyword": ("findability", 30), "theme": ("findability", 30), "spatial": ("findability", 20),
    "temporal": ("findability", 20),
    "access_url": ("accessibility", 50), "download_url": ("accessibility", 20),
    "download_url_accessible": ("accessibility", 30),
    "format": ("interoperability", 20), "media_type": ("interoperability", 10),
    "format_vocabulary": ("interoperability", 10), "non_proprietary": ("interoperability", 20),
    "machine_readable": ("interoperability", 20), "dcat_ap_compliance": ("interoperability", 30),
    "licence": ("reusability", 20), "licence_vocabulary": ("reusability", 10),
    "access_rights": ("reusability", 10), "access_rights_vocabulary": ("reusability", 5),
    "contact_point": ("reusability", 20), "publisher": ("reusability", 10),
    "rights": ("contextuality", 5), "byte_size": ("contextuality", 5), "issued": ("contextuality", 5),
    "modified": ("contextuality", 5),
}
MQA_DIMENSIONS = ["findability", "accessibility", "interoperability", "reusability", "contextuality"]
MQA_MAX = sum(points for _dimension, points in MQA_INDICATORS.values())
assert MQA_MAX == 405
NON_PROPRIETARY = {"JSON", "XML", "CSV", "HTML", "PDF", "ZIP", "JSON_LD", "RDF_TURTLE", "RDF_XML", "GEOJSON", "GML",
                   "SPARQLQRES"}
MACHINE_READABLE = {"JSON", "XML", "CSV", "JSON_LD", "RDF_TURTLE", "RDF_XML", "GEOJSON", "GML", "SPARQLQRES", "XLSX"}


def mqa_indicators(row: dict) -> dict[str, int]:
    """Points earned per MQA indicator by the DCAT view of one database (see the module's notes)."""
    services = row["services"]
    media = [service["media_type"].lower() for service in services]
    file_types = [FILE_TYPES.get(media_type) for media_type in media]

    def share(count: int) -> float:
        return count / len(services) if services else 0.0

    met = {
        "keyword": 1.0 if row["keywords"].strip() else 0.0,
        "theme": 1.0 if row["themes"] else 0.0,
        "spatial": 1.0,  # dct:spatial is always published (the owner's place, or Vietnam)
        "temporal": 0.0,
        "access_url": share(len(services)),
        "download_url": 0.0, "download_url_accessible": 0.0,
        "format": share(sum(bool(media_type) for media_type in media)),
        "media_type": share(sum(bool(media_type) for media_type in media)),
        "format_vocabulary": share(sum(file_type is not None for file_type in file_types)),
        "non_proprietary": share(sum(file_type in NON_PROPRIETARY for file_type in file_types)),
        "machine_readable": share(sum(file_type in MACHINE_READABLE for file_type in file_types)),
        "dcat_ap_compliance": 1.0,
        "licence": 0.0, "licence_vocabulary": 0.0,
        "access_rights": 1.0, "access_rights_vocabulary": 1.0,  # the EU access-right table, always
        "contact_point": 1.0 if (row["contact_name"] or row["contact_email"] or row["contact_phone"]) else 0.0,
        "publisher": 1.0,
        "rights": 0.0, "byte_size": 0.0, "issued": 1.0, "modified": 1.0,
    }
    return {name: round(points * met[name]) for name, (_dimension, points) in MQA_INDICATORS.items()}


def mqa_dimensions(indicators: dict[str, int]) -> dict[str, int]:
    totals = dict.fromkeys(MQA_DIMENSIONS, 0)
    for name, points in indicators.items():
        totals[MQA_INDICATORS[name][0]] += points
    return totals


# --- One database ---------------------------------------------------------------------------------

# What DatabaseQuality stores (its upsert's update_fields).
STORED = ("correct", "sufficient", "clean", "live", "reasons", "mqa_findability", "mqa_accessibility",
          "mqa_interoperability", "mqa_reusability", "mqa_contextuality", "mqa_total", "mqa_indicators",
          "sync_status", "last_synced_at", "computed_at")


def database_quality(row: dict, status, now: datetime.datetime) -> DatabaseQuality:
    """The quality of one row of catalog.checks.database_facts, with its sync status at `now`."""
    correct, correct_reasons = correct_score(row)
    sufficient, sufficient_reasons = sufficient_score(row)
    clean, clean_reasons = clean_score(row)
    live, live_reasons = live_score(status)
    indicators = mqa_indicators(row)
    dimensions = mqa_dimensions(indicators)
    return DatabaseQuality(
        database_id=row["id"], correct=correct, sufficient=sufficient, clean=clean, live=live,
        reasons={"correct": correct_reasons, "sufficient": sufficient_reasons, "clean": clean_reasons,
                 "live": live_reasons},
        **{f"mqa_{dimension}": points for dimension, points in dimensions.items()},
        mqa_total=sum(dimensions.values()), mqa_indicators=indicators,
        sync_status=status.status, last_synced_at=status.last_synced_at, computed_at=now,
    )
