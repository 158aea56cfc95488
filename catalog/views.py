"""The catalog's IRIs, each HTML for people and RDF for machines (architecture.rdf_http): a database's
field schema (SHACL), the catalog and each database (DCAT-AP 3.0.1)."""

import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from architecture.access import AccessLevel, can_assess
from architecture.audit import audit_entry_download, audit_export
from architecture.rdf_http import FORMATS, FORMATS_BY_SUFFIX, HTML, alternates, media_type_choose, negotiate
from catalog import dcat, rdf
from catalog import dcat_stream as feed
from catalog.database_page import database_page_context
from catalog.models import Database, DatabaseKind, Field, SyncFrequency
from catalog.selectors import database_get_visible


def database_schema(request, identifier, suffix=None):
    try:
        database = database_get_visible(user=request.user, identifier=identifier)
    except Database.DoesNotExist:
        raise Http404("No such database.") from None  # the same answer whether missing or not visible
    fields = Field.objects.select_related("element__code_list")
    tables = list(database.tables.prefetch_related(Prefetch("fields", queryset=fields)))
    response = negotiate(
        request, suffix=suffix, template="catalog/schema.html",
        graph=lambda: rdf.database_schema_graph(database, tables),
        context=lambda: {"database": database, "tables": tables, "iri": rdf.database_schema_iri(identifier)},
    )
    audit_entry_download(request=request, response=response, entry=f"databases/{database.identifier}/schema",
                         access_level=database.access_level)
    return response


# --- DCAT-AP 3.0.1: the catalog and its datasets (catalog.dcat says what, catalog.dcat_stream how) ---

FEED_VARY = ("Accept", "Authorization", "Cookie")


@require_safe
def catalog(request, suffix=None):
    """The catalog, one page at a time (?page, ?page_size) or whole (?page_size=all, RDF only, streamed)."""
    try:
        query = feed.feed_query_parse(request.GET)
    except feed.FeedParameterError as error:
        return _parameter_error(error)
    media_type = _media_type(request, suffix, html=query.page_size is not None)
    if media_type is None:
        return _not_acceptable()
    state = feed.feed_state(feed.feed_databases(user=request.user, filters=query.filters))
    if query.page_size is not None and query.page > (last := feed.page_count(state.total, query.page_size)):
        return _not_found(f"No such page: the last page is {last}.")
    if media_type == HTML:
        page = feed.catalog_page_read(user=request.user, filters=query.filters, page=query.page,
                                      page_size=query.page_size, state=state)
        return _vary(render(request, "catalog/catalog.html", catalog_context(request, page)))
    etag = feed.feed_etag(user=request.user, params=request.GET, state=state, media_type=media_type)
    not_modified = get_conditional_response(request, etag=etag, last_modified=_seconds(state.latest))
    if not_modified is not None:
        return _validated(not_modified, request, etag, state.latest)
    content_type = f"{media_type}; charset=utf-8"
    if query.page_size is None:
        audit_export(request=request, target=f"catalog ({media_type})", restricted=request.user.is_authenticated)
        stream = feed.catalog_stream(user=request.user, filters=query.filters, media_type=media_type, state=state)
        response = StreamingHttpResponse(stream, content_type=content_type)
    else:
        page = feed.catalog_page_read(user=request.user, filters=query.filters, page=query.page,
                                      page_size=query.page_size, state=state)
        text = feed.catalog_page_write(page, page_url=_page_url(request), media_type=media_type)
        response = HttpResponse(text, content_type=content_type)
    return _validated(response, request, etag, state.latest)


@require_safe
def database_detail(request, identifier, suffix=None):
    """One database as a dcat:Dataset; 404 when missing or not visible alike, 410 once withdrawn."""
    media_type = _media_type(request, suffix, html=True)
    if media_type is None:
        return _not_acceptable()
    row = feed.feed_database_row(user=request.user, identifier=identifier)
    if row is None:
        return _not_found("No such database.")  # the same answer whether missing or not visible
    if row["withdrawn_at"]:
        return _vary(HttpResponse(f"Withdrawn on {row['withdrawn_at']:%Y-%m-%d}: no longer published.\n", status=410,
                                  content_type="text/plain; charset=utf-8"))
    if media_type == HTML:
        context = dataset_context(request, feed.dataset_rows([row], {})[0])
        context.update(database_page_context(user=request.user, identifier=row["identifier"]))
        context["can_assess"] = can_assess(request.user, owner=context["database"].owner)
        return _vary(render(request, "catalog/dataset.html", context))
    state = feed.FeedState(total=1, latest=row["modified_at"])
    etag = feed.feed_etag(user=request.user, params={"identifier": identifier}, state=state, media_type=media_type)
    not_modified = get_conditional_response(request, etag=etag, last_modified=_seconds(state.latest))
    if not_modified is not None:
        return _validated(not_modified, request, etag, state.latest)
    text = feed.dataset_document(feed.dataset_rows([row], {})[0], media_type=media_type)
    response = HttpResponse(text, content_type=f"{media_type}; charset=utf-8")
    audit_entry_download(request=request, response=response, entry=f"databases/{row['identifier']}",
                         access_level=row["access_level"])
    return _validated(response, request, etag, state.latest)


def catalog_context(request, page) -> dict:
    page_url, english = _page_url(request), get_language() == "en"
    return {
        "title": dcat.CATALOG_TITLE[english], "description": dcat.CATALOG_DESCRIPTION[english], "page": page,
        "rows": [_labelled(row) for row in page.rows], "params": request.GET, "kinds": DatabaseKind.choices,
        "first_url": page_url(1), "last_url": page_url(page.last),
        "previous_url": page_url(page.number - 1) if page.number > 1 else None,
        "next_url": page_url(page.number + 1) if page.number < page.last else None,
        "iri": dcat.catalog_iri(), "alternates": alternates(request),
    }


def dataset_context(request, row: dict) -> dict:
    return {"row": _labelled(row), "iri": dcat.dataset_iri(row["identifier"]), "alternates": alternates(request)}


def _labelled(row: dict) -> dict:
    return {**row, "kind_label": DatabaseKind(row["kind"]).label,
            "access_label": AccessLevel(row["access_level"]).label,
            "frequency_label": SyncFrequency(row["sync_frequency"]).label if row["sync_frequency"] else "",
            "keyword_list": dcat.keyword_list(row["keywords"])}


def _media_type(request, suffix, *, html: bool) -> str | None:
    """The suffix's format, else the Accept header's choice (architecture.rdf_http); without `html`
    a browser's Accept still gets RDF (Turtle for */*), and a client taking HTML only gets 406."""
    if suffix:
        return FORMATS_BY_SUFFIX[suffix].media_type
    accept = request.headers.get("Accept") or "*/*"
    if not html:
        kept = [part for part in accept.split(",")
                if part.split(";")[0].strip().lower() not in (HTML, "application/xhtml+xml")]
        if not kept:
            return None
        accept = ",".join(kept)
    return media_type_choose(accept)


def _not_found(message: str) -> HttpResponse:
    """404 that varies like the feed: what a token may see, an anonymous cache must not keep."""
    return _vary(HttpResponse(f"{message}\n", status=404, content_type="text/plain; charset=utf-8"))


def _not_acceptable() -> HttpResponse:
    offered = ", ".join([*(f.media_type for f in FORMATS), HTML])
    return _vary(HttpResponse(f"Not acceptable. This resource is offered as: {offered}.\n", status=406,
                              content_type="text/plain; charset=utf-8"))


def _parameter_error(error) -> HttpResponse:
    """RFC 9457 problem details, naming the parameter and the reason."""
    body = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": str(error),
            "parameter": error.parameter, "reason": error.reason}
    return _vary(HttpResponse(json.dumps(body, ensure_ascii=False), status=400,
                              content_type="application/problem+json; charset=utf-8"))


def _page_url(request):
    """Absolute URL of page n of this request, every other query parameter kept."""
    base = f"{settings.SITE_URL}{request.path}"

    def page_url(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return f"{base}?{params.urlencode()}"
    return page_url


def _seconds(moment) -> int | None:
    return int(moment.timestamp()) if moment else None


def _validated(response, request, etag: str, latest) -> HttpResponse:
    response["ETag"] = etag
    if latest:
        response["Last-Modified"] = http_date(_seconds(latest))
    # Harvesters revalidate every time (cheap: one aggregate query); what a token sees stays private.
    patch_cache_control(response, no_cache=True, **({"private": True} if request.user.is_authenticated else {}))
    return _vary(response)


def _vary(response) -> HttpResponse:
    patch_vary_headers(response, FEED_VARY)
    return response
