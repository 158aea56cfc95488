"""The DCAT-AP feed: which databases (visibility, filters, paging), read in chunks with a constant
number of queries, and written as Turtle, JSON-LD or RDF/XML text (catalog.dcat says what).

No rdflib graph is built: each chunk of databases becomes nodes, the nodes become text, and the
text goes out, so memory stays flat however large the register. Related rows (themes,
standards, legal basis, services, the owners' places) are read per chunk in bulk, never per
database: six queries a chunk at most (the rows, whether each has tables, come in the first),
two more per document (count and latest change, publisher).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from architecture.access import visible_filter
from architecture.models import Body, BodyKind
from architecture.rdf_http import cyclic_gc_paused
from catalog import dcat, dqv
from catalog.models import Database, DatabaseKind, DatabaseStandard, Service, Table
from catalog.selectors import database_list_visible

CHUNK_SIZE = 2_000
RELATED_BY_KEY_MAX = 200
WRITE_BATCH = 250
PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX = 100, 1_000
# Part of every ETag: bump it when what the feed says changes shape, so caches drop old copies.
FEED_VERSION = "dcat-ap-3.0.1/2"  # 2: DQV quality measurements and synchronization status
TURTLE, JSON_LD, RDF_XML = "text/turtle", "application/ld+json", "application/rdf+xml"


# --- Parameters -----------------------------------------------------------------------------------

class FeedParameterError(ValueError):
    """A query parameter the feed cannot use: answered with HTTP 400 naming it and why."""

    def __init__(self, parameter: str, reason: str):
        super().__init__(f"{parameter}: {reason}")
        self.parameter, self.reason = parameter, reason


class FeedPageMissing(LookupError):
    """A page after the last one (HTTP 404)."""


@dataclass(frozen=True)
class FeedFilters:
    modified_since: datetime | None = None
    kind: str | None = None
    body_path: str | None = None  # the body's entries and everything under it (Body.path prefix)
    province_path: str | None = None


@dataclass(frozen=True)
class FeedQuery:
    filters: FeedFilters
    page: int
    page_size: int | None  # None: the whole catalog in one streamed answer (page_size=all)


def feed_query_parse(params: Mapping) -> FeedQuery:
    """The filters and paging of a request's query string (a QueryDict or a plain dict)."""
    getlist = getattr(params, "getlist", lambda name: [params[name]])
    for name in params:
        if len(getlist(name)) > 1:
            raise FeedParameterError(name, "given more than once; give it once")
    raw_size = params.get("page_size") or None
    page_size = None if raw_size == "all" else _integer("page_size", raw_size, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)
    page = _integer("page", params.get("page") or None, 1, None)
    if page_size is None and page != 1:
        raise FeedParameterError("page", "does not apply with page_size=all, which answers the whole catalog")
    return FeedQuery(filters=feed_filters_parse(params), page=page, page_size=page_size)


def _integer(name: str, raw: str | None, default: int, maximum: int | None) -> int:
    if raw is None:
        return default
    bound = f"between 1 and {maximum}" if maximum else "1 or more"
    if not re.fullmatch(r"[0-9]{1,18}", raw):
        raise FeedParameterError(name, f"must be a whole number {bound}" + (" or 'all'" if name == "page_size" else ""))
    value = int(raw)
    if value < 1 or (maximum and value > maximum):
        raise FeedParameterError(name, f"must be {bound}, not {value}")
    return value


def feed_filters_parse(params: Mapping) -> FeedFilters:
    """modified_since, kind, body and province; an empty value is no filter (HTML forms send them)."""
    since = params.get("modified_since") or None
    kind = params.get("kind") or None
    if kind is not None and kind not in DatabaseKind.values:
        raise FeedParameterError("kind", f"must be one of {', '.join(DatabaseKind.values)}, not {kind!r}")
    return FeedFilters(
        modified_since=_moment(since) if since else None, kind=kind,
        body_path=_body_path("body", params.get("body") or None, {}),
        province_path=_body_path("province", params.get("province") or None, {"kind": BodyKind.PROVINCE}),
    )


def _moment(raw: str) -> datetime:
    """ISO 8601 date or date-time, with or without an offset; without one, the registry's time zone.
    A '+' sent unencoded in a query string arrives as a space: read it back as '+'."""
    text = raw.strip().replace(" ", "+") if "T" in raw else raw.strip()
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError as error:
        raise FeedParameterError("modified_since", f"is not a valid date or time ({error})") from None
    if moment is None and day is None:
        raise FeedParameterError("modified_since", "must be an ISO 8601 date or date-time, "
                                                   "such as 2025-07-23 or 2025-07-23T08:00:00+07:00")
    moment = moment or datetime.combine(day, time.min)
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    try:  # in UTC: PostgreSQL refuses offsets beyond ±15:59, which Python accepts
        return moment.astimezone(UTC)
    except OverflowError:
        raise FeedParameterError("modified_since", "is out of range") from None


def _body_path(name: str, code: str | None, conditions: dict) -> str | None:
    if code is None:
        return None
    path = Body.objects.filter(code=code, **conditions).values_list("path", flat=True).first()
    if path is None:
        what = "province" if conditions else "body"
        raise FeedParameterError(name, f"no {what} has the code {code!r}")
    return path


def feed_filters_of(filters: FeedFilters | Mapping | None) -> FeedFilters:
    """Filters given as FeedFilters, as query parameters (a dict), or not at all."""
    if filters is None:
        return FeedFilters()
    return filters if isinstance(filters, FeedFilters) else feed_filters_parse(filters)


# --- Queries --------------------------------------------------------------------------------------

DATASET_FIELDS = (
    "id", "identifier", "name_vi", "name_en", "description_vi", "description_en", "kind", "keywords",
    "landing_page", "access_level", "sync_frequency", "lifecycle", "contact_name", "contact_email",
    "contact_phone", "created_at", "modified_at", "version", "withdrawn_at",
    "owner__code", "owner__name_vi", "owner__name_en", "owner__kind", "owner__level", "owner__path", "has_schema",
    "last_synced_at",
    # The stored quality (catalog.quality), published as DQV measurements: a join, not a query.
    *(f"quality__{name}" for name in dqv.QUALITY_FIELDS),
)


def feed_databases(*, user, filters: FeedFilters) -> QuerySet:
    """The published databases `user` may see (architecture.access decides), filtered."""
    queryset = _with_schema(database_list_visible(user=user)).filter(withdrawn_at__isnull=True)
    if filters.modified_since:
        queryset = queryset.filter(modified_at__gte=filters.modified_since)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.body_path:
        queryset = queryset.filter(owner__path__startswith=filters.body_path)
    if filters.province_path:
        queryset = queryset.filter(owner__path__startswith=filters.province_path)
    return queryset


def feed_database_row(*, user, identifier: str) -> dict | None:
    """One database `user` may see, withdrawn or not, as a feed row (related rows not yet read)."""
    return _with_schema(database_list_visible(user=user)).filter(identifier=identifier).values(*DATASET_FIELDS).first()


def _with_schema(queryset: QuerySet) -> QuerySet:
    """has_schema: the database has tables, so its field schema exists (a semi-join, no extra query)."""
    return queryset.annotate(**_SCHEMA)


_SCHEMA = {"has_schema": Exists(Table.objects.filter(database=OuterRef("pk")))}


@dataclass(frozen=True)
class FeedState:
    """What the validators and the catalog's header need, from one aggregate query."""

    total: int
    latest: datetime | None


def feed_state(queryset: QuerySet) -> FeedState:
    found = queryset.order_by().aggregate(total=Count("id"), latest=Max("modified_at"))
    return FeedState(total=found["total"], latest=found["latest"])


def feed_etag(*, user, params: Mapping, state: FeedState, media_type: str) -> str:
    """A strong ETag: who is asking (what they may see), the query string, how many entries and
    when the latest changed, and the format. Restricted entries a user may not see count nowhere."""
    getlist = getattr(params, "getlist", lambda name: [params[name]])
    query = sorted((name, value) for name in params for value in getlist(name))
    who = f"user:{user.pk}" if user.is_authenticated else "anonymous"
    latest = state.latest.isoformat() if state.latest else "-"
    key = json.dumps([FEED_VERSION, who, str(visible_filter(user)), query, state.total, latest, media_type])
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:40] + '"'


def feed_publisher() -> dict | None:
    """The catalog's publisher: the body named by settings.CATALOG_PUBLISHER_CODE (the Government
    Office, GOV-ML3, unless set), or None when the register has no such body."""
    code = getattr(settings, "CATALOG_PUBLISHER_CODE", "GOV-ML3")
    return Body.objects.filter(code=code).values("code", "name_vi", "name_en", "level").first()


def dataset_rows(rows: list[dict], kinds: dict[str, str]) -> list[dict]:
    """Attach to each database row (read with `has_schema`) what the feed says about it: five
    queries at most whatever the number of rows. `kinds` caches ancestor bodies' kinds across chunks."""
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        row.update(themes=[], standards=[], legal=[], services=[])
    of_rows = _related_condition(sorted(by_id))
    themes = Database.themes.through.objects.filter(**of_rows).order_by("theme__code")
    for pk, *theme in themes.values_list("database_id", "theme__code", "theme__label_vi", "theme__label_en"):
        if pk in by_id:
            by_id[pk]["themes"].append(theme)
    standards = DatabaseStandard.objects.filter(**of_rows).order_by("standard__code")
    for pk, *standard in standards.values_list("database_id", "standard__code", "standard__title", "standard__url"):
        if pk in by_id:
            by_id[pk]["standards"].append(standard)
    legal = Database.legal_basis.through.objects.filter(**of_rows).order_by("legaldocument__number")
    for pk, *document in legal.values_list("database_id", "legaldocument__number", "legaldocument__title",
                                           "legaldocument__issued_on", "legaldocument__url"):
        if pk in by_id:
            by_id[pk]["legal"].append(document)
    services = Service.objects.filter(**of_rows).order_by("database_id", "title", "id")
    for service in services.values("id", "database_id", "title", "endpoint_url", "endpoint_description_url",
                                   "protocol", "media_type", "access_conditions"):
        if service["database_id"] in by_id:
            by_id[service["database_id"]]["services"].append(service)
    spatial_attach(rows, kinds)
    return rows


def _related_condition(ids: list[int]) -> dict:
    """Related rows of these databases: by key for a few, by key range for a chunk (cheaper to
    plan than thousands of parameters; rows of databases in the range but not in the chunk are
    skipped, and successive chunks' ranges do not overlap, so a stream reads each row once)."""
    if len(ids) <= RELATED_BY_KEY_MAX:
        return {"database_id__in": ids}
    return {"database_id__gte": ids[0], "database_id__lte": ids[-1]}


def spatial_attach(rows: list[dict], kinds: dict[str, str]) -> None:
    """Each row's dct:spatial; the kinds of ancestor bodies not yet known cost one query."""
    paths = {row["id"]: [code for code in row["owner__path"].split("/") if code] for row in rows}
    local = (BodyKind.PROVINCE, BodyKind.COMMUNE)
    missing = {code for row in rows if row["owner__kind"] not in local for code in paths[row["id"]][:-1]} - kinds.keys()
    if missing:
        kinds.update(dict.fromkeys(missing, ""))
        kinds.update(Body.objects.filter(code__in=missing, kind__in=local).values_list("code", "kind"))
    for row in rows:
        row["spatial"] = dcat.spatial_iri(row["owner__code"], row["owner__kind"], paths[row["id"]], kinds)


def dataset_chunks(queryset: QuerySet, chunk_size: int = CHUNK_SIZE) -> Iterator[list[dict]]:
    """The databases by primary key, `chunk_size` at a time (keyset paging: no OFFSET to skip)."""
    last, kinds = 0, {}
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values(*DATASET_FIELDS)[:chunk_size])
        if rows:
            yield dataset_rows(rows, kinds)
        if len(rows) < chunk_size:
            return
        last = rows[-1]["id"]


# --- Writers --------------------------------------------------------------------------------------
# Hot loops: predicates and classes are written as prefixed names looked up in one dict; an object
# is an IRI when its type is str, a literal (text, language, datatype) otherwise.

def _prefixed_names() -> dict[str, str]:
    names = {dcat.A: "rdf:type"}
    for prefix in ("dcat", "dct", "dcatap", "foaf", "vcard", "skos", "adms", "eli", "hydra", "rdfs", "xsd", "dqv",
                   "prov"):
        for term in vars(getattr(dcat, prefix)).values():
            names[term] = f"{prefix}:{term[len(dcat.PREFIXES[prefix]):]}"
    return names


QNAMES = _prefixed_names()  # every predicate, class and datatype the feed writes
_TURTLE_PREDICATES = {**QNAMES, dcat.A: "a"}
_TURTLE_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # no XML 1.0 document may hold them


def _turtle_node(node) -> str:
    """One subject, its predicates in order, repeated ones written once with a comma."""
    subject, pairs = node
    parts, previous = [], None
    for predicate, value in pairs:
        if type(value) is str:
            term = QNAMES.get(value) or f"<{value}>"
        else:
            text, language, datatype = value
            # JSON's string escapes are all valid Turtle escapes (Turtle 1.1 §6.4).
            term = json.dumps(text, ensure_ascii=False) if _TURTLE_ESCAPE.search(text) else f'"{text}"'
            if language:
                term = f"{term}@{language}"
            elif datatype:
                term = f"{term}^^{QNAMES[datatype]}"
        if predicate == previous:
            parts.append(f", {term}")
        else:
            parts.append(f"{' ;' if previous else ''}\n    {_TURTLE_PREDICATES[predicate]} {term}")
            previous = predicate
    return f"<{subject}>{''.join(parts)} .\n"


def _jsonld_node(node) -> str:
    subject, pairs = node
    out: dict = {"@id": subject, "@type": []}
    for predicate, value in pairs:
        if predicate == dcat.A:
            out["@type"].append(QNAMES.get(value, value))
            continue
        if type(value) is str:
            item = {"@id": value}
        else:
            text, language, datatype = value
            item = ({"@value": text, "@language": language} if language else
                    {"@value": text, "@type": QNAMES[datatype]} if datatype else {"@value": text})
        out.setdefault(QNAMES[predicate], []).append(item)
    if not out["@type"]:
        del out["@type"]
    return json.dumps(out, ensure_ascii=False)


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return _XML_ILLEGAL.sub("", text)


def _rdfxml_node(node) -> str:
    subject, pairs = node
    lines = [f"<rdf:Description rdf:about={quoteattr(subject)}>"]
    for predicate, value in pairs:
        tag = QNAMES[predicate]
        if type(value) is str:
            lines.append(f"  <{tag} rdf:resource={quoteattr(value)}/>")
            continue
        text, language, datatype = value
        attribute = f' xml:lang="{language}"' if language else f' rdf:datatype="{datatype}"' if datatype else ""
        lines.append(f"  <{tag}{attribute}>{_xml_text(text)}</{tag}>")
    lines.append("</rdf:Description>\n")
    return "\n".join(lines)


@dataclass
class Writer:
    """One document in one syntax: head, any number of node batches, tail."""

    media_type: str
    started: bool = field(default=False)

    def head(self) -> str:
        if self.media_type == TURTLE:
            return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in dcat.PREFIXES.items()) + "\n"
        if self.media_type == JSON_LD:
            return '{"@context": ' + json.dumps(dcat.PREFIXES) + ',\n"@graph": [\n'
        xmlns = " ".join(f"xmlns:{prefix}={quoteattr(namespace)}" for prefix, namespace in dcat.PREFIXES.items())
        return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF {xmlns}>\n'

    def write(self, nodes: list) -> str:
        if not nodes:
            return ""
        if self.media_type == TURTLE:
            return "\n".join(map(_turtle_node, nodes)) + "\n"
        if self.media_type == RDF_XML:
            return "".join(map(_rdfxml_node, nodes))
        text = (",\n" if self.started else "") + ",\n".join(map(_jsonld_node, nodes))
        self.started = True
        return text

    def tail(self) -> str:
        return {TURTLE: "", JSON_LD: "\n]}\n", RDF_XML: "</rdf:RDF>\n"}[self.media_type]


# --- Documents ------------------------------------------------------------------------------------

def catalog_stream(*, user, filters: FeedFilters | Mapping | None = None, media_type: str = TURTLE,
                   state: FeedState | None = None, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """The whole catalog `user` may see, as text pieces: one per chunk of databases."""
    queryset = feed_databases(user=user, filters=feed_filters_of(filters))
    state = state or feed_state(queryset)
    writer, shared = Writer(media_type), dcat.Shared()
    header = dcat.catalog_nodes(shared, publisher=feed_publisher(), total=state.total, latest=state.latest)
    yield writer.head() + writer.write(header)
    chunks = dataset_chunks(queryset, chunk_size)
    while True:
        with cyclic_gc_paused():  # only while reading, never across a yield
            rows = next(chunks, None)
        if rows is None:
            break
        for start in range(0, len(rows), WRITE_BATCH):  # text a batch at a time: memory stays small
            with cyclic_gc_paused():
                nodes = []
                for row in rows[start:start + WRITE_BATCH]:
                    nodes.append(dcat.catalog_membership_node(row["identifier"]))
                    nodes += dataset_nodes(shared, row)
                text = writer.write(nodes)
                del nodes
            yield text
        del rows
    yield writer.tail()


def catalog_turtle_stream(*, user, filters: FeedFilters | Mapping | None = None) -> Iterator[str]:
    """The whole catalog as Turtle, for the streamed answer and for benchmarks (no HTTP needed)."""
    return catalog_stream(user=user, filters=filters, media_type=TURTLE)


@dataclass(frozen=True)
class CatalogPage:
    rows: list[dict]
    number: int
    size: int
    total: int
    latest: datetime | None

    @property
    def last(self) -> int:
        return page_count(self.total, self.size)


def page_count(total: int, page_size: int) -> int:
    """Pages of `total` entries; an empty catalog has one, empty, page."""
    return max(1, math.ceil(total / page_size))


def catalog_page_read(*, user, filters: FeedFilters, page: int, page_size: int,
                      state: FeedState | None = None) -> CatalogPage:
    """One page of the catalog by primary key; FeedPageMissing after the last page."""
    queryset = feed_databases(user=user, filters=filters)
    state = state or feed_state(queryset)
    if page > page_count(state.total, page_size):
        raise FeedPageMissing(page)
    start = (page - 1) * page_size
    # The page's keys first (an index walk, however deep the page), then only those rows.
    ids = list(queryset.order_by("pk").values_list("pk", flat=True)[start:start + page_size]) if state.total else []
    rows = list(queryset.filter(pk__in=ids).order_by("pk").values(*DATASET_FIELDS))
    return CatalogPage(dataset_rows(rows, {}) if rows else [], page, page_size, state.total, state.latest)


def catalog_page_write(page: CatalogPage, *, page_url, media_type: str = TURTLE) -> str:
    """The catalog with one page of datasets and its Hydra view; `page_url(n)` is page n's absolute URL."""
    with cyclic_gc_paused():
        return _catalog_page_text(page, page_url, media_type)


def _catalog_page_text(page: CatalogPage, page_url, media_type: str) -> str:
    writer, shared = Writer(media_type), dcat.Shared()
    nodes = dcat.catalog_nodes(shared, publisher=feed_publisher(), total=page.total, latest=page.latest)
    view = page_url(page.number)
    nodes.append((dcat.catalog_iri(), [(dcat.hydra.view, view)]))
    nodes.append(dcat.view_node(
        view=view, first=page_url(1), last=page_url(page.last),
        previous=page_url(page.number - 1) if page.number > 1 else None,
        next_=page_url(page.number + 1) if page.number < page.last else None,
        total=page.total, page_size=page.size,
    ))
    for row in page.rows:
        nodes.append(dcat.catalog_membership_node(row["identifier"]))
        nodes += dataset_nodes(shared, row)
    return writer.head() + writer.write(nodes) + writer.tail()


def catalog_page(*, user, filters: FeedFilters | Mapping | None = None, page: int = 1,
                 page_size: int = PAGE_SIZE_DEFAULT, page_url=None, media_type: str = TURTLE) -> str:
    """One page of the catalog as a document, without HTTP (benchmarks, tests)."""
    base = f"{settings.SITE_URL}/catalog?page_size={page_size}&page="
    read = catalog_page_read(user=user, filters=feed_filters_of(filters), page=page, page_size=page_size)
    return catalog_page_write(read, page_url=page_url or (lambda number: f"{base}{number}"), media_type=media_type)


def dataset_document(row: dict, *, media_type: str = TURTLE) -> str:
    """One database's own document: the dataset, its record, distributions and services."""
    writer = Writer(media_type)
    return writer.head() + writer.write(dataset_nodes(dcat.Shared(), row)) + writer.tail()


def dataset_nodes(shared: dcat.Shared, row: dict) -> list:
    """A dataset as catalog.dcat describes it, with its quality measurements (catalog.dqv)."""
    return dcat.dataset_nodes(shared, row) + dqv.quality_nodes(shared, row)

