"""One IRI, two readers: people get HTML, machines get RDF (W3C "Cool URIs for the Semantic Web").

- A suffix (.ttl, .jsonld, .rdf) names the RDF format outright.
- Otherwise the Accept header decides, with q-values (RFC 9110 §12.5.1): the highest q wins, then
  the most specific range (text/html beats */*), then our order: Turtle, JSON-LD, RDF/XML, HTML.
  So browsers get HTML and a client sending only */* (or nothing) gets Turtle. Nothing servable: 406.
- Every answer carries `Vary: Accept`, so caches keep the HTML and the RDF apart.

The writers below are plain and fast: rdflib's own serializers take seconds for a code list of
3,321 values (30,000 triples); these take about a tenth of that, and rdflib parses them back.

Namespaces used across the project are defined here, with `iri()` for the registry's own IRIs.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, register_converter
from django.utils.cache import patch_vary_headers
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, GEO, OWL, RDFS, SDO, SH, SKOS, XSD

ADMS = Namespace("http://www.w3.org/ns/adms#")
ADMS_STATUS = Namespace("http://purl.org/adms/status/")
DCT = DCTERMS
DQV = Namespace("http://www.w3.org/ns/dqv#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SHACL = SH
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = SDO

PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS, "dct": DCT, "adms": ADMS, "dcat": DCAT,
    "sh": SH, "foaf": FOAF, "vcard": VCARD, "dqv": DQV, "hydra": HYDRA, "schema": SCHEMA, "geo": GEO,
}


_IRI_SAFE = "/#%:@!$&'()*+,;=~"


def iri(path_: str) -> URIRef:
    """An IRI of the registry: SITE_URL + path. Characters unsafe in a URI are percent-encoded."""
    return URIRef(f"{settings.SITE_URL}/{quote(path_.lstrip('/'), safe=_IRI_SAFE)}")


def segment(text: str) -> str:
    """One path segment taken from data (a code, a table name): '/', '#' and spaces escaped."""
    return quote(text, safe="")


def body_iri(code: str) -> URIRef:
    """A body of the political system. Its page comes later; the IRI is stable now."""
    return iri(f"bodies/{segment(code)}")


def graph_new() -> Graph:
    """An empty graph with the project's prefixes, in rdflib's SimpleMemory store: no named graphs,
    and cheaper to fill than the default store (a code list adds 30,000 triples)."""
    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


# --- Formats and negotiation --------------------------------------------------------------------

HTML = "text/html"


@dataclass(frozen=True)
class RdfFormat:
    suffix: str
    media_type: str
    label: str
    write: Callable[[Graph], str]


def _accept_parse(header: str) -> Iterator[tuple[str, float]]:
    for part in header.split(","):
        media, *params = part.lower().split(";")
        media = media.strip()
        q = 1.0
        for param in params:
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            yield ("text/html" if media == "application/xhtml+xml" else media), q


def media_type_choose(accept: str | None) -> str | None:
    """The media type to answer with, or None when the client accepts none we serve."""
    ranges = list(_accept_parse(accept or "*/*"))
    offers = [*(f.media_type for f in FORMATS), HTML]
    best = None
    for rank, offer in enumerate(offers):
        matches = [
            (q, specificity) for media, q in ranges
            for specificity, pattern in ((2, offer), (1, offer.split("/")[0] + "/*"), (0, "*/*"))
            if media == pattern
        ]
        if not matches:
            continue
        q, specificity = max(matches, key=lambda match: match[1])  # the most specific range rules
        if q > 0 and (best is None or (q, specificity, -rank) > best[0]):
            best = ((q, specificity, -rank), offer)
    return best[1] if best else None


@contextmanager
def cyclic_gc_paused():
    """A large graph or feed chunk is tens of thousands of small objects without cycles: the
    cyclic collector would walk them over and over while they are made (half the cost of a
    3,321-value list, a third of a feed chunk). Reference counting still frees them; the
    collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def graph_response(graph: Graph, rdf_format: RdfFormat) -> HttpResponse:
    with cyclic_gc_paused():
        body = rdf_format.write(graph).encode()
    return HttpResponse(body, content_type=f"{rdf_format.media_type}; charset=utf-8")


def negotiate(
    request: HttpRequest, *, suffix: str | None, graph: Callable[[], Graph], template: str,
    context: Callable[[], dict],
) -> HttpResponse:
    """Answer one IRI: RDF built by `graph()`, or `template` rendered with `context()` (both lazy)."""
    media_type = FORMATS_BY_SUFFIX[suffix].media_type if suffix else media_type_choose(request.headers.get("Accept"))
    if media_type is None:
        offered = ", ".join([*(f.media_type for f in FORMATS), HTML])
        response = HttpResponse(f"Not acceptable. This resource is offered as: {offered}.\n", status=406,
                                content_type="text/plain; charset=utf-8")
    elif media_type == HTML:
        response = render(request, template, {**context(), "alternates": alternates(request)})
    else:
        with cyclic_gc_paused():
            response = graph_response(graph(), FORMATS_BY_MEDIA_TYPE[media_type])
    patch_vary_headers(response, ["Accept"])
    return response


def alternates(request: HttpRequest) -> list[dict]:
    """The RDF twins of the page being shown, for <link rel="alternate">."""
    base = request.path.rstrip("/")
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    return [{"media_type": f.media_type, "href": f"{base}{f.suffix}{query}", "label": f.label} for f in FORMATS]


class _SuffixConverter:
    regex = r"\.(?:ttl|jsonld|rdf)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_SuffixConverter, "rdf_suffix")


def negotiated_path(route: str, view, name: str) -> list:
    """The route and its suffixed twins (`dictionary/` and `dictionary.ttl`), both to `view`."""
    return [
        path(f"{route.rstrip('/')}<rdf_suffix:suffix>", view, name=f"{name}-rdf"),
        path(route, view, name=name),
    ]


# --- Writers ------------------------------------------------------------------------------------
# Hot loops: rdflib's namespace attributes and term comparisons are slow, so the terms compared
# are plain strings taken once, and term kinds are told apart by type() rather than isinstance().

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)


class _Names:
    """Prefixed names for the IRIs of one graph, remembering which prefixes were used."""

    def __init__(self, graph: Graph):
        self.namespaces = [(prefix, str(ns)) for prefix, ns in graph.namespaces() if prefix != "rdf"]
        self.namespaces.append(("rdf", str(RDF)))
        self.cache: dict = {}

    def qname(self, term: str) -> str | None:
        """prefix:local when `term` sits in a bound namespace with a plain local name."""
        try:
            return self.cache[term]
        except KeyError:
            found = next(
                (f"{prefix}:{term[len(ns):]}" for prefix, ns in self.namespaces
                 if term.startswith(ns) and _LOCAL.fullmatch(term, len(ns))), None,
            )
            self.cache[term] = found
            return found

    def used(self, *always: str) -> list[tuple[str, str]]:
        prefixes = {found.split(":", 1)[0] for found in self.cache.values() if found} | set(always)
        return [(prefix, ns) for prefix, ns in self.namespaces if prefix in prefixes]


def _subjects(graph: Graph) -> list[tuple[URIRef | BNode, dict]]:
    """Each subject with its objects per predicate (keyed by the predicate's IRI as a plain string),
    rdf:type first, in the order they were added."""
    by_subject: dict = {}
    for s, p, o in graph:
        by_subject.setdefault(s, {}).setdefault(str(p), []).append(o)
    for subject, predicates in by_subject.items():
        if _RDF_TYPE in predicates:
            by_subject[subject] = {_RDF_TYPE: predicates.pop(_RDF_TYPE), **predicates}
    return list(by_subject.items())


def _datatype(literal: Literal) -> str | None:
    """The datatype IRI of a literal that needs one written (not a language string, not xsd:string)."""
    if literal.language or literal.datatype is None or literal.datatype == _XSD_STRING:
        return None
    return str(literal.datatype)


def turtle_write(graph: Graph) -> str:
    names = _Names(graph)

    def term(t) -> str:
        kind = type(t)
        if kind is BNode:
            return f"_:{t}"
        if kind is not Literal:
            return names.qname(t) or "<" + t.replace("\\", "%5C").replace(">", "%3E") + ">"
        # JSON's string escapes are all valid Turtle escapes (Turtle 1.1 §6.4).
        text = json.dumps(str(t), ensure_ascii=False) if _NEEDS_ESCAPE.search(t) else f'"{t}"'
        if t.language:
            return f"{text}@{t.language}"
        datatype = _datatype(t)
        return f"{text}^^{term(URIRef(datatype))}" if datatype else text

    blocks = []
    for subject, predicates in _subjects(graph):
        lines = [
            ("a" if p == _RDF_TYPE else term(p)) + " " + ", ".join(term(o) for o in objects)
            for p, objects in predicates.items()
        ]
        blocks.append(term(subject) + " " + " ;\n    ".join(lines) + " .")
    header = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in names.used()]
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


def jsonld_write(graph: Graph) -> str:
    """JSON-LD 1.1: node objects keyed by compact IRIs, with the prefixes they use as @context."""
    names = _Names(graph)

    def ref(t) -> str:
        return f"_:{t}" if type(t) is BNode else str(t)

    def value(t) -> dict:
        if type(t) is not Literal:
            return {"@id": ref(t)}
        if t.language:
            return {"@value": str(t), "@language": t.language}
        datatype = _datatype(t)
        return {"@value": str(t), "@type": names.qname(datatype) or datatype} if datatype else {"@value": str(t)}

    nodes = []
    for subject, predicates in _subjects(graph):
        node: dict = {"@id": ref(subject)}
        for p, objects in predicates.items():
            if p == _RDF_TYPE and all(type(o) is URIRef for o in objects):
                node["@type"] = [names.qname(o) or str(o) for o in objects]
            else:
                node[names.qname(p) or str(p)] = [value(o) for o in objects]
        nodes.append(node)
    # One node a line: readable, and json's fast C encoder (indent= would switch to the slow one).
    body = ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes)
    return f'{{"@context": {json.dumps(dict(names.used()))},\n"@graph": [\n{body}\n]}}\n'


def rdfxml_write(graph: Graph) -> str:
    """RDF/XML: one rdf:Description per subject; every predicate needs a bound prefix."""
    names = _Names(graph)

    def node(attr: str, t) -> str:
        return f"rdf:nodeID={quoteattr('b' + t)}" if type(t) is BNode else f"rdf:{attr}={quoteattr(t)}"

    lines = []
    for subject, predicates in _subjects(graph):
        lines.append(f"  <rdf:Description {node('about', subject)}>")
        for p, objects in predicates.items():
            tag = names.qname(p)
            if tag is None:
                raise ValueError(f"RDF/XML needs a bound prefix for the predicate {p}")
            for o in objects:
                if type(o) is not Literal:
                    lines.append(f"    <{tag} {node('resource', o)}/>")
                    continue
                datatype = _datatype(o)
                attr = f" xml:lang={quoteattr(o.language)}" if o.language else ""
                attr = f" rdf:datatype={quoteattr(datatype)}" if datatype else attr
                lines.append(f"    <{tag}{attr}>{escape(o, {chr(13): '&#13;'})}</{tag}>")
        lines.append("  </rdf:Description>")
    xmlns = " ".join(f"xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in names.used("rdf"))
    return "\n".join(['<?xml version="1.0" encoding="utf-8"?>', f"<rdf:RDF {xmlns}>", *lines, "</rdf:RDF>", ""])


FORMATS = (
    RdfFormat(".ttl", "text/turtle", "Turtle", turtle_write),
    RdfFormat(".jsonld", "application/ld+json", "JSON-LD", jsonld_write),
    RdfFormat(".rdf", "application/rdf+xml", "RDF/XML", rdfxml_write),
)
FORMATS_BY_SUFFIX = {f.suffix: f for f in FORMATS}
FORMATS_BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
