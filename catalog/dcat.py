"""The database register as DCAT-AP 3.0.1: which nodes the feed describes, and with what.

A node is (subject IRI, [(predicate IRI, object), ...]), rdf:type first. An object is a plain `str`
(an IRI) or a tuple (text, language, datatype IRI) (a literal; "" where absent). Nothing here
knows a syntax: catalog.dcat_stream writes nodes as Turtle, JSON-LD or RDF/XML, as plain text.

IRIs, all under SITE_URL:
  /catalog                          the dcat:Catalog; its HTML page is also its foaf:homepage
  /catalog#kinds, #kind-<kind>      database kinds (national, specialized, local), a SKOS scheme (dct:type)
  /databases/<id>                   a dcat:Dataset
  /databases/<id>#record            its dcat:CatalogRecord
  /databases/<id>#contact           its contact point, a vcard:Kind
  /databases/<id>#distribution-<n>  a dcat:Distribution per registered service (n: the service's key)
  /databases/<id>#service-<n>       the dcat:DataService behind that distribution
  /databases/<id>/schema            the field schema as SHACL (catalog.rdf), a dct:Standard
  /bodies/<code>                    an owning body, a foaf:Agent
  /standards/<code>                 a standard of the register, a dct:Standard
  /legal-documents/<number>         a legal basis, an eli:LegalResource (dcatap:applicableLegislation)
  /catalog#metric-<name>            a dqv:Metric of the registry's quality measurements (catalog.dqv)
  /catalog#dimension-<name>         the dqv:Dimension it belongs to
  /databases/<id>#quality-<name>    a dqv:QualityMeasurement of that metric on the dataset

Every node an object names is typed in the same document (range.ttl checks classes, with no
inference), and a node shared by many datasets (a body, a theme, a standard) is described once
per document: `Shared` remembers which were.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import quote

from django.conf import settings

from architecture.models import BodyKind, BodyLevel
from architecture.rdf_http import segment
from catalog.dcat_vocab import ACCESS_RIGHTS, COUNTRY_VIETNAM, EU_AUTHORITY, FREQUENCIES, LANGUAGES, THEME_TAXONOMY
from catalog.models import DatabaseKind, Lifecycle, Protocol
from catalog.models.themes import EU_THEMES
from dictionary.rdf import code_value_iri

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/", "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "adms": "http://www.w3.org/ns/adms#",
    "eli": "http://data.europa.eu/eli/ontology#", "hydra": "http://www.w3.org/ns/hydra/core#",
    "dqv": "http://www.w3.org/ns/dqv#", "prov": "http://www.w3.org/ns/prov#",
}


def _terms(prefix: str, names: str) -> SimpleNamespace:
    return SimpleNamespace(**{name: PREFIXES[prefix] + name for name in names.split()})


A = PREFIXES["rdf"] + "type"
dcat = _terms("dcat", "Catalog CatalogRecord Dataset Distribution DataService accessService accessURL contactPoint "
                      "dataset distribution endpointDescription endpointURL keyword landingPage mediaType record "
                      "servesDataset theme themeTaxonomy version")
dct = _terms("dct", "Frequency LinguisticSystem Location MediaType MediaTypeOrExtent RightsStatement Standard "
                    "accessRights accrualPeriodicity conformsTo creator description format identifier issued "
                    "language modified publisher spatial title type")
dcatap = _terms("dcatap", "applicableLegislation availability")
foaf = _terms("foaf", "Agent Document Organization homepage name page primaryTopic")
vcard = _terms("vcard", "Kind fn hasEmail hasTelephone")
skos = _terms("skos", "Concept ConceptScheme definition inScheme prefLabel")
adms = _terms("adms", "status")
eli = _terms("eli", "LegalResource date_document id_local title")
hydra = _terms("hydra", "Collection PartialCollectionView first itemsPerPage last next previous totalItems view")
rdfs = _terms("rdfs", "seeAlso")
xsd = _terms("xsd", "date dateTime integer string")
dqv = _terms("dqv", "Dimension Metric QualityMeasurement computedOn expectedDataType hasQualityMeasurement "
                    "inDimension isMeasurementOf value")
prov = _terms("prov", "generatedAtTime")

Node = tuple[str, list]

# --- Vocabularies the feed adds to catalog.dcat_vocab, each from the text it follows ------------
# (Candidates for catalog.dcat_vocab, shared with the harvester, once it reads them back.)

DCAT_AP = "https://semiceu.github.io/DCAT-AP/releases/3.0.1/"
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = EU_AUTHORITY + "file-type/"
# dct:format from the EU file-type table (DCAT-AP 3.0.1 §7) where it names the media type; else
# the IANA media type itself, which DCAT allows as a dct:MediaTypeOrExtent.
FILE_TYPES = {
    "application/json": "JSON", "application/xml": "XML", "text/xml": "XML", "text/csv": "CSV",
    "text/html": "HTML", "application/pdf": "PDF", "application/zip": "ZIP", "application/ld+json": "JSON_LD",
    "text/turtle": "RDF_TURTLE", "application/rdf+xml": "RDF_XML", "application/geo+json": "GEOJSON",
    "application/gml+xml": "GML", "application/sparql-results+json": "SPARQLQRES",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
# dcatap:availability (EU planned-availability table): how long the service is meant to stay.
AVAILABILITY = {
    Lifecycle.IN_OPERATION: ("STABLE", "Stable", "Ổn định"),
    Lifecycle.UNDER_CONSTRUCTION: ("EXPERIMENTAL", "Experimental", "Thử nghiệm"),
    Lifecycle.RETIRED: ("TEMPORARY", "Temporary", "Tạm thời"),
}
# dct:type of an agent (ADMS publisher type, DCAT-AP 3.0.1 §Agent), by the body's level.
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
PUBLISHER_TYPES = {
    BodyLevel.CENTRAL: ("NationalAuthority", "National authority", "Cơ quan trung ương"),
    BodyLevel.PROVINCIAL: ("RegionalAuthority", "Regional authority", "Cơ quan cấp tỉnh"),
    BodyLevel.COMMUNAL: ("LocalAuthority", "Local authority", "Cơ quan cấp xã"),
}
# adms:status of a catalog record (ADMS change type, DCAT-AP 3.0.1 §Catalogue Record).
CHANGE_TYPE = "http://purl.org/adms/changetype/"
# dct:conformsTo of a data service: the specification its protocol follows, where there is one.
PROTOCOL_STANDARDS = {
    Protocol.REST: ("https://www.rfc-editor.org/rfc/rfc9110", "HTTP Semantics (RFC 9110)"),
    Protocol.SOAP: ("http://www.w3.org/TR/soap12/", "SOAP Version 1.2"),
    Protocol.GRAPHQL: ("https://spec.graphql.org/", "GraphQL Specification"),
    Protocol.SPARQL: ("http://www.w3.org/TR/sparql11-protocol/", "SPARQL 1.1 Protocol"),
}
KIND_LABELS = {
    DatabaseKind.NATIONAL: ("National database", "Cơ sở dữ liệu quốc gia"),
    DatabaseKind.SPECIALIZED: ("Specialized database", "Cơ sở dữ liệu chuyên ngành"),
    DatabaseKind.LOCAL: ("Local database", "Cơ sở dữ liệu địa phương"),
}
CATALOG_TITLE = (
    "Danh mục dữ liệu quốc gia của hệ thống chính trị", "National data catalog of Vietnam's political system",
)
CATALOG_DESCRIPTION = (
    "Siêu dữ liệu các cơ sở dữ liệu quốc gia, chuyên ngành và địa phương của các cơ quan trong hệ thống chính trị, "
    "rà soát và chuẩn hóa theo Nghị quyết 214/NQ-CP.",
    "Metadata of the national, specialized and local databases of the bodies of Vietnam's political system, "
    "reviewed and standardized under Resolution 214/NQ-CP.",
)
# The publisher when the register has no body with settings.CATALOG_PUBLISHER_CODE: /bodies/registry.
REGISTRY_AGENT = ("registry", "Đơn vị vận hành Danh mục dữ liệu quốc gia", "Operator of the national data catalog")
PROVINCE_LIST, COMMUNE_LIST = "tinh-thanh", "xa-phuong"

# --- Literals and IRIs ----------------------------------------------------------------------------


def vi(text: str) -> tuple:
    return (text, "vi", "")


def en(text: str) -> tuple:
    return (text, "en", "")


def plain(text: str) -> tuple:
    return (text, "", "")


def timestamp(value: datetime | date) -> tuple:
    return (value.isoformat(), "", xsd.dateTime if isinstance(value, datetime) else xsd.date)


def integer(value: int) -> tuple:
    return (str(value), "", xsd.integer)


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri_safe(url: str) -> str:
    """A URL typed in by people, made a valid IRI: characters that no IRI may hold are %-encoded."""
    return _IRI_UNSAFE.sub(lambda m: quote(m.group(), safe=""), url.strip())


_TEL_DROP = re.compile(r"[^0-9+]")


def tel_iri(phone: str) -> str | None:
    """tel: with the digits (and a leading +) only (RFC 3966 global or local number)."""
    digits = _TEL_DROP.sub("", phone)
    return f"tel:{digits}" if any(ch.isdigit() for ch in digits) else None


# The hot IRIs, built as architecture.rdf_http.iri() and segment() would (tests check it) but
# without quote() for the plain codes and identifiers of the register, which need no escaping.
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def _segment(text: str) -> str:
    return text if _PLAIN_SEGMENT.fullmatch(text) else segment(text)


def catalog_iri() -> str:
    return f"{settings.SITE_URL}/catalog"


def dataset_iri(identifier: str) -> str:
    return f"{settings.SITE_URL}/databases/{_segment(identifier)}"


def agent_iri(code: str) -> str:
    """= architecture.rdf_http.body_iri(code)."""
    return f"{settings.SITE_URL}/bodies/{_segment(code)}"


def schema_iri(identifier: str) -> str:
    """= catalog.rdf.database_schema_iri(identifier)."""
    return f"{dataset_iri(identifier)}/schema"


def standard_iri(code: str) -> str:
    return f"{settings.SITE_URL}/standards/{_segment(code)}"


def legal_document_iri(number: str) -> str:
    return f"{settings.SITE_URL}/legal-documents/{_segment(number)}"


def kind_iri(kind: str) -> str:
    return f"{catalog_iri()}#kind-{kind}"


def spatial_iri(owner_code: str, owner_kind: str, path_codes: list[str], kinds: dict[str, str]) -> str:
    """dct:spatial of a database: the commune or province its owner is, or sits under (the nearest),
    as a value of the dictionary's code lists; Vietnam for bodies under none (central bodies)."""
    for code in reversed(path_codes):
        kind = owner_kind if code == owner_code else kinds.get(code)
        if kind == BodyKind.COMMUNE:
            return _place_iri(settings.SITE_URL, COMMUNE_LIST, code)
        if kind == BodyKind.PROVINCE:
            return _place_iri(settings.SITE_URL, PROVINCE_LIST, code)
    return COUNTRY_VIETNAM


@lru_cache(maxsize=8192)  # 34 provinces and 3,321 communes; keyed by SITE_URL too
def _place_iri(site: str, code_list: str, code: str) -> str:
    return str(code_value_iri(code_list, code))


class Shared:
    """The shared nodes (bodies, themes, standards, vocabulary terms) already described in one
    document. Bounded by the size of those registers, never by the number of datasets."""

    def __init__(self):
        self.described: set[str] = set()

    def first(self, subject: str) -> bool:
        if subject in self.described:
            return False
        self.described.add(subject)
        return True


# --- Shared nodes ---------------------------------------------------------------------------------

def concept_node(subject: str, label_en: str, label_vi: str, scheme: str | None = None) -> Node:
    """A skos:Concept needs a skos:prefLabel (DCAT-AP 3.0.1 shapes, Category)."""
    pairs = [(A, skos.Concept), (skos.prefLabel, en(label_en)), (skos.prefLabel, vi(label_vi))]
    if scheme:
        pairs.append((skos.inScheme, scheme))
    return subject, pairs


def agent_nodes(shared: Shared, subject: str, name_vi: str, name_en: str, level: str) -> list[Node]:
    """A body as foaf:Agent: a name (mandatory) and one dct:type (DCAT-AP 3.0.1 §Agent)."""
    if not shared.first(subject):
        return []
    local, label_en, label_vi = PUBLISHER_TYPES.get(level, PUBLISHER_TYPES[BodyLevel.CENTRAL])
    pairs = [(A, foaf.Agent), (A, foaf.Organization), (foaf.name, vi(name_vi))]
    if name_en:
        pairs.append((foaf.name, en(name_en)))
    pairs.append((dct.type, PUBLISHER_TYPE + local))
    nodes = [(subject, pairs)]
    if shared.first(PUBLISHER_TYPE + local):
        nodes.append(concept_node(PUBLISHER_TYPE + local, label_en, label_vi, PUBLISHER_TYPE + "1.0"))
    return nodes


def typed_node(shared: Shared, subject: str, *classes: str) -> list[Node]:
    """A term of a controlled vocabulary, typed with the class the DCAT-AP range asks for."""
    return [(subject, [(A, cls) for cls in classes])] if shared.first(subject) else []


def theme_taxonomy_node() -> Node:
    """The EU data-theme table as a skos:ConceptScheme, which needs a dct:title (shapes, Category Scheme)."""
    return THEME_TAXONOMY, [(A, skos.ConceptScheme), (dct.title, en("Data theme")),
                            (dct.title, vi("Chủ đề dữ liệu"))]


def kind_nodes() -> list[Node]:
    scheme = f"{catalog_iri()}#kinds"
    scheme_node = (scheme, [(A, skos.ConceptScheme), (dct.title, en("Database kinds")),
                            (dct.title, vi("Loại cơ sở dữ liệu"))])
    return [scheme_node, *(concept_node(kind_iri(kind), label_en, label_vi, scheme)
                           for kind, (label_en, label_vi) in KIND_LABELS.items())]


# --- The catalog ----------------------------------------------------------------------------------

def catalog_nodes(shared: Shared, *, publisher: dict | None, total: int, latest: datetime | None) -> list[Node]:
    """The dcat:Catalog: title, description and exactly one publisher (DCAT-AP 3.0.1 §Catalogue,
    mandatory), and the recommended homepage, language, spatial, modified and theme taxonomy."""
    subject = catalog_iri()
    pairs = [(A, dcat.Catalog), (A, hydra.Collection), (A, foaf.Document),
             (dct.title, vi(CATALOG_TITLE[0])), (dct.title, en(CATALOG_TITLE[1])),
             (dct.description, vi(CATALOG_DESCRIPTION[0])), (dct.description, en(CATALOG_DESCRIPTION[1]))]
    if publisher:
        agent = agent_iri(publisher["code"])
        nodes = agent_nodes(shared, agent, publisher["name_vi"], publisher["name_en"], publisher["level"])
    else:
        code, name_vi, name_en = REGISTRY_AGENT
        agent = agent_iri(code)
        nodes = agent_nodes(shared, agent, name_vi, name_en, BodyLevel.CENTRAL)
    pairs += [(dct.publisher, agent), (foaf.homepage, subject),
              *((dct.language, language) for language in LANGUAGES.values()),
              (dct.spatial, COUNTRY_VIETNAM), (dcat.themeTaxonomy, THEME_TAXONOMY), (hydra.totalItems, integer(total))]
    if latest is not None:
        pairs.append((dct.modified, timestamp(latest)))
    nodes.insert(0, (subject, pairs))
    for language in LANGUAGES.values():
        nodes += typed_node(shared, language, dct.LinguisticSystem)
    nodes += typed_node(shared, COUNTRY_VIETNAM, dct.Location)
    if shared.first(THEME_TAXONOMY):
        nodes.append(theme_taxonomy_node())
    if shared.first(f"{subject}#kinds"):
        nodes += kind_nodes()
    return nodes


def catalog_membership_node(identifier: str) -> Node:
    subject = dataset_iri(identifier)
    return catalog_iri(), [(dcat.dataset, subject), (dcat.record, f"{subject}#record")]


def view_node(*, view: str, first: str, last: str, previous: str | None, next_: str | None,
              total: int, page_size: int) -> Node:
    """Hydra paging, as CKAN's and uData's harvesters follow it (hydra:next, hydra:totalItems)."""
    pairs = [(A, hydra.PartialCollectionView), (hydra.first, first), (hydra.last, last)]
    if previous:
        pairs.append((hydra.previous, previous))
    if next_:
        pairs.append((hydra.next, next_))
    pairs += [(hydra.totalItems, integer(total)), (hydra.itemsPerPage, integer(page_size))]
    return view, pairs


# --- A dataset ------------------------------------------------------------------------------------
# `row` is a database read by catalog.dcat_stream.dataset_rows: its own columns, the owner's
# (owner__code, owner__name_vi, owner__name_en, owner__level), and the related rows read in bulk:
# themes [(code, label_vi, label_en)], standards [(code, title, url)], legal [(number, title,
# issued_on, url)], services [dict], has_schema (it has tables), spatial (an IRI).

def keyword_list(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def dataset_nodes(shared: Shared, row: dict) -> list[Node]:
    """One database as a dcat:Dataset with its record, contact, distributions and services."""
    identifier, name_vi, name_en = row["identifier"], row["name_vi"], row["name_en"]
    subject, owner = dataset_iri(identifier), agent_iri(row["owner__code"])
    pairs = [(A, dcat.Dataset), (dct.identifier, plain(identifier)), (dct.title, vi(name_vi))]
    if name_en:
        pairs.append((dct.title, en(name_en)))
    # dct:description is mandatory (DCAT-AP 3.0.1 §Dataset): the title stands in for an empty one.
    pairs.append((dct.description, vi(row["description_vi"] or name_vi)))
    if row["description_en"] or name_en:
        pairs.append((dct.description, en(row["description_en"] or name_en)))
    pairs += [(dct.publisher, owner), (dct.creator, owner)]
    nodes = agent_nodes(shared, owner, row["owner__name_vi"], row["owner__name_en"], row["owner__level"])

    contact = contact_node(subject, row)
    if contact:
        pairs.append((dcat.contactPoint, contact[0]))
        nodes.append(contact)
    pairs += [(dcat.keyword, vi(keyword)) for keyword in keyword_list(row["keywords"])]
    themes = theme_refs(shared, row["themes"], nodes)
    pairs += [(dcat.theme, theme) for theme in themes]
    pairs.append((dct.spatial, row["spatial"]))
    nodes += typed_node(shared, row["spatial"], dct.Location)
    issued, modified = timestamp(row["created_at"]), timestamp(row["modified_at"])
    pairs += [(dct.issued, issued), (dct.modified, modified)]
    frequency = FREQUENCIES.get(row["sync_frequency"])
    if frequency:
        pairs.append((dct.accrualPeriodicity, frequency))
        nodes += typed_node(shared, frequency, dct.Frequency)
    rights = ACCESS_RIGHTS[row["access_level"]]
    pairs.append((dct.accessRights, rights))
    nodes += typed_node(shared, rights, dct.RightsStatement)
    pairs += [(dct.conformsTo, standard) for standard in standard_refs(shared, row, nodes)]
    pairs += [(dcatap.applicableLegislation, law) for law in legal_refs(shared, row["legal"], nodes)]
    pairs.append((dcat.version, plain(str(row["version"]))))
    if row["landing_page"]:
        page = iri_safe(row["landing_page"])
        pairs.append((dcat.landingPage, page))
        nodes.append((page, [(A, foaf.Document)]))  # not shared: one per dataset, memory stays flat
    pairs.append((dct.type, kind_iri(row["kind"])))
    if shared.first(f"{catalog_iri()}#kinds"):
        nodes += kind_nodes()
    for service in row["services"]:
        distribution, service_nodes = distribution_nodes(
            shared, row, service, dataset=subject, owner=owner, rights=rights, themes=themes,
            contact=contact[0] if contact else None,
        )
        pairs.append((dcat.distribution, distribution))
        nodes += service_nodes
    nodes.insert(0, (subject, pairs))
    nodes += record_nodes(shared, subject, version=row["version"], issued=issued, modified=modified)
    return nodes


def contact_node(dataset: str, row: dict) -> Node | None:
    """dcat:contactPoint as a vcard:Kind (DCAT-AP 3.0.1 §Kind), when the entry names any contact."""
    name, email, phone = row["contact_name"], row["contact_email"], row["contact_phone"]
    if not (name or email or phone):
        return None
    pairs = [(A, vcard.Kind), (vcard.fn, plain(name or row["owner__name_vi"]))]
    if email:
        pairs.append((vcard.hasEmail, "mailto:" + iri_safe(email)))
    telephone = tel_iri(phone) if phone else None
    if telephone:
        pairs.append((vcard.hasTelephone, telephone))
    return f"{dataset}#contact", pairs


def theme_refs(shared: Shared, themes: list, nodes: list) -> list[str]:
    """EU data themes (DCAT-AP 3.0.1 §7: dcat:theme from the data-theme table), as skos:Concept."""
    refs = []
    for code, label_vi, label_en in themes:
        theme = EU_THEMES + code
        refs.append(theme)
        if shared.first(theme):
            nodes.append(concept_node(theme, label_en, label_vi, THEME_TAXONOMY))
    return refs


def standard_refs(shared: Shared, row: dict, nodes: list) -> list[str]:
    """dct:conformsTo: each standard the database follows, and its field schema when it has tables."""
    refs = []
    for code, title, url in row["standards"]:
        standard = standard_iri(code)
        refs.append(standard)
        if shared.first(standard):
            pairs = [(A, dct.Standard), (dct.identifier, plain(code)), (dct.title, vi(title))]
            if url:
                pairs.append((foaf.page, iri_safe(url)))
            nodes.append((standard, pairs))
    if row["has_schema"]:
        schema = schema_iri(row["identifier"])
        refs.append(schema)
        nodes.append((schema, [(A, dct.Standard), (dct.title, vi(f"Lược đồ trường dữ liệu: {row['name_vi']}")),
                               (dct.title, en(f"Field schema of {row['identifier']}"))]))
    return refs


def legal_refs(shared: Shared, documents: list, nodes: list) -> list[str]:
    """The legal basis as dcatap:applicableLegislation (DCAT-AP 3.0.1 §Dataset), eli:LegalResource."""
    refs = []
    for number, title, issued_on, url in documents:
        law = legal_document_iri(number)
        refs.append(law)
        if shared.first(law):
            pairs = [(A, eli.LegalResource), (eli.id_local, plain(number)), (eli.title, vi(title))]
            if issued_on:
                pairs.append((eli.date_document, timestamp(issued_on)))
            if url:
                pairs.append((rdfs.seeAlso, iri_safe(url)))
            nodes.append((law, pairs))
    return refs


def distribution_nodes(shared: Shared, row: dict, service: dict, *, dataset: str, owner: str, rights: str,
                       themes: list[str], contact: str | None) -> tuple[str, list[Node]]:
    """A registered service as a dcat:Distribution (accessURL is mandatory, DCAT-AP 3.0.1
    §Distribution) whose dcat:accessService is the dcat:DataService at the same endpoint."""
    number, title, endpoint = service["id"], service["title"], iri_safe(service["endpoint_url"])
    distribution, data_service = f"{dataset}#distribution-{number}", f"{dataset}#service-{number}"
    pairs = [(A, dcat.Distribution), (dct.title, vi(title)), (dcat.accessURL, endpoint),
             (dcat.accessService, data_service)]
    nodes: list[Node] = []
    if service["access_conditions"]:
        pairs.append((dct.description, vi(service["access_conditions"])))
    media_type = service["media_type"].lower()
    if media_type:
        iana = IANA_MEDIA_TYPES + media_type
        file_type = FILE_TYPE + FILE_TYPES[media_type] if media_type in FILE_TYPES else iana
        pairs += [(dcat.mediaType, iana), (dct.format, file_type)]
        nodes += typed_node(shared, iana, dct.MediaType, dct.MediaTypeOrExtent)
        nodes += typed_node(shared, file_type, dct.MediaTypeOrExtent)
    availability = AVAILABILITY.get(row["lifecycle"])
    if availability:
        local, label_en, label_vi = availability
        term = f"{EU_AUTHORITY}planned-availability/{local}"
        pairs.append((dcatap.availability, term))
        if shared.first(term):
            nodes.append(concept_node(term, label_en, label_vi, f"{EU_AUTHORITY}planned-availability"))

    service_pairs = [(A, dcat.DataService), (dct.title, vi(title)), (dcat.endpointURL, endpoint)]
    if service["endpoint_description_url"]:
        service_pairs.append((dcat.endpointDescription, iri_safe(service["endpoint_description_url"])))
    service_pairs += [(dcat.servesDataset, dataset), (dct.publisher, owner), (dct.accessRights, rights)]
    if contact:
        service_pairs.append((dcat.contactPoint, contact))
    service_pairs += [(dcat.theme, theme) for theme in themes]
    protocol = PROTOCOL_STANDARDS.get(service["protocol"])
    if protocol:
        specification, specification_title = protocol
        service_pairs.append((dct.conformsTo, specification))
        if shared.first(specification):
            nodes.append((specification, [(A, dct.Standard), (dct.title, en(specification_title))]))
    return distribution, [(distribution, pairs), (data_service, service_pairs), *nodes]


def record_nodes(shared: Shared, dataset: str, *, version: int, issued: tuple, modified: tuple) -> list[Node]:
    """The dcat:CatalogRecord: modified and primaryTopic are mandatory (DCAT-AP 3.0.1 §Catalogue
    Record); issued, conformsTo (this profile) and adms:status (ADMS change type) recommended."""
    change = "Created" if version == 1 else "Updated"
    nodes = [(f"{dataset}#record", [
        (A, dcat.CatalogRecord), (foaf.primaryTopic, dataset), (dct.issued, issued), (dct.modified, modified),
        (dct.conformsTo, DCAT_AP), (adms.status, CHANGE_TYPE + change),
    ])]
    if shared.first(DCAT_AP):
        nodes.append((DCAT_AP, [(A, dct.Standard), (dct.title, en("DCAT-AP 3.0.1"))]))
    if shared.first(CHANGE_TYPE + change):
        nodes.append(concept_node(CHANGE_TYPE + change, change, "Tạo mới" if change == "Created" else "Cập nhật",
                                  CHANGE_TYPE[:-1]))
    return nodes
