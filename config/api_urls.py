"""The REST API, version 1: one router over every register, the OpenAPI 3 schema and its docs
(Redoc and Swagger UI served from drf-spectacular-sidecar's static files, no CDN)."""

from csp.decorators import csp_update
from django.core.signals import setting_changed
from django.urls import include, path, re_path
from django.utils.translation import get_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from architecture.api.urls import routes as architecture_routes
from catalog.api.urls import routes as catalog_routes
from dictionary.api.urls import routes as dictionary_routes
from monitoring.api import routes as monitoring_routes

# No ".json" suffix routes: formats are asked for by Accept or ?format= (the suffix variants doubled
# every route, and the custom actions did not take their `format` argument).
router = DefaultRouter()
router.include_format_suffixes = False
for prefix, viewset, basename in [*architecture_routes, *dictionary_routes, *catalog_routes, *monitoring_routes]:
    router.register(prefix, viewset, basename=basename)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@throttle_classes([])
def unknown(request, rest=""):
    """Any other address under /api/: a 404 in the API's JSON shape, not the site's HTML page."""
    raise NotFound()


unknown.cls.schema = None  # not an endpoint to describe


class SchemaView(SpectacularAPIView):
    """The schema is the same for every reader (served public) and changes only with the code:
    generated once per version and language in each process (generating it takes seconds)."""

    generated: dict = {}

    def _get_schema_response(self, request):
        key = (request.version, get_language())
        if key not in self.generated:
            self.generated[key] = super()._get_schema_response(request)
        cached = self.generated[key]
        return Response(data=cached.data, headers={"Content-Disposition": cached["Content-Disposition"]})


setting_changed.connect(lambda **kwargs: SchemaView.generated.clear(), weak=False)

DOCS_CSP = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"],
                       "img-src": ["'self'", "data:", "https://cdn.redoc.ly"]})

urlpatterns = [
    path("v1/schema/", SchemaView.as_view(), name="api-schema"),
    # The documentation viewers inject their own styles (and Redoc a blob: worker): only these two
    # pages relax the Content-Security-Policy, for styles; no inline script anywhere (issue #9).
    path("v1/docs/", DOCS_CSP(SpectacularRedocView.as_view(url_name="api-schema")), name="api-docs"),
    path("v1/docs/swagger/", DOCS_CSP(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
         name="api-swagger"),
    path("v1/", include(router.urls)),
    re_path(r"^(?P<rest>.*)$", unknown),
]
