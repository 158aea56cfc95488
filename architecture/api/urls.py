from architecture.api.views import BodyViewSet, TokenViewSet

# (prefix, viewset, basename) for config/api_urls.py's router.
routes = [
    ("bodies", BodyViewSet, "body"),
    ("tokens", TokenViewSet, "token"),
]
