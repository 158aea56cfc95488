"""A folded search column on databases, filled for the entries already stored, and on PostgreSQL
a trigram index that answers substring search (LIKE '%word%') without scanning the register."""

from django.db import migrations, models

from architecture.text import fold

TRIGRAM_INDEX = "database_search_trgm_idx"


def fill(apps, schema_editor):
    Database = apps.get_model("catalog", "Database")
    batch = []
    fields = ["identifier", "name_vi", "name_en", "keywords", "description_vi", "description_en"]
    for database in Database.objects.only("id", *fields).iterator(chunk_size=2000):
        database.search_text = fold(" ".join(getattr(database, name) for name in fields if getattr(database, name)))
        batch.append(database)
        if len(batch) == 2000:
            Database.objects.bulk_update(batch, ["search_text"])
            batch = []
    Database.objects.bulk_update(batch, ["search_text"])


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON catalog_database USING gin (search_text gin_trgm_ops)"
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0008_import_jobs'),
    ]

    operations = [
        migrations.AddField(
            model_name='database',
            name='search_text',
            field=models.TextField(default='', editable=False, help_text='Identifier, names, keywords and description folded (no diacritics, lower case) for search.'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index_create, index_drop),
    ]
