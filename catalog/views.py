"""The catalog's IRIs. For now: a database's field schema, as HTML or SHACL (architecture.rdf_http)."""

from django.db.models import Prefetch
from django.http import Http404

from architecture.rdf_http import negotiate
from catalog import rdf
from catalog.models import Database, Field
from catalog.selectors import database_get_visible


def database_schema(request, identifier, suffix=None):
    try:
        database = database_get_visible(user=request.user, identifier=identifier)
    except Database.DoesNotExist:
        raise Http404("No such database.") from None  # the same answer whether missing or not visible
    fields = Field.objects.select_related("element__code_list")
    tables = list(database.tables.prefetch_related(Prefetch("fields", queryset=fields)))
    return negotiate(
        request, suffix=suffix, template="catalog/schema.html",
        graph=lambda: rdf.database_schema_graph(database, tables),
        context=lambda: {"database": database, "tables": tables, "iri": rdf.database_schema_iri(identifier)},
    )
