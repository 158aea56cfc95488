"""A list page costs the same number of SQL queries for 10 rows as for 100."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from architecture.models import LegalDocument
from catalog.models import Field, Table, Theme
from tests.conftest import make_database


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _databases(owner, start, count, theme, law):
    for number in range(start, start + count):
        database = make_database(owner, f"CSDL-{number:03d}")
        database.themes.add(theme)
        database.legal_basis.add(law)
        table = Table.objects.create(database=database, name="bang")
        Field.objects.create(table=table, name="truong", datatype="string")


def test_lists_do_not_grow_with_the_page(clients, bodies, element, django_assert_max_num_queries):
    theme = Theme.objects.get(code="GOVE")  # seeded by a migration
    law = LegalDocument.objects.create(number="194/2025/NĐ-CP", title="Nghị định")
    client = clients["owner"]
    client.get("/api/v1/bodies/")  # the token's first use is recorded once: not part of the count
    urls = ["/api/v1/databases/?page_size=100", "/api/v1/fields/?page_size=100", "/api/v1/tables/?page_size=100",
            "/api/v1/bodies/?page_size=100", "/api/v1/elements/?page_size=100"]
    _databases(bodies["commune"], 0, 10, theme, law)
    baseline = {url: _queries(client, url) for url in urls}
    _databases(bodies["commune"], 10, 90, theme, law)
    for url in urls:
        with django_assert_max_num_queries(baseline[url]):
            assert client.get(url).status_code == 200
