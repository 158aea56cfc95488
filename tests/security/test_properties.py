"""Property-based tests (hypothesis): whatever the file, the importers and the harvest answer with
a report or their documented error, never another exception, and store nothing when they report
an error."""

import csv
import io
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from catalog.bulk_import import databases_import
from catalog.harvest.fetch import Page
from catalog.harvest.mapping import RecordError, RemoteDataset, Target, datasets_map
from catalog.harvest.parse import ParseError, page_format, page_parse
from catalog.models import Database, Field, Table
from dictionary.codelist_io import code_list_import
from dictionary.models import CodeList, CodeValue, ItemStatus

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])

# Cells that matter: empty, plausible values, formulas, markup, long text, odd Unicode, dates.
CELL = st.one_of(
    st.sampled_from(["", "local", "national", "public", "restricted", "string", "date", "integer", "1", "0", "có",
                     "=1+1", "+cmd|' /C calc'!A0", "@SUM(1)", "-2", "<script>alert(1)</script>", "2025-02-30",
                     "31/12/2025", "../../etc/passwd", "CSDL-A", "cong_dan", "x" * 300, "\u0000", "\ufeff"]),
    st.text(max_size=40),
)
BULK_COLUMNS = ["database_identifier", "database_name_vi", "database_kind", "database_access_level",
                "database_sync_mode", "table_name", "field_name", "field_datatype", "field_length",
                "field_required", "field_element", "unknown_column"]
CODE_COLUMNS = ["code", "label_vi", "label_en", "parent_list", "parent_code", "effective_from", "effective_to",
                "position", "note", "bogus"]


def _csv(columns, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def tables(columns):
    return st.lists(st.sampled_from(columns), min_size=1, max_size=len(columns), unique=True).flatmap(
        lambda header: st.tuples(st.just(header), st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)),
                                                           max_size=6)))


def files(columns, formats=("csv", "xlsx", "json")):
    """A CSV from columns and cells, raw bytes, or JSON of any shape, each with the format it claims."""
    if "json" not in formats:
        return st.one_of(tables(columns).map(lambda t: ("csv", _csv(*t))),
                         st.tuples(st.sampled_from(formats), st.binary(max_size=300)))
    return st.one_of(
        tables(columns).map(lambda t: ("csv", _csv(*t))),
        st.tuples(st.sampled_from(formats), st.binary(max_size=300)),
        st.tuples(st.just("json"), st.recursive(
            st.none() | st.booleans() | st.integers() | CELL,
            lambda children: st.lists(children, max_size=3) | st.dictionaries(
                st.sampled_from(["databases", "identifier", "name_vi", "kind", "tables", "fields", "name",
                                 "datatype"]), children, max_size=4),
            max_leaves=12).map(lambda doc: json.dumps(doc).encode())),
    )


def bulk_counts():
    return Database.objects.count(), Table.objects.count(), Field.objects.count(), Database.history.count()


@pytest.mark.django_db
@PROPERTY
@given(upload=files(BULK_COLUMNS))
def test_the_bulk_import_reports_or_stores_whole(users, bodies, upload):
    fmt, data = upload
    with transaction.atomic():
        before = bulk_counts()
        report = databases_import(user=users["owner"], body=bodies["commune"], data=data, fmt=fmt)
        if not report.ok:
            assert bulk_counts() == before
            assert all(str(error.reason) for error in report.errors)
        else:
            assert bulk_counts()[0] >= before[0]
        transaction.set_rollback(True)


@pytest.fixture
def code_list(bodies):
    return CodeList.objects.create(identifier="gioi-tinh", name_vi="Giới tính", steward=bodies["ministry"],
                                   status=ItemStatus.VALID)


@pytest.mark.django_db
@PROPERTY
@given(upload=files(CODE_COLUMNS, formats=("csv", "xlsx")))
def test_the_code_list_import_reports_or_stores_whole(users, code_list, upload):
    fmt, data = upload
    with transaction.atomic():
        before = CodeValue.objects.count(), CodeValue.history.count()
        report = code_list_import(code_list=code_list, data=data, fmt=fmt, user=users["admin"])
        if not report.ok:
            assert (CodeValue.objects.count(), CodeValue.history.count()) == before
        transaction.set_rollback(True)


# --- The harvest --------------------------------------------------------------------------------

CONTENT_TYPES = st.sampled_from(["text/turtle", "application/ld+json", "application/rdf+xml", "text/html", "",
                                 "application/octet-stream", "application/json", "text/xml"])
FORMATS = st.sampled_from(["auto", "turtle", "jsonld", "rdfxml"])


@PROPERTY
@given(body=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)),
       content_type=CONTENT_TYPES, configured=FORMATS)
def test_any_page_parses_or_is_refused_with_a_reason(body, content_type, configured):
    page = Page(url="https://dulieu.example.gov.vn/catalog", content_type=content_type, body=body)
    try:
        page_parse(page, page_format(page, configured))
    except ParseError as error:
        assert str(error)


EX = Namespace("https://dulieu.example.gov.vn/dataset/")
LITERAL = st.one_of(CELL, st.text(max_size=60))
LANG = st.sampled_from([None, "vi", "en", "fr", "vi-VN"])


@st.composite
def catalogs(draw):
    """A DCAT page with datasets whose every property may be missing, repeated, odd or overlong."""
    graph = Graph()
    for number in range(draw(st.integers(0, 4))):
        subject = draw(st.sampled_from([EX[f"d{number}"], BNode(), URIRef("https://x.example/" + "a" * 1100)]))
        graph.add((subject, RDF.type, ns.DCAT.Dataset))
        for predicate in (ns.DCTERMS.title, ns.DCTERMS.description, ns.DCTERMS.identifier,
                          ns.DCTERMS.accrualPeriodicity, ns.DCTERMS.accessRights, ns.DCAT.keyword, ns.DCAT.theme,
                          ns.DCTERMS.modified, ns.DCTERMS.issued):
            for _ in range(draw(st.integers(0, 2))):
                if draw(st.booleans()):
                    graph.add((subject, predicate, Literal(draw(LITERAL), lang=draw(LANG))))
                else:
                    authority = draw(st.sampled_from(["frequency/DAILY", "x", "", "theme/GOVE"]))
                    graph.add((subject, predicate,
                               URIRef("http://publications.europa.eu/resource/authority/" + authority)))
        if draw(st.booleans()):
            service = BNode()
            graph.add((service, ns.DCAT.servesDataset, subject))
            graph.add((service, ns.DCAT.endpointURL, Literal(draw(LITERAL))))
    return graph.serialize(format=draw(st.sampled_from(["turtle", "json-ld", "xml"])))


@pytest.mark.django_db
@PROPERTY
@given(document=catalogs())
def test_any_catalog_maps_to_datasets_or_record_errors(bodies, document):
    data = document.encode() if isinstance(document, str) else document
    kind = "turtle" if data.lstrip().startswith((b"@prefix", b"<http")) or b"@prefix" in data[:200] else None
    page = Page(url="https://dulieu.example.gov.vn/catalog", content_type="", body=data)
    fmt = kind or ("jsonld" if data.lstrip().startswith((b"[", b"{")) else "rdfxml")
    try:
        index = page_parse(page, fmt)
    except ParseError:
        return  # rdflib's serializer can write what its parser then refuses (odd literals): a reason, fine
    target = Target(owner_id=bodies["province"].pk, kind="local", theme_codes=frozenset({"GOVE"}))
    for result in datasets_map(index, target):
        assert isinstance(result, RemoteDataset | RecordError)
        if isinstance(result, RemoteDataset):
            assert len(result.iri) <= 1000 and len(result.identifier) <= 255
            assert result.fields.get("name_vi") or result.fields.get("name_en")
        else:
            assert result.reason
