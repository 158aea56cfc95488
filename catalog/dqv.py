"""The registry's quality measurements as W3C DQV (Data Quality Vocabulary), for the DCAT feed and
each dataset's document: nodes in catalog.dcat's form, written by catalog.dcat_stream.

IRIs (stable; the metrics and dimensions are hash IRIs of the catalog document, described once
per document where a dataset first names them):
  /catalog#dimension-resolution-214  "correct, sufficient, clean, live" (Resolution 214/NQ-CP)
  /catalog#dimension-metadata        metadata quality after data.europa.eu's MQA
  /catalog#dimension-synchronization synchronization with the National Data Center
  /catalog#metric-<name>             correct, sufficient, clean, live (0-100, xsd:integer),
                                     mqa (0-405, xsd:integer), sync-status (ok, late, overdue,
                                     failing, not_configured: xsd:string), last-synchronized
                                     (xsd:dateTime, the last successful synchronization)
  /databases/<id>#quality-<name>     the measurement of metric <name> on that dataset

Each measurement: rdf:type dqv:QualityMeasurement, dqv:isMeasurementOf (the metric),
dqv:computedOn (the dataset), dqv:value; the sync status also prov:generatedAtTime, the moment it
was computed (catalog.checks.database_checks_refresh). The dataset links each with
dqv:hasQualityMeasurement. Measurements come from the stored DatabaseQuality read with the row (no
query of their own); a database not yet measured has none, except last-synchronized.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from catalog.dcat import (
    A,
    Node,
    Shared,
    catalog_iri,
    dataset_iri,
    dqv,
    en,
    integer,
    plain,
    prov,
    skos,
    timestamp,
    vi,
    xsd,
)

# Columns of DatabaseQuality the feed reads with each row (as quality__<name>).
QUALITY_FIELDS = ("correct", "sufficient", "clean", "live", "mqa_total", "sync_status", "computed_at")

DIMENSIONS = {
    "resolution-214": ("Correct, sufficient, clean, live (Resolution 214/NQ-CP)",
                       "Đúng, đủ, sạch, sống (Nghị quyết 214/NQ-CP)"),
    "metadata": ("Metadata quality (after the data.europa.eu MQA)",
                 "Chất lượng siêu dữ liệu (theo MQA của data.europa.eu)"),
    "synchronization": ("Synchronization with the National Data Center", "Đồng bộ với Trung tâm dữ liệu quốc gia"),
}
# name -> (dimension, datatype, English label, Vietnamese label, English definition)
METRICS = {
    "correct": ("resolution-214", xsd.integer, "Correct", "Đúng",
                ("0-100: how far the Resolution 214 review went (standardized 100, reviewed 75, submitted 25, "
                 "returned 10, not reviewed 0).")),
    "sufficient": ("resolution-214", xsd.integer, "Sufficient", "Đủ",
                   "0-100: half for six descriptive metadata items, half for the share of fields described."),
    "clean": ("resolution-214", xsd.integer, "Clean", "Sạch",
              "0-100: share of fields mapped to the Shared Data Dictionary without mismatch or declared local."),
    "live": ("resolution-214", xsd.integer, "Live", "Sống",
             "0-100 from the synchronization status: ok 100, late 50, failing 25, overdue or not synchronized 0."),
    "mqa": ("metadata", xsd.integer, "Metadata quality points", "Điểm chất lượng siêu dữ liệu",
            "0-405 points after the data.europa.eu Metadata Quality Assessment, on the published DCAT view."),
    "sync-status": ("synchronization", xsd.string, "Synchronization status", "Trạng thái đồng bộ",
                    ("ok, late, overdue, failing or not_configured, derived from the systems' synchronization "
                     "reports at the time given by prov:generatedAtTime.")),
    "last-synchronized": ("synchronization", xsd.dateTime, "Last successful synchronization",
                          "Lần đồng bộ thành công gần nhất",
                          "When the database last synchronized successfully with the National Data Center."),
}
SCORES = (("correct", "quality__correct"), ("sufficient", "quality__sufficient"), ("clean", "quality__clean"),
          ("live", "quality__live"), ("mqa", "quality__mqa_total"))


def metric_iri(name: str) -> str:
    return f"{catalog_iri()}#metric-{name}"


def dimension_iri(name: str) -> str:
    return f"{catalog_iri()}#dimension-{name}"


def measurement_iri(identifier: str, name: str) -> str:
    return f"{dataset_iri(identifier)}#quality-{name}"


def metric_nodes(shared: Shared, name: str) -> list[Node]:
    """The metric (and its dimension) the first time a document names it."""
    metric = metric_iri(name)
    if not shared.first(metric):
        return []
    dimension, datatype, label_en, label_vi, definition = METRICS[name]
    nodes = [(metric, [(A, dqv.Metric), (skos.prefLabel, en(label_en)), (skos.prefLabel, vi(label_vi)),
                       (skos.definition, en(definition)), (dqv.expectedDataType, datatype),
                       (dqv.inDimension, dimension_iri(dimension))])]
    if shared.first(dimension_iri(dimension)):
        label_en, label_vi = DIMENSIONS[dimension]
        nodes.append((dimension_iri(dimension), [(A, dqv.Dimension), (skos.prefLabel, en(label_en)),
                                                 (skos.prefLabel, vi(label_vi))]))
    return nodes


@lru_cache(maxsize=8)  # keyed by SITE_URL: tests change it
def _metric_iris(site: str) -> dict[str, str]:
    return {name: f"{site}/catalog#metric-{name}" for name in METRICS}


def quality_nodes(shared: Shared, row: dict) -> list[Node]:
    """The measurements of one dataset (a row of catalog.dcat_stream, read with DatabaseQuality).
    On the feed's hot path: IRIs are built once per dataset, metrics looked up once per site."""
    computed_at, last = row.get("quality__computed_at"), row.get("last_synced_at")
    if computed_at is None and last is None:
        return []
    values: list[tuple[str, tuple, list]] = []
    if computed_at is not None:
        values += [(name, integer(row[field]), []) for name, field in SCORES]
        values.append(("sync-status", plain(row["quality__sync_status"]),
                       [(prov.generatedAtTime, timestamp(computed_at))]))
    if last is not None:
        values.append(("last-synchronized", timestamp(last), []))
    dataset = dataset_iri(row["identifier"])
    metrics = _metric_iris(settings.SITE_URL)
    links, nodes = [], []
    for name, value, extra in values:
        measurement = f"{dataset}#quality-{name}"
        links.append((dqv.hasQualityMeasurement, measurement))
        nodes.append((measurement, [(A, dqv.QualityMeasurement), (dqv.isMeasurementOf, metrics[name]),
                                    (dqv.computedOn, dataset), (dqv.value, value), *extra]))
        if metrics[name] not in shared.described:
            nodes += metric_nodes(shared, name)
    return [(dataset, links), *nodes]
