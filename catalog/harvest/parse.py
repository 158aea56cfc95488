"""A fetched page parsed into an index of its triples, and the link to the next page.

Formats: Turtle, JSON-LD and RDF/XML, named by the source or, when the source says "auto", by the
page's Content-Type. Refused with a clear reason: HTML (a portal page or a login form instead of
the feed), an unknown Content-Type, malformed content, RDF/XML with a DTD (entity expansion, the
"billion laughs"), JSON-LD naming a remote @context (the harvester fetches nothing it was not
pointed at).
"""

from __future__ import annotations

import json
from urllib.parse import urljoin
from xml.sax import handler as sax_handler

from rdflib import Graph, Literal, URIRef
from rdflib.parser import create_input_source
from rdflib.plugins.parsers.rdfxml import create_parser
from rdflib.plugins.stores.memory import Memory

from architecture.rdf_http import HYDRA
from catalog.harvest.fetch import Page
from catalog.models import HarvestFormat

ACCEPT = {
    HarvestFormat.TURTLE: "text/turtle, application/x-turtle;q=0.9",
    HarvestFormat.JSONLD: "application/ld+json, application/json;q=0.9",
    HarvestFormat.RDFXML: "application/rdf+xml, application/xml;q=0.9",
    HarvestFormat.AUTO: "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8",
}
CONTENT_TYPES = {
    "text/turtle": HarvestFormat.TURTLE, "application/x-turtle": HarvestFormat.TURTLE,
    "application/ld+json": HarvestFormat.JSONLD, "application/json": HarvestFormat.JSONLD,
    "application/rdf+xml": HarvestFormat.RDFXML, "application/xml": HarvestFormat.RDFXML,
    "text/xml": HarvestFormat.RDFXML,
}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
LABELS = {HarvestFormat.TURTLE: "Turtle", HarvestFormat.JSONLD: "JSON-LD", HarvestFormat.RDFXML: "RDF/XML"}


Index = dict  # subject -> {predicate: [objects]}: the page as the mapping reads it


class ParseError(Exception):
    """A page is not a feed the harvester can read; the message says why, for the run's report."""


class _IndexStore(Memory):
    """Keeps each parsed triple in an Index and nothing else: the harvester looks triples up by
    subject only, and skipping rdflib's own indexes makes parsing a third faster. Context-aware
    because rdflib's JSON-LD parser asks for it; a page is one graph, so contexts are dropped."""

    def __init__(self):
        super().__init__()
        self.index: Index = {}

    def add(self, triple, context, quoted=False):
        s, p, o = triple
        self.index.setdefault(s, {}).setdefault(p, []).append(o)


def page_format(page: Page, configured: str) -> str:
    """The format to read `page` in: the source's setting, else its Content-Type."""
    head = page.body[:512].lstrip().lower()
    if page.content_type in HTML_TYPES or head.startswith((b"<!doctype html", b"<html")):
        raise ParseError(f"the address answers an HTML page, not RDF (Content-Type {page.content_type or 'none'})")
    if configured != HarvestFormat.AUTO:
        return configured
    try:
        return CONTENT_TYPES[page.content_type]
    except KeyError:
        raise ParseError(
            f"unknown Content-Type {page.content_type or '(none)'}: expected Turtle, JSON-LD or RDF/XML; "
            "set the source's format if the server labels its feed wrongly"
        ) from None


def page_parse(page: Page, fmt: str) -> Index:
    """Parse `page` in `fmt` (from page_format); relative IRIs resolve against its URL. Raises ParseError."""
    store = _IndexStore()
    graph = Graph(store=store, bind_namespaces="none")
    try:
        if fmt == HarvestFormat.RDFXML:
            _rdfxml_parse(page, graph)
        elif fmt == HarvestFormat.JSONLD:
            _jsonld_parse(page, graph)
        else:
            graph.parse(data=page.body, format="turtle", publicID=page.url)
    except ParseError:
        raise
    except Exception as error:  # rdflib's parsers raise many kinds; each means a malformed page
        raise ParseError(f"malformed {LABELS[fmt]}: {_first_line(error)}") from None
    return store.index


def next_page_url(index: Index, page_url: str) -> str | None:
    """The next page named by hydra:next (PartialCollectionView) or hydra:nextPage (the older
    PagedCollection, which ckanext-dcat writes as a literal). The current page's own link wins."""
    found = []
    for subject, props in index.items():
        for target in (*props.get(HYDRA.next, ()), *props.get(HYDRA.nextPage, ())):
            if isinstance(target, (URIRef, Literal)) and str(target).strip():
                found.append((str(subject) != page_url, urljoin(page_url, str(target).strip())))
    return min(found)[1] if found else None


class _NoDtd(sax_handler.LexicalHandler):
    """Stops the XML parser at a DTD, before any entity it declares can be expanded."""

    def startDTD(self, name, public_id, system_id):
        raise ParseError("RDF/XML with a DTD (<!DOCTYPE>) is refused: entity declarations could expand without bound")


def _rdfxml_parse(page: Page, graph: Graph) -> None:
    # rdflib's RDFXMLParser with our own settings on its SAX reader: no DTD, no external entities.
    source = create_input_source(data=page.body, publicID=page.url, format="xml")
    reader = create_parser(source, graph)
    reader.setFeature(sax_handler.feature_external_ges, False)
    reader.setFeature(sax_handler.feature_external_pes, False)
    reader.setProperty(sax_handler.property_lexical_handler, _NoDtd())
    reader.parse(source)


def _jsonld_parse(page: Page, graph: Graph) -> None:
    try:
        document = json.loads(page.body)
    except (UnicodeDecodeError, ValueError) as error:
        raise ParseError(f"malformed JSON-LD: {error}") from None
    remote = _remote_context(document)
    if remote:
        raise ParseError(f"JSON-LD names a remote @context ({remote}); the harvester reads inline contexts only")
    graph.parse(data=page.body.decode("utf-8"), format="json-ld", publicID=page.url)


def _remote_context(document) -> str | None:
    """The first @context or @import given by reference (a string) anywhere in the document."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for context in value if isinstance(value, list) else [value]:
                        if isinstance(context, str):
                            return context
                stack.append(value)
    return None


def _first_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return (text[:300] + "…") if len(text) > 300 else text or type(error).__name__
