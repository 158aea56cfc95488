"""The registry's reading pages for people (issue #8): home, search, the list of databases and the
harvest sources with their run reports. The database page itself is catalog.views.database_detail
(one IRI answering HTML or RDF). Who sees what is asked of architecture.access only."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from rest_framework.exceptions import ValidationError as ApiValidationError

from architecture import access
from architecture.api.search import query_words
from architecture.models import Body, BodyLevel
from catalog import search
from catalog.api.filters import DatabaseFilter
from catalog.models import (
    Database,
    DatabaseKind,
    HarvestRun,
    HarvestSource,
    HarvestStatus,
    Lifecycle,
    ReviewState,
)
from catalog.selectors import database_list_visible
from catalog.tasks import harvest_source_run
from config.queue import task_enqueue

PAGE_SIZE = 25
ATTENTION_ROWS = 10


# --- home

def _incomplete(databases) -> list[tuple[Database, list[str]]]:
    """Entries missing what a complete entry says: description, contact, legal basis, structure."""
    rows = databases.annotate(
        legal_count=Count("legal_basis", distinct=True), table_count=Count("tables", distinct=True),
    ).filter(Q(description_vi="") | (Q(contact_email="") & Q(contact_phone="")) | Q(legal_count=0) | Q(table_count=0))
    result = []
    for database in rows.order_by("identifier")[:ATTENTION_ROWS]:
        missing = []
        if not database.description_vi:
            missing.append(_("description"))
        if not (database.contact_email or database.contact_phone):
            missing.append(_("contact"))
        if not database.legal_count:
            missing.append(_("legal basis"))
        if not database.table_count:
            missing.append(_("tables and fields"))
        result.append((database, missing))
    return result


def _late_milestones(user):
    """Open milestones past their date, of the user's chain (or of every body for those who read
    everything), once the milestone register exists."""
    try:
        milestone = apps.get_model("architecture", "Milestone")
    except LookupError:
        return None
    rows = milestone.objects.select_related("body")
    if hasattr(rows, "behind"):
        rows = rows.behind()
    else:  # pragma: no cover - the register without its state queries
        rows = rows.filter(target_date__lt=timezone.localdate()).exclude(status__in=["done", "cancelled"])
    if not access.reads_everything(user):
        if user.body_id is None:
            return []
        rows = rows.filter(body__path__startswith=user.body.path)
    return list(rows.order_by("target_date")[:ATTENTION_ROWS])


def _failing_sources():
    """Enabled sources whose latest run failed or partly failed."""
    rows = []
    for source in HarvestSource.objects.filter(enabled=True).order_by("name"):
        run = source.runs.order_by("-started_at", "-id").first()
        if run is not None and run.status in (HarvestStatus.FAILED, HarvestStatus.PARTIAL):
            rows.append((source, run))
    return rows[:ATTENTION_ROWS]


@require_safe
def home(request):
    user = request.user
    context = {"form": SearchForm(),
               "visible_count": database_list_visible(user=user).filter(withdrawn_at__isnull=True).count()}
    if user.is_authenticated:
        editable = access.editable_filter(user)
        if editable is not None and user.is_editor:
            mine = Database.objects.filter(editable).filter(withdrawn_at__isnull=True)
            context["incomplete"] = _incomplete(mine)
            context["returned"] = list(mine.filter(review_state=ReviewState.RETURNED).order_by("identifier")[:ATTENTION_ROWS])
        if access.can_review(user):
            waiting = Database.objects.filter(review_state=ReviewState.SUBMITTED).select_related("owner")
            context["waiting_count"] = waiting.count()
            context["waiting"] = list(waiting.order_by("submitted_on", "identifier")[:ATTENTION_ROWS])
        context["late_milestones"] = _late_milestones(user)
        if access.reads_everything(user):
            context["failing_sources"] = _failing_sources()
    return render(request, "home.html", context)


# --- search

TYPES = [("", gettext_lazy("Everything")), ("database", gettext_lazy("Databases")), ("body", gettext_lazy("Bodies")),
         ("field", gettext_lazy("Fields")), ("element", gettext_lazy("Dictionary elements")),
         ("code_list", gettext_lazy("Code lists"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy(
                            "for example: co so du lieu dan cu")}))
    type = forms.ChoiceField(label=gettext_lazy("Look in"), choices=TYPES, required=False)
    kind = forms.ChoiceField(choices=[("", "")] + DatabaseKind.choices, required=False)
    lifecycle = forms.ChoiceField(choices=[("", "")] + Lifecycle.choices, required=False)
    review_state = forms.ChoiceField(choices=[("", "")] + ReviewState.choices, required=False)
    body = forms.CharField(required=False, max_length=32)
    province = forms.CharField(required=False, max_length=32)

    def clean_q(self):
        value = self.cleaned_data["q"]
        try:
            query_words(value)
        except ApiValidationError as error:
            raise forms.ValidationError(_("Use at most 8 words of at most 40 letters.")) from error
        return value

    def _body(self, name, level=None):
        code = self.cleaned_data.get(name)
        if not code:
            return None
        body = Body.objects.filter(code=code).first()
        if body is None or (level and body.level != level):
            self.add_error(name, _("No body has the code “%(code)s”.") % {"code": code})
            return None
        return body

    def clean(self):
        cleaned = super().clean()
        cleaned["body_obj"] = self._body("body")
        cleaned["province_obj"] = self._body("province", BodyLevel.PROVINCIAL)
        return cleaned


FACETS = ("kind", "lifecycle", "review_state", "body", "province")


def _facet_links(params, facets: list[search.Facet]) -> list[dict]:
    """Each facet value with the query string that selects it (or, when selected, removes it)."""
    result = []
    for facet in facets:
        options = []
        for value, label, count in facet.options:
            query = params.copy()
            query.pop("page", None)
            selected = params.get(facet.name) == value
            if selected:
                query.pop(facet.name, None)
            else:
                query[facet.name] = value
            options.append({"label": label, "count": count, "selected": selected, "href": query.urlencode()})
        result.append({"name": facet.name, "label": facet.label, "options": options})
    return result


@require_safe
def search_page(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "searched": False}
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        words = search.words_of(data["q"])
        filters = search.DatabaseFilters(kind=data["kind"], lifecycle=data["lifecycle"],
                                         review_state=data["review_state"], body=data["body_obj"],
                                         province=data["province_obj"])
        kind = data["type"]
        filtered = any([filters.kind, filters.lifecycle, filters.review_state, filters.body, filters.province])
        page_params = request.GET.copy()
        page_params.pop("page", None)
        context.update(searched=bool(words) or filtered, words=words, type=kind, query=data["q"],
                       page_params=page_params.urlencode(),
                       active_filters=[(name, request.GET[name]) for name in FACETS if request.GET.get(name)])
        if kind in ("", "database") and (words or filtered):
            matches = search.database_matches(user=request.user, words=words, filters=filters)
            ids = search.database_ranked_ids(matches, words)
            page = Paginator(ids[:search.MAX_RANKED], PAGE_SIZE).get_page(request.GET.get("page"))
            context.update(page=page, databases=search.databases_by_ids(list(page.object_list)),
                           more_than_ranked=len(ids) > search.MAX_RANKED, total=matches.count(),
                           facets=_facet_links(request.GET, search.database_facets(
                               user=request.user, words=words, filters=filters)))
        limit = 10 if kind == "" else 50
        if kind in ("", "body"):
            context["bodies"] = search.body_search(words=words, limit=limit)
        if kind in ("", "field"):
            context["fields"] = search.field_search(user=request.user, words=words, limit=limit)
        if kind in ("", "element"):
            context["elements"] = search.element_search(words=words, limit=limit)
        if kind in ("", "code_list"):
            context["code_lists"] = search.code_list_search(words=words, limit=limit)
    elif form.is_bound:
        status = 400
    return render(request, "search/search.html", context, status=status)


# --- the list of databases

@require_safe
def database_list(request):
    queryset = database_list_visible(user=request.user).filter(withdrawn_at__isnull=True).order_by("identifier")
    filterset = DatabaseFilter(request.GET, queryset=queryset, request=request)
    status, errors = 200, {}
    try:
        valid = filterset.is_valid()
        rows = filterset.qs if valid else queryset.none()
        errors = filterset.errors
    except ApiValidationError as error:
        rows, errors = queryset.none(), error.detail
    if errors:
        status = 400
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "catalog/database_list.html", {
        "filterset": filterset, "page": page, "errors": errors, "params": params.urlencode(),
        "kinds": DatabaseKind.choices, "lifecycles": Lifecycle.choices, "review_states": ReviewState.choices,
    }, status=status)


# --- harvest sources: reports are information within the political system (signed-in readers)

def _require_harvest_reader(request, source=None):
    owner = source.owner if source is not None else None
    if not access.can_view(request.user, owner=owner, access_level=access.AccessLevel.INTERNAL):
        raise PermissionDenied


@require_safe
@login_required
def harvest_source_list(request):
    _require_harvest_reader(request)
    sources = list(HarvestSource.objects.select_related("owner").order_by("name"))
    latest = {}
    for run in HarvestRun.objects.filter(source__in=sources).order_by("source_id", "-started_at", "-id"):
        latest.setdefault(run.source_id, run)
    rows = [(source, latest.get(source.pk)) for source in sources]
    return render(request, "harvest/source_list.html", {"rows": rows})


@require_safe
@login_required
def harvest_source_detail(request, pk):
    source = get_object_or_404(HarvestSource.objects.select_related("owner"), pk=pk)
    _require_harvest_reader(request, source)
    runs = Paginator(source.runs.order_by("-started_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    running = source.runs.filter(status=HarvestStatus.RUNNING).exists()
    return render(request, "harvest/source_detail.html", {
        "source": source, "page": runs, "running": running,
        "can_run": access.is_administrator(request.user),
    })


@require_safe
@login_required
def harvest_run_detail(request, pk):
    run = get_object_or_404(HarvestRun.objects.select_related("source__owner"), pk=pk)
    _require_harvest_reader(request, run.source)
    lines = Paginator(run.lines.order_by("id"), 100).get_page(request.GET.get("page"))
    return render(request, "harvest/run_detail.html", {
        "run": run, "source": run.source, "page": lines, "running": run.status == HarvestStatus.RUNNING})


@require_POST
@login_required
def harvest_source_run_now(request, pk):
    """Starts a run (an administrator's act); the source's page then shows its status."""
    source = get_object_or_404(HarvestSource, pk=pk)
    if not access.is_administrator(request.user):
        raise PermissionDenied
    if not source.enabled:
        raise Http404("This source is disabled.")
    if task_enqueue(harvest_source_run, source.pk):
        messages.info(request, _("The harvest has started; this page shows its progress."))
    else:  # the source stays due: the next scheduled look starts it once the queue is back
        messages.error(request, _("The task queue cannot be reached now: try again in a few minutes."))
    return redirect("catalog:harvest-source", pk=source.pk)
