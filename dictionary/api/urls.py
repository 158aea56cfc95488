from dictionary.api.views import (
    ChangeRequestViewSet,
    CodeListViewSet,
    CodeValueViewSet,
    ElementViewSet,
    ReleaseViewSet,
)

# (prefix, viewset, basename) for config/api_urls.py's router.
routes = [
    ("elements", ElementViewSet, "element"),
    ("code-lists", CodeListViewSet, "code-list"),
    ("code-values", CodeValueViewSet, "code-value"),
    ("releases", ReleaseViewSet, "release"),
    ("change-requests", ChangeRequestViewSet, "change-request"),
]
