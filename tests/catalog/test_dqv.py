"""Quality measurements published as DQV (catalog.dqv) in the DCAT feed and in each dataset's
document: they parse, carry the stored values, link from the dataset, still pass the DCAT-AP
shapes, read no extra query, and never appear for entries the reader may not see."""

import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from catalog import dcat_stream
from catalog.checks import database_checks_refresh
from catalog.models import DatabaseQuality
from tests.catalog.quality_fixtures import NOW, good_database
from tests.catalog.test_dcat_shacl import feed_graph, full_catalog, shacl_results  # noqa: F401

DQV = Namespace("http://www.w3.org/ns/dqv#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SITE = "http://testserver"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def measurements(graph: Graph, identifier: str) -> dict[str, Literal]:
    dataset = URIRef(f"{SITE}/databases/{identifier}")
    found = {}
    for measurement in graph.objects(dataset, DQV.hasQualityMeasurement):
        assert (measurement, RDF.type, DQV.QualityMeasurement) in graph
        assert graph.value(measurement, DQV.computedOn) == dataset
        metric = graph.value(measurement, DQV.isMeasurementOf)
        assert (metric, RDF.type, DQV.Metric) in graph
        assert (graph.value(metric, DQV.inDimension), RDF.type, DQV.Dimension) in graph
        found[str(metric).rsplit("#metric-", 1)[1]] = graph.value(measurement, DQV.value)
    return found


@pytest.fixture
def measured(users, bodies):
    database = good_database(users, bodies)  # restricted: the owner chain sees it
    database_checks_refresh(database_ids=[database.pk], now=NOW)
    return database


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".rdf"])
def test_dataset_document_carries_the_measurements(client, users, measured, suffix):
    client.force_login(users["owner"])
    graph = feed_graph(client, f"/databases/{measured.identifier}", suffix)
    values = measurements(graph, measured.identifier)
    quality = DatabaseQuality.objects.get(database=measured)
    assert values == {
        "correct": Literal(100, datatype=XSD.integer), "sufficient": Literal(100, datatype=XSD.integer),
        "clean": Literal(100, datatype=XSD.integer), "live": Literal(100, datatype=XSD.integer),
        "mqa": Literal(quality.mqa_total, datatype=XSD.integer), "sync-status": Literal("ok"),
        "last-synchronized": Literal(measured.last_synced_at.isoformat(), datatype=XSD.dateTime),
    }
    status = URIRef(f"{SITE}/databases/{measured.identifier}#quality-sync-status")
    assert graph.value(status, PROV.generatedAtTime).toPython() == NOW


def test_the_feed_carries_them_and_hides_them_with_the_entry(client, users, measured):
    client.force_login(users["owner"])
    for query in ("", "?page_size=all"):
        graph = feed_graph(client, "/catalog", ".ttl", query)
        assert measurements(graph, measured.identifier)["live"] == Literal(100, datatype=XSD.integer)
    client.logout()
    for query in ("", "?page_size=all"):
        text = feed_graph(client, "/catalog", ".ttl", query).serialize(format="turtle")
        assert measured.identifier not in text and "QualityMeasurement" not in text


def test_a_database_not_yet_measured_has_no_score_measurement(client, databases):
    graph = feed_graph(client, "/databases/CSDL-CONG-KHAI")
    assert measurements(graph, "CSDL-CONG-KHAI") == {}


def test_measurements_keep_the_dcat_ap_shapes(client, full_catalog):  # noqa: F811
    database_checks_refresh(now=NOW)
    for path, query in (("/catalog", ""), ("/catalog", "?page_size=all"), ("/databases/CSDL-CONG-KHAI", "")):
        graph = feed_graph(client, path, ".ttl", query)
        assert set(measurements(graph, "CSDL-CONG-KHAI")) >= {"correct", "mqa", "sync-status"}
        violations = {result for result in shacl_results(graph, "shapes.ttl", "range.ttl") if result[0] != "Warning"}
        assert violations == set()


def test_every_format_says_the_same(client, full_catalog):  # noqa: F811
    database_checks_refresh(now=NOW)
    turtle = feed_graph(client, "/catalog", negotiate=True)
    for suffix in (".jsonld", ".rdf"):
        assert set(feed_graph(client, "/catalog", suffix, negotiate=True)) == set(turtle)


def test_measurements_cost_no_query(users, bodies, django_assert_max_num_queries):
    for index in range(3):
        good_database(users, bodies, f"CSDL-Q{index}")
    database_checks_refresh(now=NOW)
    with django_assert_max_num_queries(9):
        text = dcat_stream.catalog_page(user=users["admin"], page_size=100)
    assert text.count("dqv:QualityMeasurement") == 3 * 7
