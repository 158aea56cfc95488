from django.urls import path

from architecture.rdf_http import negotiated_path
from catalog import pages, views

app_name = "catalog"

# Each IRI answers as itself (HTML or RDF by Accept) and with a suffix (.ttl, .jsonld, .rdf).
urlpatterns = [
    *negotiated_path("catalog", views.catalog, "catalog"),
    *negotiated_path("databases/<str:identifier>", views.database_detail, "database"),
    *negotiated_path("databases/<str:identifier>/schema", views.database_schema, "database-schema"),
    # Pages for people only (issue #8).
    path("search/", pages.search_page, name="search"),
    path("databases/", pages.database_list, name="database-list"),
    path("harvest/", pages.harvest_source_list, name="harvest-source-list"),
    path("harvest/<int:pk>/", pages.harvest_source_detail, name="harvest-source"),
    path("harvest/<int:pk>/run", pages.harvest_source_run_now, name="harvest-source-run"),
    path("harvest/runs/<int:pk>/", pages.harvest_run_detail, name="harvest-run"),
]
