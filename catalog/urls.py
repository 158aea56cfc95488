from architecture.rdf_http import negotiated_path
from catalog import views

app_name = "catalog"

# Each IRI answers as itself (HTML or RDF by Accept) and with a suffix (.ttl, .jsonld, .rdf).
urlpatterns = [
    *negotiated_path("catalog", views.catalog, "catalog"),
    *negotiated_path("databases/<str:identifier>", views.database_detail, "database"),
    *negotiated_path("databases/<str:identifier>/schema", views.database_schema, "database-schema"),
]
