"""Pages of the register of bodies (issue #8): the list of bodies with search, and one body with
the bodies under it, its strategies, milestones, chief engineers and architecture. The body's
databases and assessments belong to the catalog, a higher layer: its template tags fill them in
(catalog/templatetags/catalog_pages.py), so this module never imports upward."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError as ApiValidationError

from architecture import access
from architecture.api.search import folded_search
from architecture.models import Body, BodyLevel, MilestoneState

PAGE_SIZE = 50


@require_safe
def body_list(request):
    """Bodies are public: central bodies and provinces by default, any body by search."""
    query = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    rows = Body.objects.order_by("path")
    error = ""
    if level in BodyLevel.values:
        rows = rows.filter(level=level)
    elif not query:
        rows = rows.filter(parent__isnull=True)
    if query:
        try:
            rows = rows.filter(folded_search(query, "name_vi", "name_en", "short_name", "code"))
        except ApiValidationError:
            error, rows = _("Use at most 8 words of at most 40 letters."), rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "architecture/body_list.html", {
        "page": page, "query": query, "level": level, "levels": BodyLevel.choices, "error": error,
        "params": params.urlencode(),
    }, status=400 if error else 200)


@require_safe
def body_detail(request, code):
    body = get_object_or_404(Body.objects.select_related("parent"), code=code)
    ancestors = list(Body.objects.filter(code__in=body.ancestor_codes()).order_by("path"))
    children = Paginator(body.children.order_by("name_vi"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    milestones = [(milestone, MilestoneState(milestone.state_now).label)
                  for milestone in body.milestones.with_state(today).order_by("target_date", "id")]
    return render(request, "architecture/body_detail.html", {
        "body": body, "ancestors": ancestors, "children": children,
        "strategies": body.strategies.order_by("-period_start", "kind"), "milestones": milestones,
        "engineers": body.chief_engineers.order_by("end_date", "role", "-start_date"),
        "architectures": body.architectures.select_related("framework").order_by("-modified_at"),
        "show_contacts": access.can_view_personal_contacts(request.user),
        "can_edit_plans": access.can_edit_body_plans(request.user, body=body),
        "can_assess": access.can_assess(request.user, owner=body),
    })
