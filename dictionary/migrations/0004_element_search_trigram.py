"""On PostgreSQL, a trigram index on the elements' folded search column: element search and the
field-to-element suggestions match substrings (LIKE '%word%'), which a B-tree cannot serve."""

from django.db import migrations

TRIGRAM_INDEX = "element_search_trgm_idx"


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON dictionary_dataelement USING gin (search_text gin_trgm_ops)"
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('dictionary', '0003_constraint_messages'),
    ]

    operations = [
        migrations.RunPython(index_create, index_drop),
    ]
