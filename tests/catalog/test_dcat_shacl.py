"""The DCAT-AP feed against the official DCAT-AP 3.0.1 SHACL shapes (tests/catalog/shacl/, SEMIC,
CC-BY 4.0): no sh:Violation from shapes.ttl + range.ttl, and exactly the recommended-property
warnings that docs/dcat-ap.md lists with their reasons.

The fixture fills every property the feed emits, so every shape that can apply is exercised."""

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from architecture.models import LegalDocument
from catalog.models import (
    DatabaseStandard, Lifecycle, Protocol, Service, Standard, SyncFrequency, SyncMode, Table, Theme,
)
from tests.conftest import make_database

SHAPES = Path(__file__).parent / "shacl"
DCAT_DATASET = URIRef("http://www.w3.org/ns/dcat#Dataset")
PARSERS = {".ttl": "turtle", ".jsonld": "json-ld", ".rdf": "xml"}
MEDIA_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}
# Recommended properties the feed leaves out, as (class, property): docs/dcat-ap.md says why.
DOCUMENTED_WARNINGS = {
    ("dcat:Catalog", "dct:issued"),
    ("dcat:Catalog", "dct:license"),
    ("dcat:Dataset", "dct:temporal"),
    ("dcat:Distribution", "dct:license"),
    ("dcat:DataService", "dcat:keyword"),
    ("dct:Location", "dcat:bbox"),
    ("dct:Location", "dcat:centroid"),
}


@pytest.fixture
def full_catalog(bodies, databases):
    """Every property the feed can emit, filled: on a commune's database and a ministry's."""
    economy, _ = Theme.objects.get_or_create(code="ECON", defaults={"label_vi": "Kinh tế", "label_en": "Economy"})
    government, _ = Theme.objects.get_or_create(
        code="GOVE", defaults={"label_vi": "Chính phủ", "label_en": "Government and public sector"})
    security = Standard.objects.create(code="TCVN 14423:2025", title="Hệ thống thông tin quan trọng – Yêu cầu an ninh",
                                       url="https://tcvn.gov.vn/14423")
    ethnic = Standard.objects.create(code="QCVN 109:2017/BTTTT", title="Cấu trúc thông điệp dữ liệu công dân")
    law = LegalDocument.objects.create(number="47/2024/NĐ-CP", title="Nghị định về cơ sở dữ liệu quốc gia",
                                       issued_on="2024-05-09", url="https://vbpl.vn/47-2024")
    commune = databases["public"]
    ministry = make_database(
        bodies["ministry"], "CSDL-DAN-CU", name_vi="Cơ sở dữ liệu quốc gia về dân cư",
        name_en="National population database", description_vi="Thông tin công dân Việt Nam.",
        description_en="Citizens of Vietnam.", kind="national", lifecycle=Lifecycle.UNDER_CONSTRUCTION,
    )
    for database, frequency in ((commune, SyncFrequency.DAILY), (ministry, SyncFrequency.CONTINUOUS)):
        database.name_en = database.name_en or "Ba Dinh ward public data"
        database.description_vi = database.description_vi or "Dữ liệu công khai của phường \"Ba Đình\"\nDòng hai."
        database.keywords = "dân cư\nhộ tịch\n"
        database.landing_page = f"https://csdl.gov.vn/{database.identifier}"
        database.contact_name, database.contact_email = "Bộ phận CNTT", "cntt@csdl.gov.vn"
        database.contact_phone = "+84 24 3823 4567"
        database.sync_mode = SyncMode.PERIODIC
        database.sync_frequency = frequency
        database.lifecycle = database.lifecycle if database is ministry else Lifecycle.IN_OPERATION
        database.save()
        database.themes.add(economy, government)
        database.legal_basis.add(law)
        for standard in (security, ethnic):
            DatabaseStandard.objects.create(database=database, standard=standard)
        Table.objects.create(database=database, name="cong_dan")
        Service.objects.create(database=database, title="API chia sẻ", endpoint_url=f"https://api.gov.vn/{database.pk}",
                               endpoint_description_url=f"https://api.gov.vn/{database.pk}/openapi.json",
                               protocol=Protocol.REST, media_type="application/json",
                               access_conditions="Kết nối qua NDXP.")
        Service.objects.create(database=database, title="Điểm truy vấn SPARQL",
                               endpoint_url=f"https://sparql.gov.vn/{database.pk}",
                               endpoint_description_url=f"https://sparql.gov.vn/{database.pk}/sd",
                               protocol=Protocol.SPARQL, media_type="application/soap+xml",
                               access_conditions="Truy vấn công khai.")
    return {"commune": commune, "ministry": ministry}


def feed_graph(client, path: str, suffix: str = ".ttl", query: str = "", *, negotiate: bool = False) -> Graph:
    """The feed parsed, asked for by suffix or (`negotiate`) by Accept, so page IRIs do not differ."""
    if negotiate:
        response = client.get(f"{path}{query}", HTTP_ACCEPT=MEDIA_TYPES[suffix])
    else:
        response = client.get(f"{path}{suffix}{query}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Graph().parse(data=content, format=PARSERS[suffix])


def shacl_results(data: Graph, *files: str) -> set[tuple[str, str, str]]:
    shapes = Graph()
    for name in files:
        shapes.parse(SHAPES / name)
    _, report, _ = validate(data, shacl_graph=shapes, inference="none")
    results = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        classes = sorted(data.namespace_manager.normalizeUri(c) for c in data.objects(focus, RDF.type))
        path = report.value(result, SH.resultPath)
        where = data.namespace_manager.normalizeUri(path) if path is not None else str(report.value(result, SH.sourceShape))
        results.add((report.value(result, SH.resultSeverity).split("#")[1], ",".join(classes), where))
    return results


@pytest.mark.parametrize("path, query", [("/catalog", ""), ("/catalog", "?page_size=all"),
                                         ("/databases/CSDL-CONG-KHAI", "")])
def test_no_violation_of_the_dcat_ap_shapes_and_ranges(client, full_catalog, path, query):
    graph = feed_graph(client, path, ".ttl", query)
    assert (None, RDF.type, DCAT_DATASET) in graph
    violations = {result for result in shacl_results(graph, "shapes.ttl", "range.ttl") if result[0] != "Warning"}
    assert violations == set()


def test_recommended_warnings_are_exactly_the_documented_ones(client, full_catalog):
    graph = feed_graph(client, "/catalog")
    results = shacl_results(graph, "shapes_recommended.ttl")
    assert {severity for severity, _, _ in results} == {"Warning"}
    found = {(next(c for c in classes.split(",") if c in {k for k, _ in DOCUMENTED_WARNINGS}), path)
             for _, classes, path in results}
    assert found == DOCUMENTED_WARNINGS
    documented = (Path(__file__).parents[2] / "docs" / "dcat-ap.md").read_text()
    for cls, prop in DOCUMENTED_WARNINGS:
        assert f"{cls} {prop}" in documented


@pytest.mark.parametrize("suffix", [".jsonld", ".rdf"])
def test_every_format_parses_to_the_same_graph(client, full_catalog, suffix):
    for path in ("/catalog", "/databases/CSDL-DAN-CU"):
        turtle = feed_graph(client, path, negotiate=True)
        other = feed_graph(client, path, suffix, negotiate=True)
        assert len(turtle) > 100
        assert set(other) == set(turtle)


@pytest.mark.parametrize("suffix", [".jsonld", ".rdf"])
def test_the_streamed_catalog_parses_to_the_same_graph_in_every_format(client, full_catalog, suffix):
    turtle = feed_graph(client, "/catalog", ".ttl", "?page_size=all")
    assert set(feed_graph(client, "/catalog", suffix, "?page_size=all")) == set(turtle)
