from architecture.rdf_http import negotiated_path
from dictionary import views

app_name = "dictionary"

# Each IRI answers as itself (HTML or RDF by Accept) and with a suffix (.ttl, .jsonld, .rdf).
urlpatterns = [
    *negotiated_path("dictionary/", views.dictionary_detail, "dictionary"),
    *negotiated_path("dictionary/elements/<str:identifier>", views.element_detail, "element"),
    *negotiated_path("dictionary/code-lists/<str:identifier>", views.code_list_detail, "code-list"),
    *negotiated_path("dictionary/code-lists/<str:identifier>/<str:code>", views.code_value_detail, "code-value"),
    *negotiated_path("dictionary/releases/", views.release_list, "releases"),
    *negotiated_path("dictionary/releases/<str:version>", views.release_detail, "release"),
]
