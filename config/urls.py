from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),  # REST API: one address for machines, no language prefix
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("dictionary.urls")), path("", include("catalog.urls")),  # RDF-publishing IRIs
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    prefix_default_language=False,
)
