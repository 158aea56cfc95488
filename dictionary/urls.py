from django.urls import path, re_path

from architecture.rdf_http import negotiated_path
from dictionary import change_views, views

app_name = "dictionary"

# Each IRI answers as itself (HTML or RDF by Accept) and with a suffix (.ttl, .jsonld, .rdf).
urlpatterns = [
    # Before the value IRIs, which would otherwise read "export.csv" as a code.
    re_path(r"^dictionary/code-lists/(?P<identifier>[^/]+)/export\.(?P<fmt>csv|xlsx)$", views.code_list_export,
            name="code-list-export"),
    *negotiated_path("dictionary/", views.dictionary_detail, "dictionary"),
    *negotiated_path("dictionary/elements/<str:identifier>", views.element_detail, "element"),
    *negotiated_path("dictionary/code-lists/<str:identifier>", views.code_list_detail, "code-list"),
    *negotiated_path("dictionary/code-lists/<str:identifier>/<str:code>", views.code_value_detail, "code-value"),
    *negotiated_path("dictionary/releases/", views.release_list, "releases"),
    *negotiated_path("dictionary/releases/<str:version>", views.release_detail, "release"),
    path("dictionary/releases/<str:version>/changes", views.release_changes, name="release-changes"),
]
urlpatterns += change_views.urlpatterns  # change-request pages (issue #8)
