"""The dictionary's IRIs: each answers HTML to people and RDF to machines (architecture.rdf_http)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from architecture.access import can_propose_dictionary_change
from architecture.rdf_http import negotiate
from dictionary import codelist_io, rdf
from dictionary.models import CodeList, DataElement, ItemStatus, Release
from dictionary.releases import release_diff

PAGE_SIZE = 200
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _with_status_labels(rows) -> list[dict]:
    return [{**row, "status_label": ItemStatus(row["status"]).label} for row in rows]


def dictionary_detail(request, suffix=None):
    rows = DataElement.objects.order_by("identifier").values("identifier", "name_vi", "name_en", "status")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    code_lists = list(CodeList.objects.order_by("identifier").values("identifier", "name_vi", "name_en", "status"))
    base = f"{settings.SITE_URL}{request.path}"
    return negotiate(
        request, suffix=suffix, template="dictionary/dictionary.html",
        graph=lambda: rdf.dictionary_graph(page=page, code_lists=code_lists, page_url=lambda n: f"{base}?page={n}"),
        context=lambda: {"page": page, "rows": _with_status_labels(page.object_list), "code_lists": code_lists,
                         "iri": rdf.dictionary_iri()},
    )


def element_detail(request, identifier, suffix=None):
    element = get_object_or_404(
        DataElement.objects.select_related("topic", "code_list", "steward", "successor")
        .prefetch_related("legal_basis"),
        identifier=identifier,
    )
    return negotiate(
        request, suffix=suffix, template="dictionary/element.html",
        graph=lambda: rdf.element_graph(element),
        context=lambda: {"element": element, "iri": rdf.element_iri(identifier),
                         "can_propose": can_propose_dictionary_change(request.user)},
    )


def _code_list(identifier: str) -> CodeList:
    return get_object_or_404(
        CodeList.objects.select_related("steward", "successor").prefetch_related("legal_basis"), identifier=identifier,
    )


def code_list_detail(request, identifier, suffix=None):
    code_list = _code_list(identifier)
    content = rdf.code_list_content(code_list)
    return negotiate(
        request, suffix=suffix, template="dictionary/code_list.html",
        graph=lambda: rdf.code_list_graph(content, narrower_elsewhere=rdf.children_elsewhere(code_list)),
        context=lambda: {"code_list": code_list, "values": content["values"], "iri": rdf.code_list_iri(identifier)},
    )


def code_value_detail(request, identifier, code, suffix=None):
    code_list = _code_list(identifier)
    content = rdf.code_list_content(code_list, codes=[code])
    if not content["values"]:
        raise Http404("No such value in this code list.")
    children = rdf.children_elsewhere(code_list, codes=[code])
    return negotiate(
        request, suffix=suffix, template="dictionary/code_value.html",
        graph=lambda: rdf.code_list_graph(content, narrower_elsewhere=children),
        context=lambda: {"code_list": code_list, "value": content["values"][0], "children": children,
                         "iri": rdf.code_value_iri(identifier, code)},
    )


def release_list(request, suffix=None):
    releases = list(Release.objects.select_related("prior"))
    return negotiate(
        request, suffix=suffix, template="dictionary/releases.html",
        graph=lambda: rdf.releases_graph(releases),
        context=lambda: {"releases": releases, "iri": rdf.releases_iri()},
    )


def release_detail(request, version, suffix=None):
    release = get_object_or_404(Release.objects.select_related("prior"), version=version)
    items = list(release.items.order_by("kind", "identifier").values("kind", "identifier", "status", "content"))
    return negotiate(
        request, suffix=suffix, template="dictionary/release.html",
        graph=lambda: rdf.release_graph(release, items),
        context=lambda: {"release": release, "items": _with_status_labels(items), "iri": rdf.release_iri(version)},
    )


def release_changes(request, version):
    """What changed in release `version` since an earlier one (?since=<version>, default the prior)."""
    release = get_object_or_404(Release.objects.select_related("prior"), version=version)
    since_version = request.GET.get("since") or (release.prior.version if release.prior else None)
    since = get_object_or_404(Release, version=since_version) if since_version else None
    changes = release_diff(old=since, new=release) if since else None
    return render(request, "dictionary/release_changes.html", {
        "release": release, "since": since, "changes": changes,
        "others": Release.objects.exclude(pk=release.pk).values_list("version", flat=True),
    })


def code_list_export(request, identifier, fmt):
    """The list's values as a file for spreadsheets (see dictionary.codelist_io for the columns)."""
    code_list = _code_list(identifier)
    data = codelist_io.code_list_export(code_list=code_list, fmt=fmt)
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{code_list.identifier}.{fmt}"'
    return response
