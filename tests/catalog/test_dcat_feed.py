"""The DCAT-AP feed: formats and negotiation, what it says, paging, filters, who sees what,
validators, and the streamed whole catalog with a query count that does not grow."""

import datetime
import math

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from rdflib import Graph, Literal, Namespace, URIRef

from architecture.access import AccessLevel
from architecture.models import BodyKind, BodyLevel
from architecture.services import body_create
from architecture.tokens import token_create
from catalog import dcat_stream
from catalog.dcat_vocab import ACCESS_RIGHTS, COUNTRY_VIETNAM, FREQUENCIES
from catalog.models import Database, DatabaseStandard, Service, Standard, SyncFrequency, SyncMode, Table, Theme
from catalog.rdf import database_schema_iri
from dictionary.rdf import code_value_iri
from tests.conftest import make_database

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
PARSERS = {".ttl": "turtle", ".jsonld": "json-ld", ".rdf": "xml"}
MEDIA_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SITE = settings.SITE_URL
CATALOG = URIRef(f"{SITE}/catalog")
EU = "http://publications.europa.eu/resource/authority/"


def get(client, path, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(path, **headers)


def parsed(response, suffix=".ttl") -> Graph:
    assert response.status_code == 200, response.content[:500]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Graph().parse(data=content, format=PARSERS[suffix])


def identifiers(graph: Graph) -> set[str]:
    return {str(graph.value(d, DCT.identifier)) for d in graph.subjects(RDF.type, DCAT.Dataset)}


def catalog_ids(client, query="", token=None) -> set[str]:
    return identifiers(parsed(get(client, f"/catalog.ttl{query}", token)))


def dataset_uri(identifier: str) -> URIRef:
    return URIRef(f"{SITE}/databases/{identifier}")


def token_of(user) -> str:
    return token_create(user=user, name="máy thu thập")[1]


def problem(response) -> dict:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


@pytest.fixture
def filled(bodies, databases):
    """The public entry with everything the feed can say about a database."""
    theme, _ = Theme.objects.get_or_create(code="GOVE", defaults={"label_vi": "Chính phủ", "label_en": "Government"})
    database = databases["public"]
    database.name_en = "Ba Dinh public data"
    database.keywords = "dân cư\n\nhộ tịch  \n"
    database.landing_page = "https://badinh.hanoi.gov.vn/du-lieu"
    database.contact_name, database.contact_email, database.contact_phone = "Tổ CNTT", "cntt@badinh.vn", "024 3823 4567"
    database.sync_mode, database.sync_frequency = SyncMode.PERIODIC, SyncFrequency.WEEKLY
    database.save()
    database.themes.add(theme)
    standard = Standard.objects.create(code="QCVN 109:2017/BTTTT", title="Cấu trúc thông điệp dữ liệu công dân")
    DatabaseStandard.objects.create(database=database, standard=standard)
    Table.objects.create(database=database, name="cong_dan")
    Service.objects.create(database=database, title="API", endpoint_url="https://api.badinh.vn/v1",
                           endpoint_description_url="https://api.badinh.vn/v1/openapi.json", media_type="text/csv")
    return database


# --- Formats and negotiation ---------------------------------------------------------------------

@pytest.mark.parametrize("suffix", PARSERS)
def test_catalog_and_dataset_parse_in_every_format(client, filled, suffix):
    for path in ("/catalog", "/databases/CSDL-CONG-KHAI"):
        response = client.get(f"{path}{suffix}")
        assert response["Content-Type"] == f"{MEDIA_TYPES[suffix]}; charset=utf-8"
        assert identifiers(parsed(response, suffix)) == {"CSDL-CONG-KHAI"}


@pytest.mark.parametrize("suffix", PARSERS)
def test_the_accept_header_chooses_the_format(client, databases, suffix):
    for path in ("/catalog", "/databases/CSDL-CONG-KHAI"):
        response = client.get(path, HTTP_ACCEPT=f"{MEDIA_TYPES[suffix]}, text/html;q=0.5")
        assert response["Content-Type"].startswith(MEDIA_TYPES[suffix])
        assert identifiers(parsed(response, suffix)) == {"CSDL-CONG-KHAI"}


def test_no_accept_gets_turtle_and_a_browser_gets_html(client, databases):
    assert client.get("/catalog")["Content-Type"].startswith("text/turtle")
    page = client.get("/catalog", HTTP_ACCEPT=BROWSER)
    assert page["Content-Type"].startswith("text/html")
    assert b'href="/databases/CSDL-CONG-KHAI"' in page.content and b'href="/catalog.ttl"' in page.content
    entry = client.get("/databases/CSDL-CONG-KHAI", HTTP_ACCEPT=BROWSER)
    assert entry["Content-Type"].startswith("text/html") and b"CSDL-CONG-KHAI" in entry.content


def test_nothing_servable_is_406_and_every_answer_varies(client, databases):
    for path in ("/catalog", "/databases/CSDL-CONG-KHAI", "/catalog?page_size=all"):
        assert client.get(path, HTTP_ACCEPT="image/png").status_code == 406
    for response in (client.get("/catalog"), client.get("/catalog", HTTP_ACCEPT=BROWSER),
                     client.get("/databases/CSDL-CONG-KHAI.rdf"), client.get("/catalog?page=9")):
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Accept", "Authorization", "Cookie"} <= vary


def test_the_whole_catalog_is_rdf_only(client, databases):
    browser = client.get("/catalog?page_size=all", HTTP_ACCEPT=BROWSER)
    assert browser.streaming and browser["Content-Type"].startswith("text/turtle")
    assert client.get("/catalog?page_size=all", HTTP_ACCEPT="text/html").status_code == 406


# --- What the feed says ----------------------------------------------------------------------------

def test_catalog_has_its_mandatory_and_recommended_properties(client, filled, bodies):
    graph = parsed(client.get("/catalog.ttl"))
    assert (CATALOG, RDF.type, DCAT.Catalog) in graph
    assert {t.language for t in graph.objects(CATALOG, DCT.title)} == {"vi", "en"}
    assert {t.language for t in graph.objects(CATALOG, DCT.description)} == {"vi", "en"}
    publishers = list(graph.objects(CATALOG, DCT.publisher))
    assert publishers == [URIRef(f"{SITE}/bodies/GOV-ML3")]
    assert (publishers[0], RDF.type, FOAF.Agent) in graph
    assert Literal("Văn phòng Chính phủ", lang="vi") in set(graph.objects(publishers[0], FOAF.name))
    assert graph.value(CATALOG, FOAF.homepage) == CATALOG
    assert len(set(graph.objects(CATALOG, DCT.language))) == 2
    taxonomy = graph.value(CATALOG, DCAT.themeTaxonomy)
    assert (taxonomy, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")) in graph
    assert graph.value(CATALOG, DCT.modified).toPython() == Database.objects.get(pk=filled.pk).modified_at
    assert set(graph.objects(CATALOG, DCAT.dataset)) == {dataset_uri("CSDL-CONG-KHAI")}
    assert set(graph.objects(CATALOG, DCAT.record)) == {URIRef(f"{SITE}/databases/CSDL-CONG-KHAI#record")}


@override_settings(CATALOG_PUBLISHER_CODE="GOV-M02")
def test_the_publisher_is_a_setting(client, databases):
    graph = parsed(client.get("/catalog.ttl"))
    assert list(graph.objects(CATALOG, DCT.publisher)) == [URIRef(f"{SITE}/bodies/GOV-M02")]


@override_settings(CATALOG_PUBLISHER_CODE="NO-SUCH-BODY")
def test_without_the_publisher_body_the_registry_agent_publishes(client, databases):
    graph = parsed(client.get("/catalog.ttl"))
    registry = URIRef(f"{SITE}/bodies/registry")
    assert list(graph.objects(CATALOG, DCT.publisher)) == [registry]
    assert (registry, RDF.type, FOAF.Agent) in graph and graph.value(registry, FOAF.name) is not None


def test_dataset_says_everything_registered(client, filled):
    graph = parsed(client.get("/databases/CSDL-CONG-KHAI.ttl"))
    dataset, owner = dataset_uri("CSDL-CONG-KHAI"), URIRef(f"{SITE}/bodies/00004")
    assert graph.value(dataset, DCT.identifier) == Literal("CSDL-CONG-KHAI")
    assert set(graph.objects(dataset, DCT.title)) == {Literal("Cơ sở dữ liệu CSDL-CONG-KHAI", lang="vi"),
                                                      Literal("Ba Dinh public data", lang="en")}
    assert list(graph.objects(dataset, DCT.publisher)) == [owner] == list(graph.objects(dataset, DCT.creator))
    assert (owner, RDF.type, FOAF.Agent) in graph and graph.value(owner, DCT.type) is not None
    contact = graph.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:cntt@badinh.vn")
    assert graph.value(contact, VCARD.hasTelephone) == URIRef("tel:02438234567")
    assert set(graph.objects(dataset, DCAT.keyword)) == {Literal("dân cư", lang="vi"), Literal("hộ tịch", lang="vi")}
    assert graph.value(dataset, DCAT.theme) == URIRef(f"{EU}data-theme/GOVE")
    assert graph.value(dataset, DCT.spatial) == code_value_iri("xa-phuong", "00004")
    assert graph.value(dataset, DCT.issued).datatype == XSD.dateTime
    assert graph.value(dataset, DCT.accrualPeriodicity) == URIRef(FREQUENCIES[SyncFrequency.WEEKLY])
    assert graph.value(dataset, DCT.accessRights) == URIRef(ACCESS_RIGHTS[AccessLevel.PUBLIC])
    assert set(graph.objects(dataset, DCT.conformsTo)) == {
        URIRef(f"{SITE}/standards/QCVN%20109%3A2017%2FBTTTT"), database_schema_iri("CSDL-CONG-KHAI")}
    assert graph.value(dataset, DCAT.version) == Literal(str(filled.version))
    assert graph.value(dataset, DCAT.landingPage) == URIRef("https://badinh.hanoi.gov.vn/du-lieu")
    distribution = graph.value(dataset, DCAT.distribution)
    assert graph.value(distribution, DCAT.accessURL) == URIRef("https://api.badinh.vn/v1")
    assert graph.value(distribution, DCAT.mediaType) == URIRef("http://www.iana.org/assignments/media-types/text/csv")
    assert graph.value(distribution, DCT["format"]) == URIRef(f"{EU}file-type/CSV")
    service = graph.value(distribution, DCAT.accessService)
    assert (service, RDF.type, DCAT.DataService) in graph
    assert graph.value(service, DCAT.endpointURL) == URIRef("https://api.badinh.vn/v1")
    assert graph.value(service, DCAT.endpointDescription) == URIRef("https://api.badinh.vn/v1/openapi.json")
    assert graph.value(service, DCAT.servesDataset) == dataset
    record = URIRef(f"{dataset}#record")
    assert graph.value(record, FOAF.primaryTopic) == dataset and graph.value(record, DCT.modified) is not None


def test_an_empty_description_repeats_the_title_and_nothing_unregistered_is_said(client, databases):
    graph = parsed(client.get("/databases/CSDL-CONG-KHAI.ttl"))
    dataset = dataset_uri("CSDL-CONG-KHAI")
    assert graph.value(dataset, DCT.description) == Literal("Cơ sở dữ liệu CSDL-CONG-KHAI", lang="vi")
    for absent in (DCAT.contactPoint, DCAT.keyword, DCAT.theme, DCAT.landingPage, DCAT.distribution,
                   DCT.accrualPeriodicity, DCT.conformsTo):
        assert graph.value(dataset, absent) is None, absent


def test_the_place_follows_the_owner(client, bodies):
    department = body_create(code="01-SO-TTTT", name_vi="Sở Khoa học và Công nghệ Hà Nội", kind=BodyKind.DEPARTMENT,
                             level=BodyLevel.PROVINCIAL, parent=bodies["province"])
    for owner, identifier in ((bodies["commune"], "CSDL-XA"), (bodies["province"], "CSDL-TINH"),
                              (department, "CSDL-SO"), (bodies["ministry"], "CSDL-BO")):
        make_database(owner, identifier)
    graph = parsed(client.get("/catalog.ttl"))
    assert graph.value(dataset_uri("CSDL-XA"), DCT.spatial) == code_value_iri("xa-phuong", "00004")
    assert graph.value(dataset_uri("CSDL-TINH"), DCT.spatial) == code_value_iri("tinh-thanh", "01")
    assert graph.value(dataset_uri("CSDL-SO"), DCT.spatial) == code_value_iri("tinh-thanh", "01")
    assert graph.value(dataset_uri("CSDL-BO"), DCT.spatial) == URIRef(COUNTRY_VIETNAM)


# --- Paging ----------------------------------------------------------------------------------------

@pytest.fixture
def six_public(bodies, databases):
    for n in range(5):
        make_database(bodies["commune"], f"CSDL-P{n}")
    public = Database.objects.filter(access_level=AccessLevel.PUBLIC).order_by("pk")
    return list(public.values_list("identifier", flat=True))


def test_paging_links_are_absolute_and_keep_the_other_parameters(client, six_public):
    graph = parsed(client.get("/catalog.ttl?kind=local&page_size=2&page=2"))
    page = f"{SITE}/catalog.ttl?kind=local&page_size=2&page="
    view = URIRef(f"{page}2")
    assert graph.value(CATALOG, HYDRA.view) == view
    assert (view, RDF.type, HYDRA.PartialCollectionView) in graph
    assert graph.value(view, HYDRA.first) == URIRef(f"{page}1")
    assert graph.value(view, HYDRA.previous) == URIRef(f"{page}1")
    assert graph.value(view, HYDRA.next) == URIRef(f"{page}3")
    assert graph.value(view, HYDRA.last) == URIRef(f"{page}3")
    assert graph.value(view, HYDRA.totalItems).toPython() == 6 == graph.value(CATALOG, HYDRA.totalItems).toPython()
    assert graph.value(view, HYDRA.itemsPerPage).toPython() == 2
    assert identifiers(graph) == set(six_public[2:4])  # stable order: by primary key


def test_the_first_page_has_no_previous_and_the_last_no_next(client, six_public):
    first = parsed(client.get("/catalog.ttl?page_size=4"))
    view = URIRef(f"{SITE}/catalog.ttl?page_size=4&page=1")
    assert first.value(view, HYDRA.previous) is None and first.value(view, HYDRA.next) is not None
    last = parsed(client.get("/catalog.ttl?page_size=4&page=2"))
    view = URIRef(f"{SITE}/catalog.ttl?page_size=4&page=2")
    assert last.value(view, HYDRA.next) is None and identifiers(last) == set(six_public[4:])


def test_page_size_defaults_to_100_and_allows_1000(client, six_public):
    default = parsed(client.get("/catalog.ttl"))
    assert default.value(URIRef(f"{SITE}/catalog.ttl?page=1"), HYDRA.itemsPerPage).toPython() == 100
    assert len(identifiers(parsed(client.get("/catalog.ttl?page_size=1000")))) == 6


def test_a_page_after_the_last_is_404_and_an_empty_catalog_has_one_empty_page(client, six_public):
    assert client.get("/catalog.ttl?page_size=2&page=4").status_code == 404
    empty = parsed(client.get("/catalog.ttl?kind=national"))
    assert identifiers(empty) == set() and empty.value(CATALOG, HYDRA.totalItems).toPython() == 0
    assert client.get("/catalog.ttl?kind=national&page=2").status_code == 404


@pytest.mark.parametrize("query, parameter", [
    ("page_size=0", "page_size"), ("page_size=1001", "page_size"), ("page_size=abc", "page_size"),
    ("page_size=-5", "page_size"), ("page=0", "page"), ("page=1.5", "page"), ("page=2&page_size=all", "page"),
    ("page=1&page=2", "page"),
])
def test_bad_paging_is_400_naming_the_parameter_and_the_reason(client, databases, query, parameter):
    body = problem(client.get(f"/catalog.ttl?{query}"))
    assert body["parameter"] == parameter and body["reason"] and body["status"] == 400


# --- Filters ---------------------------------------------------------------------------------------

def _modified(identifier: str, moment: str) -> None:
    Database.objects.filter(identifier=identifier).update(modified_at=datetime.datetime.fromisoformat(moment))


def test_modified_since_takes_dates_and_date_times_with_or_without_offset(client, bodies):
    make_database(bodies["commune"], "CSDL-CU")
    make_database(bodies["commune"], "CSDL-MOI")
    _modified("CSDL-CU", "2025-01-01T00:00:00+00:00")
    _modified("CSDL-MOI", "2025-08-01T00:00:00+00:00")
    assert catalog_ids(client, "?modified_since=2025-07-01") == {"CSDL-MOI"}
    assert catalog_ids(client, "?modified_since=2024-12-31") == {"CSDL-CU", "CSDL-MOI"}
    assert catalog_ids(client, "?modified_since=2025-08-01T07:00:00%2B07:00") == {"CSDL-MOI"}
    assert catalog_ids(client, "?modified_since=2025-08-01T07:00:01+07:00") == set()  # '+' sent unencoded
    assert catalog_ids(client, "?modified_since=2025-08-01T00:00:00Z") == {"CSDL-MOI"}
    assert catalog_ids(client, "?modified_since=2025-08-01T06:59:59") == {"CSDL-MOI"}  # Asia/Ho_Chi_Minh


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "2025-02-30", "2025-02-03T25:00", "01/08/2025"])
def test_a_bad_modified_since_is_400(client, databases, value):
    assert problem(client.get("/catalog.ttl", {"modified_since": value}))["parameter"] == "modified_since"


def test_kind_filter(client, bodies, databases):
    make_database(bodies["ministry"], "CSDL-QG", kind="national")
    assert catalog_ids(client, "?kind=national") == {"CSDL-QG"}
    assert catalog_ids(client, "?kind=local") == {"CSDL-CONG-KHAI"}
    assert "national" in problem(client.get("/catalog.ttl?kind=regional"))["reason"]


@pytest.fixture
def spread(bodies):
    for key, identifier in (("province", "CSDL-TINH"), ("commune", "CSDL-XA"), ("other_commune", "CSDL-XA-KHAC"),
                            ("ministry", "CSDL-BO")):
        make_database(bodies[key], identifier)


def test_body_filter_covers_everything_under_the_body(client, spread):
    assert catalog_ids(client, "?body=01") == {"CSDL-TINH", "CSDL-XA", "CSDL-XA-KHAC"}
    assert catalog_ids(client, "?body=00004") == {"CSDL-XA"}
    assert catalog_ids(client, "?body=GOV-M02") == {"CSDL-BO"}
    assert catalog_ids(client, "?body=01&kind=national") == set()
    assert problem(client.get("/catalog.ttl?body=NO-SUCH"))["parameter"] == "body"


def test_province_filter_covers_its_communes(client, spread):
    assert catalog_ids(client, "?province=01") == {"CSDL-TINH", "CSDL-XA", "CSDL-XA-KHAC"}
    assert catalog_ids(client, "?province=01&body=00008") == {"CSDL-XA-KHAC"}
    assert "province" in problem(client.get("/catalog.ttl?province=00004"))["reason"]  # a commune is no province
    assert problem(client.get("/catalog.ttl?province=99"))["parameter"] == "province"


def test_an_empty_filter_value_is_no_filter(client, spread):
    assert len(catalog_ids(client, "?body=&kind=&province=&modified_since=")) == 4


# --- Who sees what ---------------------------------------------------------------------------------

@pytest.mark.parametrize("user, visible", [
    (None, {"CSDL-CONG-KHAI"}),
    ("owner", {"CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT"}),  # the commune's own editor
    ("parent", {"CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT"}),  # the province above it
    ("sibling", {"CSDL-CONG-KHAI", "CSDL-NOI-BO"}),  # another commune
    ("other", {"CSDL-CONG-KHAI", "CSDL-NOI-BO"}),  # another ministry
    ("monitor", {"CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT"}),
])
def test_a_token_sees_what_its_user_may_see(client, users, databases, user, visible):
    token = token_of(users[user]) if user else None
    graph = parsed(get(client, "/catalog.ttl", token))
    assert identifiers(graph) == visible
    assert graph.value(CATALOG, HYDRA.totalItems).toPython() == len(visible)
    streamed = parsed(get(client, "/catalog.ttl?page_size=all", token))
    assert identifiers(streamed) == visible
    for identifier in ("CSDL-CONG-KHAI", "CSDL-NOI-BO", "CSDL-MAT"):
        assert get(client, f"/databases/{identifier}.ttl", token).status_code == (200 if identifier in visible else 404)


def test_a_restricted_entry_leaves_no_trace(client, users, databases):
    _modified("CSDL-CONG-KHAI", "2025-08-01T00:00:00+00:00")
    _modified("CSDL-NOI-BO", "2025-09-01T00:00:00+00:00")
    _modified("CSDL-MAT", "2025-10-01T00:00:00+00:00")
    anonymous = client.get("/catalog.ttl")
    graph = parsed(anonymous)
    assert "CSDL-MAT" not in anonymous.content.decode()
    assert graph.value(CATALOG, DCT.modified).toPython() == datetime.datetime(2025, 8, 1, tzinfo=datetime.UTC)
    assert anonymous["Last-Modified"] == "Fri, 01 Aug 2025 00:00:00 GMT"
    _modified("CSDL-MAT", "2025-11-01T00:00:00+00:00")  # a change only its owners may see
    assert client.get("/catalog.ttl")["ETag"] == anonymous["ETag"]
    owner = parsed(get(client, "/catalog.ttl", token_of(users["owner"])))
    assert owner.value(CATALOG, DCT.modified).toPython() == datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC)


def test_an_invisible_entry_answers_exactly_like_a_missing_one(client, databases):
    hidden, missing = client.get("/databases/CSDL-MAT"), client.get("/databases/NO-SUCH")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_withdrawn_entries_are_not_published(client, users, databases):
    Database.objects.filter(identifier__in=["CSDL-CONG-KHAI", "CSDL-MAT"]).update(
        withdrawn_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC))
    monitor = token_of(users["monitor"])
    graph = parsed(get(client, "/catalog.ttl", monitor))
    assert identifiers(graph) == {"CSDL-NOI-BO"} and graph.value(CATALOG, HYDRA.totalItems).toPython() == 1
    assert identifiers(parsed(get(client, "/catalog.ttl?page_size=all", monitor))) == {"CSDL-NOI-BO"}
    assert get(client, "/databases/CSDL-CONG-KHAI.ttl", monitor).status_code == 410
    assert client.get("/databases/CSDL-MAT.ttl").status_code == 404  # withdrawn and not visible: nothing to tell


# --- Validators ------------------------------------------------------------------------------------

def test_validators_are_sent_and_304_answers_a_match(client, databases, django_assert_max_num_queries):
    first = client.get("/catalog.ttl")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith('W/')
    with django_assert_max_num_queries(1):  # the aggregate, nothing more
        again = client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert client.get("/catalog.ttl", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/catalog.ttl", HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=modified).status_code == 200
    whole = client.get("/catalog.ttl?page_size=all")["ETag"]
    assert client.get("/catalog.ttl?page_size=all", HTTP_IF_NONE_MATCH=whole).status_code == 304


def test_a_changed_entry_changes_the_etag(client, databases):
    before = client.get("/catalog.ttl")["ETag"]
    entry = Database.objects.get(identifier="CSDL-CONG-KHAI")
    entry.name_en = "Renamed"
    entry.save()
    after = client.get("/catalog.ttl")
    assert after["ETag"] != before
    assert client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=before).status_code == 200


def test_the_etag_depends_on_who_asks_the_query_and_the_format(client, users, databases):
    etags = {
        client.get("/catalog.ttl")["ETag"], client.get("/catalog.jsonld")["ETag"],
        client.get("/catalog.ttl?page_size=50")["ETag"], client.get("/catalog.ttl?page_size=all")["ETag"],
        get(client, "/catalog.ttl", token_of(users["monitor"]))["ETag"],
        get(client, "/catalog.ttl", token_of(users["reviewer"]))["ETag"],
    }
    assert len(etags) == 6
    assert get(client, "/catalog.ttl", token_of(users["owner"]))["Cache-Control"] == "no-cache, private"


def test_a_dataset_has_validators_too(client, databases):
    first = client.get("/databases/CSDL-CONG-KHAI.ttl")
    assert client.get("/databases/CSDL-CONG-KHAI.ttl", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    Database.objects.get(identifier="CSDL-CONG-KHAI").save()
    assert client.get("/databases/CSDL-CONG-KHAI.ttl", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


# --- The whole catalog, and the cost in queries ------------------------------------------------------

def _register(owner, count: int, start: int, themes: list[Theme], standard: Standard) -> None:
    """`count` public databases with a theme, a standard and a service each, without history rows."""
    created = Database.objects.bulk_create([
        Database(identifier=f"CSDL-SO-{n:05d}", name_vi=f"Cơ sở dữ liệu số {n}", kind="local", owner=owner,
                 access_level=AccessLevel.PUBLIC, keywords="một\nhai")
        for n in range(start, start + count)
    ])
    Database.themes.through.objects.bulk_create(
        [Database.themes.through(database_id=d.pk, theme_id=themes[d.pk % len(themes)].pk) for d in created])
    DatabaseStandard.objects.bulk_create([DatabaseStandard(database_id=d.pk, standard=standard) for d in created])
    Service.objects.bulk_create([Service(database_id=d.pk, title="API", endpoint_url=f"https://api.vn/{d.pk}",
                                         media_type="application/json") for d in created])


@pytest.fixture
def register(bodies):
    themes = [Theme.objects.get_or_create(code=code, defaults={"label_vi": code, "label_en": code})[0]
              for code in ("ECON", "HEAL", "EDUC")]
    standard = Standard.objects.create(code="TCVN-X", title="Tiêu chuẩn")
    return lambda count, start=0: _register(bodies["commune"], count, start, themes, standard)


def _stream_queries(user, chunk_size=dcat_stream.CHUNK_SIZE) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        text = "".join(dcat_stream.catalog_stream(user=user, chunk_size=chunk_size))
    return len(queries.captured_queries), text


def test_the_streamed_catalog_holds_every_visible_dataset(client, users, register):
    register(60)
    response = get(client, "/catalog?page_size=all", token_of(users["monitor"]))
    assert response.streaming and response["Content-Type"] == "text/turtle; charset=utf-8"
    graph = parsed(response)
    expected = set(Database.objects.values_list("identifier", flat=True))
    assert identifiers(graph) == expected and len(expected) == 60
    assert graph.value(CATALOG, HYDRA.totalItems).toPython() == 60
    assert len(set(graph.objects(CATALOG, DCAT.dataset))) == 60


def test_stream_queries_do_not_grow_with_the_number_of_databases(register):
    from django.contrib.auth.models import AnonymousUser

    register(50)
    fifty, _ = _stream_queries(AnonymousUser())
    register(450, start=50)
    five_hundred, text = _stream_queries(AnonymousUser())
    assert fifty == five_hundred
    assert text.count(" a dcat:Dataset ;") == 500
    # In chunks of 100: two queries for the document, at most six per chunk, one to find the end.
    chunked, text = _stream_queries(AnonymousUser(), chunk_size=100)
    assert chunked <= 2 + 6 * math.ceil(500 / 100) + 1
    assert text.count(" a dcat:Dataset ;") == 500


def test_the_turtle_stream_and_a_page_need_no_http(register):
    from django.contrib.auth.models import AnonymousUser

    register(120)
    def datasets(filters) -> int:
        return "".join(dcat_stream.catalog_turtle_stream(user=AnonymousUser(), filters=filters)).count(" a dcat:Dataset")

    assert datasets(None) == 120 and datasets({"kind": "national"}) == 0
    page = dcat_stream.catalog_page(user=AnonymousUser(), page=2, page_size=100)
    assert page.count(" a dcat:Dataset ;") == 20 and "hydra:previous" in page


def test_a_page_of_100_uses_a_bounded_number_of_queries(client, users, register, django_assert_max_num_queries):
    register(150)
    with django_assert_max_num_queries(9):
        assert len(identifiers(parsed(client.get("/catalog.ttl?page_size=100")))) == 100
    token = token_of(users["sibling"])
    with django_assert_max_num_queries(11):  # plus the token and the user's body
        assert len(identifiers(parsed(get(client, "/catalog.jsonld?page_size=100&page=2", token), ".jsonld"))) == 50


def test_fast_iris_are_the_projects_iris(databases):
    from architecture.rdf_http import body_iri, iri, segment
    from catalog import dcat

    for code in ("CSDL-CONG-KHAI", "a.b_c~d", "mã có dấu", "x/y#z"):
        assert dcat.dataset_iri(code) == str(iri(f"databases/{segment(code)}"))
        assert dcat.agent_iri(code) == str(body_iri(code))
        assert dcat.schema_iri(code) == str(database_schema_iri(code))


@pytest.mark.parametrize("suffix", PARSERS)
def test_awkward_text_survives_every_format(client, databases, suffix):
    awkward = 'Dữ liệu "mở" \\ <b>&amp;</b>\n\tdòng\r\nhai 🇻🇳'
    Database.objects.filter(identifier="CSDL-CONG-KHAI").update(description_vi=awkward, keywords="a\"b\nc\\d")
    graph = parsed(client.get(f"/databases/CSDL-CONG-KHAI{suffix}"), suffix)
    dataset = dataset_uri("CSDL-CONG-KHAI")
    assert graph.value(dataset, DCT.description) == Literal(awkward, lang="vi")
    assert set(graph.objects(dataset, DCAT.keyword)) == {Literal('a"b', lang="vi"), Literal("c\\d", lang="vi")}
