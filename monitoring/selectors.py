"""Reads of the dashboard: the figures for a reader (cached for at most MONITORING_CACHE_MINUTES),
the way up from a body (breadcrumbs) and the figures table as plain rows for the exports."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from architecture.access import AccessLevel, can_view, reads_everything
from architecture.models import Body
from monitoring.figures import DEFINITIONS, EVERYTHING, BodyFigures, figures_compute


def audience_key(user) -> str:
    """Readers who see exactly the same entries share cached figures: everything, public only,
    public and internal, or public and internal plus one body's chain (architecture.access)."""
    if user is EVERYTHING or reads_everything(user):
        return "all"
    if not can_view(user, owner=None, access_level=AccessLevel.INTERNAL):
        return "public"
    body_path = getattr(getattr(user, "body", None), "path", "")
    return f"internal:{body_path}"


def cache_minutes() -> int:
    return settings.MONITORING_CACHE_MINUTES


def figures_for_reader(*, user, body: Body | None) -> BodyFigures:
    """figures_compute for `user`, served from the cache while it is younger than the stated age."""
    minutes = cache_minutes()
    if minutes <= 0:
        return figures_compute(user=user, body=body)
    key = f"monitoring:figures:{body.code if body else '*'}:{audience_key(user)}"
    figures = cache.get(key)
    if figures is None:
        figures = figures_compute(user=user, body=body)
        cache.set(key, figures, timeout=minutes * 60)
    return figures


def body_ancestors(*, body: Body) -> list[Body]:
    """The bodies above `body`, from the top down (for breadcrumbs)."""
    codes = body.ancestor_codes()
    found = {ancestor.code: ancestor for ancestor in Body.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def figure_table(figures: BodyFigures, *, total_label: str) -> tuple[list, list[list]]:
    """The figures table as headers and rows: the total first, then one row per breakdown line."""
    headers = ["code", "body", *[str(definition.label) for definition in DEFINITIONS]]
    keys = [definition.key for definition in DEFINITIONS]
    code = figures.body.code if figures.body else ""
    name = figures.body.name_vi if figures.body else total_label
    rows = [[code, name, *[figures.totals.get(key) for key in keys]]]
    for row in figures.rows:
        rows.append([row.body.code, row.body.name_vi, *[row.values.get(key) for key in keys]])
    return headers, rows
