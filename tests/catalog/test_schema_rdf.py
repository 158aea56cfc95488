"""A database's fields as SHACL: shapes per table, paths at dictionary properties, and the same
visibility as the database itself."""

import pytest
from django.conf import settings
from rdflib import RDF, Graph, Literal, URIRef

from architecture import rdf_http as ns  # closed rdflib namespaces (XSD) warn when pytest probes them
from architecture.rdf_http import DCT, SH, SKOS
from catalog import rdf
from catalog.models import Datatype, Field, Table
from dictionary.models import CodeList, DataElement, ValueDomain
from dictionary.rdf import code_list_iri, element_property_iri

PARSERS = {".ttl": "turtle", ".jsonld": "json-ld", ".rdf": "xml"}
BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


@pytest.fixture
def schemas(databases):
    provinces = CodeList.objects.create(identifier="tinh", name_vi="Tỉnh")
    personal_id = DataElement.objects.create(identifier="so-dinh-danh", name_vi="Số định danh cá nhân",
                                             datatype=Datatype.STRING, max_length=12)
    province = DataElement.objects.create(identifier="ma-tinh", name_vi="Mã tỉnh", datatype=Datatype.STRING,
                                          value_domain=ValueDomain.CODE_LIST, code_list=provinces)
    for database in databases.values():
        citizens = Table.objects.create(database=database, name="Công dân", description="Người có quốc tịch Việt Nam")
        Field.objects.create(table=citizens, name="so_dinh_danh", datatype=Datatype.STRING, length=12,
                             format="^[0-9]{12}$", required=True, element=personal_id, position=1)
        Field.objects.create(table=citizens, name="ma_tinh", datatype=Datatype.STRING, length=2, element=province,
                             position=2)
        Field.objects.create(table=citizens, name="ghi chú/khác", datatype=Datatype.TEXT, position=3, is_local=True,
                             local_reason="Chỉ dùng nội bộ")
        households = Table.objects.create(database=database, name="Hộ gia đình")
        Field.objects.create(table=households, name="so_thanh_vien", datatype=Datatype.INTEGER, required=True)
    return databases


def schema_graph(client, identifier, suffix=".ttl") -> Graph:
    response = client.get(f"/databases/{identifier}/schema{suffix}")
    assert response.status_code == 200
    return Graph().parse(data=response.content, format=PARSERS[suffix])


def field_shape(graph: Graph, node_shape, path):
    shapes = [s for s in graph.objects(node_shape, SH.property) if graph.value(s, SH.path) == path]
    assert len(shapes) == 1
    return shapes[0]


@pytest.mark.parametrize("suffix", PARSERS)
def test_public_schema_parses_back_in_every_format(client, schemas, suffix):
    graph = schema_graph(client, "CSDL-CONG-KHAI", suffix)
    assert len(set(graph.subjects(RDF.type, SH.NodeShape))) == 2


def test_one_node_shape_per_table_also_a_standard(client, schemas):
    graph = schema_graph(client, "CSDL-CONG-KHAI")
    schema = rdf.database_schema_iri("CSDL-CONG-KHAI")
    assert schema == URIRef(f"{settings.SITE_URL}/databases/CSDL-CONG-KHAI/schema")
    shape = rdf.table_shape_iri(schema, "Công dân")
    assert (shape, RDF.type, SH.NodeShape) in graph and (shape, RDF.type, DCT.Standard) in graph
    assert graph.value(shape, SH.targetClass) == rdf.table_class_iri(schema, "Công dân")
    assert len(set(graph.objects(shape, SH.property))) == 3


def test_mapped_fields_point_at_the_dictionary_property(client, schemas):
    graph = schema_graph(client, "CSDL-CONG-KHAI")
    shape = rdf.table_shape_iri(rdf.database_schema_iri("CSDL-CONG-KHAI"), "Công dân")
    personal_id = field_shape(graph, shape, element_property_iri("so-dinh-danh"))
    assert graph.value(personal_id, SH.datatype) == ns.XSD.string
    assert graph.value(personal_id, SH.maxLength) == Literal(12)
    assert graph.value(personal_id, SH.minCount) == Literal(1)
    assert graph.value(personal_id, SH.pattern) == Literal("^[0-9]{12}$")
    province = field_shape(graph, shape, element_property_iri("ma-tinh"))
    assert graph.value(province, SH.minCount) is None
    assert graph.value(province, SH["class"]) == SKOS.Concept
    in_scheme = [p for p in graph.objects(province, SH.property) if graph.value(p, SH.path) == SKOS.inScheme]
    assert graph.value(in_scheme[0], SH.hasValue) == code_list_iri("tinh")


def test_local_fields_get_a_property_under_the_database(client, schemas):
    graph = schema_graph(client, "CSDL-CONG-KHAI")
    schema = rdf.database_schema_iri("CSDL-CONG-KHAI")
    local = rdf.field_property_iri(schema, "Công dân", "ghi chú/khác")
    assert local.startswith(f"{settings.SITE_URL}/databases/CSDL-CONG-KHAI/")
    assert (local, RDF.type, RDF.Property) in graph
    note = field_shape(graph, rdf.table_shape_iri(schema, "Công dân"), local)
    assert graph.value(note, SH.datatype) == ns.XSD.string
    members = field_shape(graph, rdf.table_shape_iri(schema, "Hộ gia đình"),
                          rdf.field_property_iri(schema, "Hộ gia đình", "so_thanh_vien"))
    assert graph.value(members, SH.datatype) == ns.XSD.integer and graph.value(members, SH.minCount) == Literal(1)


def test_schema_negotiates_and_links_its_alternates(client, schemas):
    response = client.get("/databases/CSDL-CONG-KHAI/schema", headers={"Accept": "application/ld+json"})
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert "Accept" in response["Vary"]
    html = client.get("/databases/CSDL-CONG-KHAI/schema", headers={"Accept": BROWSER}).content.decode()
    assert '<link rel="alternate" type="text/turtle" href="/databases/CSDL-CONG-KHAI/schema.ttl"' in html
    assert "so_dinh_danh" in html
    assert client.get("/databases/CSDL-CONG-KHAI/schema", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("suffix", ["", ".ttl"])
def test_restricted_schema_is_hidden_like_a_missing_one(client, schemas, users, suffix):
    missing = client.get(f"/databases/CSDL-KHONG-CO/schema{suffix}")
    restricted = client.get(f"/databases/CSDL-MAT/schema{suffix}")
    assert missing.status_code == restricted.status_code == 404
    assert missing.content == restricted.content
    client.force_login(users["other"])  # an editor of another body
    assert client.get(f"/databases/CSDL-MAT/schema{suffix}").status_code == 404


def test_internal_schema_needs_a_sign_in(client, schemas, users):
    assert client.get("/databases/CSDL-NOI-BO/schema.ttl").status_code == 404
    client.force_login(users["other"])
    assert client.get("/databases/CSDL-NOI-BO/schema.ttl").status_code == 200


def test_owner_sees_the_restricted_schema(client, schemas, users):
    client.force_login(users["owner"])
    graph = schema_graph(client, "CSDL-MAT")
    assert len(set(graph.subjects(RDF.type, SH.NodeShape))) == 2


def test_schema_takes_a_bounded_number_of_queries(client, schemas, django_assert_max_num_queries):
    table = Table.objects.get(database__identifier="CSDL-CONG-KHAI", name="Hộ gia đình")
    Field.objects.bulk_create(Field(table=table, name=f"f{i}", datatype=Datatype.STRING, length=10) for i in range(200))
    with django_assert_max_num_queries(3):
        graph = schema_graph(client, "CSDL-CONG-KHAI")
    assert len(set(graph.objects(None, SH.property))) >= 203
