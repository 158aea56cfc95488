"""The catalog as RDF. For now: each database's fields as SHACL (W3C SHACL Core).

IRIs, under the database's schema document `{SITE_URL}/databases/<id>/schema` (hash IRIs, so
each answers with that document):
  #class/<table>              the class a table's rows belong to (sh:targetClass)
  #shape/<table>              a sh:NodeShape per table, typed also dct:Standard, so a DCAT
                              dataset can name it with dct:conformsTo (DCAT-AP 3 §Dataset)
  #property/<table>/<field>   the property of a field mapped to no dictionary element
Table and field names are percent-encoded, '/' included, so no two names share an IRI.

A field mapped to a Shared Data Dictionary element uses the element's property as its sh:path,
so every database that maps the element says the same thing with the same term. Its values
follow the field's datatype, length and required flag; when the element's value domain is a
code list the values are the list's concepts, exactly as the dictionary's own shape says
(dictionary.rdf.value_constraints_add), and the field's length and pattern constrain the code.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from architecture.rdf_http import DCT, SH, graph_new, iri, segment
from catalog.models import Database, Table
from dictionary.models import ValueDomain
from dictionary.rdf import element_property_iri, value_constraints_add


def database_schema_iri(identifier: str) -> URIRef:
    return iri(f"databases/{segment(identifier)}/schema")


def table_class_iri(schema: URIRef, table: str) -> URIRef:
    return URIRef(f"{schema}#class/{segment(table)}")


def table_shape_iri(schema: URIRef, table: str) -> URIRef:
    return URIRef(f"{schema}#shape/{segment(table)}")


def field_property_iri(schema: URIRef, table: str, field: str) -> URIRef:
    return URIRef(f"{schema}#property/{segment(table)}/{segment(field)}")


def database_schema_graph(database: Database, tables: list[Table]) -> Graph:
    """The shapes of `tables` (with fields, and each field's element and its code list, prefetched)."""
    graph = graph_new()
    schema = database_schema_iri(database.identifier)
    for table in tables:
        shape, target = table_shape_iri(schema, table.name), table_class_iri(schema, table.name)
        graph.add((target, RDF.type, RDFS.Class))
        graph.add((target, RDFS.label, Literal(table.name)))
        graph.add((target, RDFS.isDefinedBy, schema))
        graph.add((shape, RDF.type, SH.NodeShape))
        graph.add((shape, RDF.type, DCT.Standard))
        graph.add((shape, SH.targetClass, target))
        graph.add((shape, SH.name, Literal(table.name)))
        graph.add((shape, DCT.title, Literal(table.name)))
        if table.description:
            graph.add((shape, SH.description, Literal(table.description, lang="vi")))
        for field in table.fields.all():
            graph.add((shape, SH.property, field_shape_add(graph, schema, table, field)))
    return graph


def field_shape_add(graph: Graph, schema: URIRef, table: Table, field) -> BNode:
    """One field as a property shape; returns the shape."""
    element = field.element
    if element is not None:
        path = element_property_iri(element.identifier)
    else:
        path = field_property_iri(schema, table.name, field.name)
        graph.add((path, RDF.type, RDF.Property))
        graph.add((path, RDFS.label, Literal(field.name)))
        graph.add((path, RDFS.isDefinedBy, schema))
    shape = BNode()
    graph.add((shape, RDF.type, SH.PropertyShape))
    graph.add((shape, SH.path, path))
    graph.add((shape, SH.name, Literal(field.name)))
    graph.add((shape, SH.order, Literal(field.position)))
    if field.description:
        graph.add((shape, SH.description, Literal(field.description, lang="vi")))
    if field.required:
        graph.add((shape, SH.minCount, Literal(1)))
    code_list = element.code_list.identifier if element and element.value_domain == ValueDomain.CODE_LIST else None
    value_constraints_add(
        graph, shape, datatype=field.datatype, max_length=field.length, format_or_pattern=field.format,
        code_list=code_list,
    )
    return shape
