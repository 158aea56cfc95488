"""Catalog sections shown on pages of lower apps (a body's page lists its databases and their
assessments): the lower app's template asks, the catalog answers, and no Python imports upward."""

from django import template

from architecture import access
from catalog.selectors import database_list_visible

register = template.Library()
BODY_DATABASE_ROWS = 50


@register.inclusion_tag("catalog/_body_databases.html", takes_context=True)
def body_databases(context, body):
    """The databases of `body` and of the bodies under it that the reader may see."""
    user = context["request"].user
    rows = database_list_visible(user=user).filter(owner__path__startswith=body.path, withdrawn_at__isnull=True)
    total = rows.count()
    return {"body": body, "databases": list(rows.order_by("identifier")[:BODY_DATABASE_ROWS]), "total": total,
            "more": total > BODY_DATABASE_ROWS}


@register.inclusion_tag("catalog/_body_assessments.html", takes_context=True)
def body_assessments(context, body):
    """Conformance assessments of the body itself (public obligations of Resolution 214/NQ-CP)."""
    manager = getattr(body, "conformance_assessments", None)
    rows = []
    if manager is not None:
        rows = list(manager.filter(database__isnull=True).select_related("framework").order_by("-assessed_on")[:20])
    return {"body": body, "assessments": rows, "available": manager is not None,
            "can_assess": access.can_assess(context["request"].user, owner=body)}
