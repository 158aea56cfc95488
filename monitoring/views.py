"""The dashboard's pages: server-rendered, working without JavaScript. Every number comes from
monitoring.figures over what the reader may see; lists and exports use the same filters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from architecture.access import reads_everything
from architecture.audit import audit_export
from architecture.models import Body
from config.queue import task_enqueue
from monitoring import charts
from monitoring.exports import table_response
from monitoring.figures import DEFINITIONS, DEFINITIONS_BY_KEY, database_list_counted
from monitoring.figures_plans import milestone_progress_by_deadline
from monitoring.figures_scores import BANDS, band_label
from monitoring.lists import (
    UnknownList,
    entries_for_figure,
    list_title,
    page_rows,
    table_rows,
)
from monitoring.models import AlertPreference, FigureSnapshot, MonthlyReport, ReportFile
from monitoring.progress import DEADLINES
from monitoring.selectors import (
    body_ancestors,
    cache_minutes,
    figure_table,
    figures_for_reader,
)

# Columns of the breakdown table (the full set is in the export and the API).
BREAKDOWN_COLUMNS = ["databases_total", "reviewed_share", "standardized_share", "sync_share", "sync_overdue",
                     "coverage_share", "conformance_avg", "quality_avg", "strategies_share", "chief_engineers_share",
                     "milestones_late", "milestones_overdue", "harvest_failing"]
TREND_COLUMNS = ["databases_total", "reviewed_share", "sync_share", "sync_overdue", "coverage_share"]
RANKINGS = ["reviewed_share", "standardized_share", "sync_share", "coverage_share", "conformance_avg", "quality_avg"]
FAMILY_TITLES = {
    "databases": gettext_lazy("Databases"),
    "fields": gettext_lazy("Dictionary coverage"),
    "harvest": gettext_lazy("Harvesting"),
    "plans": gettext_lazy("Strategies and chief engineers"),
    "milestones": gettext_lazy("Milestones"),
    "scores": gettext_lazy("Conformance and quality scores"),
}


def _body(code: str | None) -> Body | None:
    return None if code is None else get_object_or_404(Body, code=code)


def _url(page: str, body: Body | None, **kwargs) -> str:
    if body is None:
        return reverse(f"monitoring:{page}", kwargs=kwargs)
    return reverse(f"monitoring:{page}-body", kwargs={"code": body.code, **kwargs})


def _scope_name(body: Body | None) -> str:
    return body.name_vi if body is not None else _("Whole political system")


def _cells(values: dict, keys: list[str]) -> list[tuple]:
    return [(values.get(key), DEFINITIONS_BY_KEY[key].unit) for key in keys]


def _breadcrumbs(body: Body | None) -> list[tuple[str, str]]:
    crumbs = [(_("Whole political system"), _url("dashboard", None))]
    if body is not None:
        crumbs += [(ancestor.name_vi, _url("dashboard", ancestor)) for ancestor in body_ancestors(body=body)]
        crumbs.append((body.name_vi, ""))
    return crumbs


def _families(totals: dict, body: Body | None) -> list[dict]:
    families: dict[str, list] = {}
    for definition in DEFINITIONS:
        link = _url("list", body, name=definition.list_name) if definition.list_name else ""
        families.setdefault(definition.family, []).append(
            {"definition": definition, "value": totals.get(definition.key), "link": link})
    return [{"title": FAMILY_TITLES.get(name, name), "figures": figures} for name, figures in families.items()]


def _charts(figures, body: Body | None, rank_by: str) -> dict:
    progress = charts.bars_svg(
        [charts.Bar(str(deadline.label), figures.totals.get(deadline.figure),
                    note=_("due %(date)s") % {"date": deadline.due.isoformat()}) for deadline in DEADLINES],
        title=_("Progress against each deadline (target 100%)"), maximum=100, unit="%", target=100)
    rows = [row for row in figures.rows if not row.own and row.values.get("databases_total")]
    if body is None:  # the national ranking is the ranking of provinces
        rows = [row for row in rows if row.body.level == "provincial"] or rows
    rows.sort(key=lambda row: (-(row.values.get(rank_by) or 0), row.body.code))
    ranking = charts.bars_svg(
        [charts.Bar(row.body.name_vi, row.values.get(rank_by), href=_url("dashboard", row.body)) for row in rows[:40]],
        title=_("Ranking: %(figure)s") % {"figure": DEFINITIONS_BY_KEY[rank_by].label}, maximum=100, unit="%")
    review = charts.histogram_svg(
        [(str(DEFINITIONS_BY_KEY[key].label), figures.totals.get(key) or 0) for key in
         ("review_not_reviewed", "review_submitted", "review_returned", "review_reviewed", "review_standardized")],
        title=_("Databases by review state"))
    scores = [charts.histogram_svg(
        [(band_label(low, high), figures.totals.get(f"{prefix}_band_{low}") or 0) for low, high in BANDS],
        title=title) for prefix, title, count in (
            ("quality", _("Distribution of quality scores"), "quality_scored"),
            ("conformance", _("Distribution of conformance scores"), "conformance_assessed"))
        if figures.totals.get(count)]  # nothing scored yet: no empty chart
    deadlines = milestone_progress_by_deadline(body=body, now=figures.computed_at)
    milestones = charts.bars_svg(
        [charts.Bar(row["template__title_vi"], row["done_share"],
                    note=_("due %(date)s, %(behind)s behind") % {"date": row["template__target_date"].isoformat(),
                                                                  "behind": row["behind"]})
         for row in deadlines], title=_("Milestones done, by deadline"), maximum=100, unit="%", target=100,
    ) if deadlines else None
    return {"progress": progress, "ranking": ranking, "review": review, "scores": scores, "milestones": milestones}


def _trend(body: Body | None, user) -> list[FigureSnapshot]:
    """Monthly snapshots count the whole register: only readers of everything see them."""
    if not reads_everything(user):
        return []
    snapshots = FigureSnapshot.objects.filter(body=body) if body else FigureSnapshot.objects.filter(body__isnull=True)
    return list(snapshots.order_by("-month")[:12])


@require_safe
def dashboard(request, code: str | None = None):
    body = _body(code)
    figures = figures_for_reader(user=request.user, body=body)
    rank_by = request.GET.get("rank") if request.GET.get("rank") in RANKINGS else "reviewed_share"
    leaf_databases = None
    if not figures.rows or all(row.own for row in figures.rows):
        leaf_databases = database_list_counted(user=request.user, body=body).select_related("owner").order_by(
            "identifier")[:200]
    trend = _trend(body, request.user)
    context = {
        "body": body, "scope_name": _scope_name(body), "breadcrumbs": _breadcrumbs(body),
        "figures": figures, "families": _families(figures.totals, body),
        "columns": [DEFINITIONS_BY_KEY[key] for key in BREAKDOWN_COLUMNS],
        "rows": [{"row": row, "cells": _cells(row.values, BREAKDOWN_COLUMNS),
                  "link": "" if row.own else _url("dashboard", row.body)} for row in figures.rows],
        "charts": _charts(figures, body, rank_by), "rankings": [DEFINITIONS_BY_KEY[key] for key in RANKINGS],
        "rank_by": rank_by, "leaf_databases": leaf_databases, "cache_minutes": cache_minutes(),
        "export_csv": _url("dashboard-export", body, fmt="csv"), "export_xlsx": _url("dashboard-export", body, fmt="xlsx"),
        "trend": [(snapshot.month, _cells(snapshot.figures, TREND_COLUMNS)) for snapshot in trend],
        "trend_columns": [DEFINITIONS_BY_KEY[key] for key in TREND_COLUMNS],
        "may_see_reports": reads_everything(request.user),
    }
    return render(request, "monitoring/dashboard.html", context)


@require_safe
def dashboard_export(request, fmt: str, code: str | None = None):
    body = _body(code)
    figures = figures_for_reader(user=request.user, body=body)
    headers, rows = figure_table(figures, total_label=_("Whole political system"))
    name = f"figures-{body.code if body else 'national'}-{timezone.localdate():%Y-%m-%d}"
    audit_export(request=request, target=f"{name}.{fmt}", rows=len(rows), restricted=request.user.is_authenticated)
    return table_response(headers, rows, fmt=fmt, filename=name)


def _entries(request, name: str, body: Body | None):
    try:
        return entries_for_figure(user=request.user, body=body, name=name, sort_param=request.GET.get("sort"))
    except UnknownList:
        raise Http404("No such list.") from None


@require_safe
def figure_list(request, name: str, code: str | None = None):
    body = _body(code)
    entries, columns, sort = _entries(request, name, body)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    headers = [{"label": column.label, "active": sort.key == column.key, "descending": sort.descending,
                "param": f"-{column.key}" if sort.key == column.key and not sort.descending else column.key}
               for column in columns]
    context = {
        "body": body, "scope_name": _scope_name(body), "breadcrumbs": _breadcrumbs(body),
        "title": list_title(name), "definition": DEFINITIONS_BY_KEY.get(name), "page": page,
        "headers": headers, "rows": page_rows(page.object_list, columns), "sort": sort, "name": name,
        "export_csv": _url("list-export", body, name=name, fmt="csv") + f"?sort={sort.param}",
        "export_xlsx": _url("list-export", body, name=name, fmt="xlsx") + f"?sort={sort.param}",
        "dashboard_url": _url("dashboard", body),
    }
    return render(request, "monitoring/list.html", context)


@require_safe
def figure_list_export(request, name: str, fmt: str, code: str | None = None):
    body = _body(code)
    entries, columns, _sort = _entries(request, name, body)
    headers, rows = table_rows(entries, columns)
    filename = f"{name}-{body.code if body else 'national'}"
    # Signed-in readers may see restricted entries: their exports go to the audit log (architecture.audit).
    audit_export(request=request, target=f"{filename}.{fmt}", rows=len(rows), restricted=request.user.is_authenticated)
    return table_response(headers, rows, fmt=fmt, filename=filename)


# --- monthly reports ------------------------------------------------------------------------------

def _may_see_reports(user) -> None:
    """The report counts the whole register, restricted entries included: readers of everything only."""
    if not reads_everything(user):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD", "POST"])
def reports(request):
    _may_see_reports(request.user)
    if request.method == "POST":
        from monitoring.reports import month_parse
        from monitoring.tasks import monthly_report_generate

        month = month_parse(request.POST.get("month", ""))
        if month is None:
            messages.error(request, _("Give the month as YYYY-MM."))
            return HttpResponseRedirect(reverse("monitoring:reports"))
        # A worker generates it (at national scale it takes a minute); eager without Redis.
        if task_enqueue(monthly_report_generate, f"{month:%Y-%m}", request.user.pk):
            messages.success(request, _("The report of %(month)s is being generated; it is listed here when "
                                        "ready.") % {"month": f"{month:%Y-%m}"})
        else:
            messages.error(request, _("The task queue cannot be reached now: try again in a few minutes."))
        return HttpResponseRedirect(reverse("monitoring:reports"))
    listed = MonthlyReport.objects.prefetch_related("files").order_by("-month")
    return render(request, "monitoring/reports.html", {"reports": listed})


def _file_response(field, fmt: str):
    if not field:
        raise Http404("No such file.")
    content_type = "application/pdf" if fmt == "pdf" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1],
                        content_type=content_type)


@require_safe
def report_download(request, month: str, fmt: str):
    _may_see_reports(request.user)
    from monitoring.reports import month_parse

    first_day = month_parse(month)
    if first_day is None:
        raise Http404("No such month.")
    report = get_object_or_404(MonthlyReport, month=first_day)
    return _file_response(getattr(report, fmt), fmt)


@require_safe
def report_file_download(request, pk: int, fmt: str):
    _may_see_reports(request.user)
    generation = get_object_or_404(ReportFile, pk=pk)
    return _file_response(getattr(generation, fmt), fmt)


# --- alert preference -------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_preference(request):
    """The signed-in person's own choice: each alert at once, or one digest a day (by their e-mail)."""
    email = (request.user.email or "").strip().lower()
    preference = AlertPreference.objects.filter(email__iexact=email).first() if email else None
    if request.method == "POST":
        if not email:
            messages.error(request, _("Your account has no e-mail address to send alerts to."))
        else:
            digest = request.POST.get("daily_digest") == "on"
            AlertPreference.objects.update_or_create(email=email, defaults={"daily_digest": digest})
            messages.success(request, _("Your alert preference was saved."))
        return HttpResponseRedirect(reverse("monitoring:alert-preference"))
    return render(request, "monitoring/alert_preference.html",
                  {"email": email, "daily_digest": bool(preference and preference.daily_digest)})
