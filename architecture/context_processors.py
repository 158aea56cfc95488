"""What every page's header shows: the signed-in person's body and roles, and the navigation.

The monitoring dashboard is linked once its URL exists (it lives in a higher app, found by name)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from architecture import access
from architecture.language import language_links

DASHBOARD_URL_NAMES = ("monitoring:dashboard", "monitoring:index", "monitoring:home")


def _dashboard_url() -> str | None:
    for name in DASHBOARD_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def user_roles(user) -> list[str]:
    """The roles `user` holds, as words to show (what they allow is decided in architecture.access)."""
    if not user.is_authenticated:
        return []
    roles = [(access.is_administrator(user), _("administrator")), (user.is_editor, _("editor")),
             (user.is_reviewer, _("reviewer")), (user.is_monitor, _("monitor")), (user.is_assessor, _("assessor"))]
    return [str(label) for held, label in roles if held]


def _work(user) -> list[tuple[str, str, bool]]:
    """The pages where a role does its work, linked for those who may use them."""
    if user is None or not user.is_authenticated:
        return []
    editor = access.editable_filter(user) is not None
    return [
        ("catalog-edit:database-new", _("Register a database"), editor),
        ("catalog-edit:import-new", _("Import"), editor),
        ("catalog-edit:review-queue", _("Reviews"), access.can_review(user)),
        ("dictionary:change-list", _("Change requests"), True),
    ]


def site(request) -> dict:
    user = getattr(request, "user", None)
    navigation = [
        ("catalog:search", reverse("catalog:search"), _("Search")),
        ("catalog:database-list", reverse("catalog:database-list"), _("Databases")),
        ("architecture:body-list", reverse("architecture:body-list"), _("Bodies")),
        ("dictionary:dictionary", reverse("dictionary:dictionary"), _("Dictionary")),
        ("catalog:harvest-source-list", reverse("catalog:harvest-source-list"), _("Harvest sources")),
    ]
    dashboard = _dashboard_url()
    if dashboard:
        navigation.append(("monitoring", dashboard, _("Dashboard")))
    navigation += [(name, reverse(name), label) for name, label, allowed in _work(user) if allowed]
    current = request.path
    return {
        "site_navigation": [{"url": url, "label": label,
                             "current": current == url or (url != "/" and current.startswith(url))}
                            for _name, url, label in navigation],
        "user_roles": user_roles(user) if user is not None else [],
        "language_links": language_links(request),
    }
