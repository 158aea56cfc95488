"""The Shared Data Dictionary (Decision 2439/QĐ-TTg) as RDF: SKOS for the concepts, SHACL for the
technical definitions, ADMS for status, OWL for release versions.

IRIs, all under SITE_URL:
  /dictionary/                          the dictionary: a skos:ConceptScheme whose concepts are elements
  /dictionary/elements/<id>             an element: a skos:Concept; #property and #shape, see below
  /dictionary/code-lists/<id>           a code list: a skos:ConceptScheme of its values
  /dictionary/code-lists/<id>/<code>    a value: a skos:Concept
  /dictionary/releases/<version>        a release: owl:versionIRI of the dictionary as it stood then
  /bodies/<code>                        a steward body (dct:publisher)

Choices, each faithful to the standard it cites:
- Status (ADMS, http://purl.org/adms/status/): valid → Completed; draft and suggested →
  UnderDevelopment; superseded and retired → Deprecated, and a successor is dct:isReplacedBy.
- An element's technical definition is a sh:PropertyShape `<element>#shape` whose sh:path is a
  property `<element>#property` (an rdf:Property, rdfs:isDefinedBy the element). Not the element
  IRI itself: that names a skos:Concept, and using a concept as a predicate would make one IRI
  both (SKOS Reference §3.5.1 keeps concepts as individuals). The hash IRIs answer with the
  element's own document.
- A code-list value domain: the values are the list's concepts, so the shape says sh:nodeKind
  sh:IRI, sh:class skos:Concept, and a nested property shape skos:inScheme sh:hasValue <list>
  (SHACL Core §4.8.2 lets a property shape carry sh:property for its values). No sh:in: it
  would copy 3,321 communes into every element. The code's own length and pattern constrain
  the concept's plain skos:notation (sh:qualifiedValueShape, at least one notation qualifies).
- The element's format is a sh:pattern only when written as an anchored regular expression
  (^…$); other formats (dd/mm/yyyy) are shown to people and not emitted as a pattern.
- Alias codes (another official numbering, e.g. the 1979 ethnic list) are further skos:notation
  typed with a datatype per numbering, `<list>#notation-<numbering>` (an rdfs:Datatype labelled
  with the numbering's name): SKOS Reference §6.5.1 types notations to tell notation systems
  apart. Not skos:altLabel, which holds lexical labels, not codes.
- Effective dates: schema:validFrom / schema:validThrough (xsd:date). dct:valid would need a
  DCMI Period string that harvesters do not parse.
- A value whose parent is in another list (a commune under a province) is a top concept of its
  own list and skos:broader its parent all the same (SKOS allows broader across schemes). Each
  document states skos:narrower only for its own concepts: the province list names its
  communes, the commune list names their provinces.
- Released snapshots are read the same way as live rows: live rows are first read into the
  snapshot shape below, so a release and the live dictionary go through the same code.

Snapshot shape (ReleaseItem.content, as dictionary.releases.release_publish writes it and these
builders read it; dates are ISO strings, decimals strings, references identifiers or codes):
  element:   {identifier, name_vi, name_en, topic, definition, examples, synonyms (one a line),
              datatype, format, max_length, unit, value_domain, min_value, max_value, code_list,
              steward (body code), legal_basis: [document number], legal_source,
              maintenance_rule, master_source, data_layer, status, successor}
  code list: {identifier, name_vi, name_en, description, steward, legal_basis, source, status,
              successor, values: [{code, label_vi, label_en, parent_list, parent_code,
              effective_from, effective_to, aliases: {numbering: code}, note}]}
`element_content` and `code_list_content` read live rows into the same shape, and add what a
snapshot leaves out on purpose (its digest must not change with every save): modified_at, and
each legal document as {number, title, issued_on, url} rather than its number alone.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.paginator import Page
from django.db.models import F
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from architecture.rdf_http import (
    ADMS, ADMS_STATUS, DCT, HYDRA, OWL, SCHEMA, SH, SKOS, XSD, body_iri, graph_new, iri, segment,
)
from dictionary.models import (
    CodeList, CodeValue, CodeValueAlias, DataElement, Datatype, ItemStatus, Release, ReleaseItemKind, ValueDomain,
)

ADMS_STATUS_OF = {
    ItemStatus.DRAFT: ADMS_STATUS.UnderDevelopment,
    ItemStatus.SUGGESTED: ADMS_STATUS.UnderDevelopment,
    ItemStatus.VALID: ADMS_STATUS.Completed,
    ItemStatus.SUPERSEDED: ADMS_STATUS.Deprecated,
    ItemStatus.RETIRED: ADMS_STATUS.Deprecated,
}
XSD_DATATYPE_OF = {
    Datatype.STRING: XSD.string, Datatype.TEXT: XSD.string, Datatype.INTEGER: XSD.integer,
    Datatype.DECIMAL: XSD.decimal, Datatype.BOOLEAN: XSD.boolean, Datatype.DATE: XSD.date,
    Datatype.DATETIME: XSD.dateTime, Datatype.TIME: XSD.time, Datatype.BINARY: XSD.base64Binary,
    Datatype.GEOMETRY: URIRef("http://www.opengis.net/ont/geosparql#wktLiteral"),  # GeoSPARQL 1.1 §8.5
    Datatype.JSON: URIRef(f"{RDF}JSON"),  # RDF 1.1 JSON-LD §10.2
}


def dictionary_iri() -> URIRef:
    return iri("dictionary/")


def element_iri(identifier: str) -> URIRef:
    return iri(f"dictionary/elements/{segment(identifier)}")


def element_property_iri(identifier: str) -> URIRef:
    return URIRef(f"{element_iri(identifier)}#property")


def code_list_iri(identifier: str) -> URIRef:
    return iri(f"dictionary/code-lists/{segment(identifier)}")


def code_value_iri(list_identifier: str, code: str) -> URIRef:
    return iri(f"dictionary/code-lists/{segment(list_identifier)}/{segment(code)}")


def releases_iri() -> URIRef:
    return iri("dictionary/releases/")


def release_iri(version: str) -> URIRef:
    return iri(f"dictionary/releases/{segment(version)}")


# --- Live rows read into the snapshot shape ------------------------------------------------------

def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value) if isinstance(value, Decimal) else value


def _legal_basis(item) -> list[dict]:
    return [{"number": d.number, "title": d.title, "issued_on": _json(d.issued_on), "url": d.url}
            for d in item.legal_basis.all()]


def element_content(element: DataElement) -> dict:
    """An element in the snapshot shape. Select topic, code_list, steward and successor, and
    prefetch legal_basis, so this costs no further query."""
    fields = ["identifier", "name_vi", "name_en", "definition", "examples", "synonyms", "datatype", "format",
              "max_length", "unit", "value_domain", "min_value", "max_value", "legal_source", "maintenance_rule",
              "master_source", "data_layer", "status", "modified_at"]
    return {
        **{name: _json(getattr(element, name)) for name in fields},
        "topic": element.topic.identifier if element.topic_id else None,
        "code_list": element.code_list.identifier if element.code_list_id else None,
        "steward": element.steward.code if element.steward_id else None,
        "successor": element.successor.identifier if element.successor_id else None,
        "legal_basis": _legal_basis(element),
    }


def code_list_content(code_list: CodeList, *, codes: list[str] | None = None) -> dict:
    """A code list in the snapshot shape, with all its values or only `codes`: two queries
    (values, aliases) whatever the size. Select steward and successor, prefetch legal_basis."""
    values = CodeValue.objects.filter(code_list=code_list)
    aliases = CodeValueAlias.objects.filter(value__code_list=code_list)
    if codes is not None:
        values, aliases = values.filter(code__in=codes), aliases.filter(value__code__in=codes)
    alias_map: dict[str, dict] = {}
    for code, scheme, alias in aliases.values_list("value__code", "scheme", "code"):
        alias_map.setdefault(code, {})[scheme] = alias
    rows = values.order_by("position", "code").values(
        "code", "label_vi", "label_en", "effective_from", "effective_to", "note",
        parent_list=F("parent__code_list__identifier"), parent_code=F("parent__code"),
    )
    return {
        "identifier": code_list.identifier, "name_vi": code_list.name_vi, "name_en": code_list.name_en,
        "description": code_list.description, "source": code_list.source, "status": code_list.status,
        "steward": code_list.steward.code if code_list.steward_id else None,
        "successor": code_list.successor.identifier if code_list.successor_id else None,
        "modified_at": _json(code_list.modified_at), "legal_basis": _legal_basis(code_list),
        "values": [
            {**{key: _json(value) for key, value in row.items()}, "aliases": alias_map.get(row["code"], {})}
            for row in rows
        ],
    }


def children_elsewhere(code_list: CodeList, *, codes: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(parent code, child list, child code) for children of this list's values that the list's own
    document does not hold: children in other lists, or every child when only `codes` are shown."""
    children = CodeValue.objects.filter(parent__code_list=code_list)
    children = children.filter(parent__code__in=codes) if codes is not None else children.exclude(code_list=code_list)
    children = children.order_by("code_list__identifier", "code")
    return list(children.values_list("parent__code", "code_list__identifier", "code"))


# --- Graph parts --------------------------------------------------------------------------------

def _text(graph: Graph, node, predicate, text: str | None, lang: str = "vi") -> None:
    if text:
        graph.add((node, predicate, Literal(text, lang=lang)))


def _labels(graph: Graph, node, vi: str, en: str, predicate=SKOS.prefLabel) -> None:
    """One label per language present (SKOS Reference §5.4, integrity condition S14)."""
    _text(graph, node, predicate, vi, "vi")
    _text(graph, node, predicate, en, "en")


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _managed(graph: Graph, node, content: dict, successor_iri) -> None:
    """Status, successor, steward and legal basis of an element or a code list (ADMS, DCMI Terms)."""
    graph.add((node, ADMS.status, ADMS_STATUS_OF[content["status"]]))
    if content.get("successor"):
        graph.add((node, DCT.isReplacedBy, successor_iri(content["successor"])))
    if content.get("steward"):
        graph.add((node, DCT.publisher, body_iri(content["steward"])))
    if content.get("modified_at"):
        graph.add((node, DCT.modified, Literal(content["modified_at"], datatype=XSD.dateTime)))
    for document in content.get("legal_basis") or []:
        document = document if isinstance(document, dict) else {"number": document}
        legal = URIRef(document["url"]) if document.get("url") else BNode()
        graph.add((node, DCT.conformsTo, legal))
        graph.add((legal, DCT.identifier, Literal(document["number"])))
        _text(graph, legal, DCT.title, document.get("title"))
        if document.get("issued_on"):
            graph.add((legal, DCT.issued, Literal(document["issued_on"], datatype=XSD.date)))


def dictionary_add(graph: Graph) -> URIRef:
    scheme = dictionary_iri()
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    _labels(graph, scheme, "Từ điển dữ liệu dùng chung", "Shared Data Dictionary")
    return scheme


def _number(value: str, datatype: str) -> Literal | None:
    """A range bound as a literal of the element's own numeric datatype (SHACL Core §4.3)."""
    number = Decimal(value)
    if datatype == Datatype.INTEGER and number == number.to_integral_value():
        return Literal(str(int(number)), datatype=XSD.integer)
    if datatype in (Datatype.INTEGER, Datatype.DECIMAL):
        text = format(number, "f")
        return Literal(text.rstrip("0").rstrip(".") if "." in text else text, datatype=XSD.decimal)
    return None


def value_constraints_add(
    graph: Graph, shape, *, datatype: str, max_length: int | None = None, format_or_pattern: str = "",
    code_list: str | None = None, min_value: str | None = None, max_value: str | None = None,
) -> None:
    """What the values of an element (or of a database field) may be, on a property shape."""
    anchored = format_or_pattern.startswith("^") or format_or_pattern.endswith("$")
    pattern = format_or_pattern if anchored else None
    if code_list:
        graph.add((shape, SH.nodeKind, SH.IRI))
        graph.add((shape, SH["class"], SKOS.Concept))
        in_scheme = BNode()
        graph.add((shape, SH.property, in_scheme))
        graph.add((in_scheme, SH.path, SKOS.inScheme))
        graph.add((in_scheme, SH.hasValue, code_list_iri(code_list)))
        if max_length or pattern:
            notation, code = BNode(), BNode()
            graph.add((shape, SH.property, notation))
            graph.add((notation, SH.path, SKOS.notation))
            graph.add((notation, SH.qualifiedMinCount, Literal(1)))
            graph.add((notation, SH.qualifiedValueShape, code))
            graph.add((code, SH.datatype, XSD.string))
            shape = code  # the code's length and pattern below constrain the notation
    else:
        graph.add((shape, SH.datatype, XSD_DATATYPE_OF[datatype]))
        for predicate, bound in ((SH.minInclusive, min_value), (SH.maxInclusive, max_value)):
            literal = _number(bound, datatype) if bound is not None else None
            if literal is not None:
                graph.add((shape, predicate, literal))
    if max_length:
        graph.add((shape, SH.maxLength, Literal(max_length)))
    if pattern:
        graph.add((shape, SH.pattern, Literal(pattern)))


def element_add(graph: Graph, content: dict) -> URIRef:
    """An element: the concept (business definition, management rules) and its property shape
    (technical definition)."""
    scheme, identifier = dictionary_iri(), content["identifier"]
    concept, prop = element_iri(identifier), element_property_iri(identifier)
    shape = URIRef(f"{concept}#shape")
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.topConceptOf, scheme))
    _labels(graph, concept, content["name_vi"], content["name_en"])
    graph.add((concept, SKOS.notation, Literal(identifier)))
    _text(graph, concept, SKOS.definition, content["definition"])
    for synonym in _lines(content["synonyms"]):
        _text(graph, concept, SKOS.altLabel, synonym)
    for example in _lines(content["examples"]):
        _text(graph, concept, SKOS.example, example)
    _text(graph, concept, DCT.source, content["legal_source"])
    _text(graph, concept, SKOS.note, content["maintenance_rule"])
    _managed(graph, concept, content, element_iri)

    graph.add((prop, RDF.type, RDF.Property))
    graph.add((prop, RDFS.isDefinedBy, concept))
    _labels(graph, prop, content["name_vi"], content["name_en"], RDFS.label)
    graph.add((shape, RDF.type, SH.PropertyShape))
    graph.add((shape, SH.path, prop))
    graph.add((shape, RDFS.isDefinedBy, concept))
    _labels(graph, shape, content["name_vi"], content["name_en"], SH.name)
    code_list = content["code_list"] if content["value_domain"] == ValueDomain.CODE_LIST else None
    ranged = content["value_domain"] == ValueDomain.RANGE
    value_constraints_add(
        graph, shape, datatype=content["datatype"], max_length=content["max_length"],
        format_or_pattern=content["format"], code_list=code_list,
        min_value=content["min_value"] if ranged else None, max_value=content["max_value"] if ranged else None,
    )
    return concept


def code_list_add(graph: Graph, content: dict, *, narrower_elsewhere=()) -> URIRef:
    """A code list and its values (SKOS Reference §4 schemes, §8 hierarchy)."""
    identifier = content["identifier"]
    scheme = code_list_iri(identifier)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    _labels(graph, scheme, content["name_vi"], content["name_en"])
    graph.add((scheme, SKOS.notation, Literal(identifier)))
    _text(graph, scheme, DCT.description, content.get("description"))
    _text(graph, scheme, DCT.source, content.get("source"))
    _managed(graph, scheme, content, code_list_iri)
    graph.addN((s, p, o, graph) for s, p, o in _value_triples(scheme, content, narrower_elsewhere))
    numberings = {numbering for value in content["values"] for numbering in value.get("aliases") or {}}
    for numbering in sorted(numberings):
        graph.add((_numbering_iri(scheme, numbering), RDF.type, RDFS.Datatype))
        graph.add((_numbering_iri(scheme, numbering), RDFS.label, Literal(numbering)))
    return scheme


def _numbering_iri(scheme: URIRef, numbering: str) -> URIRef:
    return URIRef(f"{scheme}#notation-{segment(numbering)}")


def _value_triples(scheme: URIRef, content: dict, narrower_elsewhere):
    """The triples of every value, generated in one pass: this is the hot loop of a 3,321-value list."""
    identifier = content["identifier"]
    concept_type, pref, notation, in_scheme = SKOS.Concept, SKOS.prefLabel, SKOS.notation, SKOS.inScheme
    broader, narrower, top_of, has_top = SKOS.broader, SKOS.narrower, SKOS.topConceptOf, SKOS.hasTopConcept
    valid_from, valid_through, xsd_date = SCHEMA.validFrom, SCHEMA.validThrough, XSD.date
    prefix = f"{scheme}/"
    for value in content["values"]:
        concept = URIRef(prefix + segment(value["code"]))
        yield concept, RDF.type, concept_type
        yield concept, pref, Literal(value["label_vi"], lang="vi")
        if value.get("label_en"):
            yield concept, pref, Literal(value["label_en"], lang="en")
        yield concept, notation, Literal(value["code"])
        yield concept, in_scheme, scheme
        for numbering, alias in sorted((value.get("aliases") or {}).items()):
            yield concept, notation, Literal(alias, datatype=_numbering_iri(scheme, numbering))
        if value.get("parent_code"):
            parent = code_value_iri(value["parent_list"], value["parent_code"])
            yield concept, broader, parent
            if value["parent_list"] == identifier:
                yield parent, narrower, concept
        if value.get("parent_list") != identifier:
            yield concept, top_of, scheme
            yield scheme, has_top, concept
        if value.get("effective_from"):
            yield concept, valid_from, Literal(value["effective_from"], datatype=xsd_date)
        if value.get("effective_to"):
            yield concept, valid_through, Literal(value["effective_to"], datatype=xsd_date)
        if value.get("note"):
            yield concept, SKOS.note, Literal(value["note"], lang="vi")
    for parent_code, child_list, child_code in narrower_elsewhere:
        yield URIRef(prefix + segment(parent_code)), narrower, code_value_iri(child_list, child_code)


# --- The graphs served --------------------------------------------------------------------------

def dictionary_graph(*, page: Page, code_lists: list[dict], page_url) -> Graph:
    """One page of the dictionary's elements, with the code lists, and a Hydra view of the paging
    (the view CKAN's and uData's harvesters follow: hydra:next, hydra:totalItems)."""
    graph = graph_new()
    scheme = dictionary_add(graph)
    for row in page.object_list:
        concept = element_iri(row["identifier"])
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, concept))
        _labels(graph, concept, row["name_vi"], row["name_en"])
        graph.add((concept, SKOS.notation, Literal(row["identifier"])))
        graph.add((concept, ADMS.status, ADMS_STATUS_OF[row["status"]]))
    for row in code_lists:
        code_list = code_list_iri(row["identifier"])
        graph.add((scheme, DCT.hasPart, code_list))
        graph.add((code_list, RDF.type, SKOS.ConceptScheme))
        _labels(graph, code_list, row["name_vi"], row["name_en"])
    view = URIRef(page_url(page.number))
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    graph.add((view, HYDRA.totalItems, Literal(page.paginator.count)))
    graph.add((view, HYDRA.first, URIRef(page_url(1))))
    graph.add((view, HYDRA.last, URIRef(page_url(page.paginator.num_pages))))
    if page.has_next():
        graph.add((view, HYDRA.next, URIRef(page_url(page.next_page_number()))))
    if page.has_previous():
        graph.add((view, HYDRA.previous, URIRef(page_url(page.previous_page_number()))))
    return graph


def element_graph(element: DataElement) -> Graph:
    graph = graph_new()
    dictionary_add(graph)
    element_add(graph, element_content(element))
    return graph


def code_list_graph(content: dict, *, narrower_elsewhere=()) -> Graph:
    graph = graph_new()
    code_list_add(graph, content, narrower_elsewhere=narrower_elsewhere)
    return graph


def releases_graph(releases) -> Graph:
    """The dictionary's numbered releases (dct:hasVersion), newest first."""
    graph = graph_new()
    scheme = dictionary_add(graph)
    for release in releases:
        version = release_iri(release.version)
        graph.add((scheme, DCT.hasVersion, version))
        graph.add((version, OWL.versionInfo, Literal(release.version)))
        graph.add((version, DCT.title, Literal(release.title, lang="vi")))
        graph.add((version, DCT.issued, Literal(release.published_at.isoformat(), datatype=XSD.dateTime)))
        if release.prior_id:
            graph.add((version, OWL.priorVersion, release_iri(release.prior.version)))
    return graph


def release_graph(release: Release, items: list[dict]) -> Graph:
    """The dictionary as it stood in `release`, from the frozen snapshots only (never live rows).
    `items` are {kind, content} in the snapshot shape."""
    graph = graph_new()
    scheme = dictionary_add(graph)
    version = release_iri(release.version)
    graph.add((scheme, OWL.versionIRI, version))  # OWL 2 §3.1: the version's own IRI
    graph.add((scheme, OWL.versionInfo, Literal(release.version)))
    if release.prior_id:
        graph.add((scheme, OWL.priorVersion, release_iri(release.prior.version)))
    graph.add((scheme, ADMS.status, ADMS_STATUS.Completed))  # a published release never changes
    graph.add((scheme, DCT.issued, Literal(release.published_at.isoformat(), datatype=XSD.dateTime)))
    graph.add((version, DCT.isVersionOf, scheme))
    _text(graph, version, DCT.title, release.title)
    _text(graph, scheme, SKOS.changeNote, release.notes)
    lists = [item["content"] for item in items if item["kind"] == ReleaseItemKind.CODE_LIST]
    for item in items:
        if item["kind"] == ReleaseItemKind.ELEMENT:
            element_add(graph, item["content"])
    # Children in other lists of the same release, as a live list's document names them.
    elsewhere: dict[str, list] = {}
    for content in lists:
        for value in content["values"]:
            if value.get("parent_list") not in (None, content["identifier"]):
                elsewhere.setdefault(value["parent_list"], []).append(
                    (value["parent_code"], content["identifier"], value["code"]))
    for content in lists:
        code_list = code_list_add(graph, content, narrower_elsewhere=elsewhere.get(content["identifier"], ()))
        graph.add((scheme, DCT.hasPart, code_list))
    return graph
