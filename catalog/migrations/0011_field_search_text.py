"""A folded search column on fields, filled for the fields already stored, and on PostgreSQL a
trigram index that answers substring search over millions of fields (LIKE '%word%')."""

from django.db import migrations, models

from architecture.text import fold

TRIGRAM_INDEX = "field_search_trgm_idx"
BATCH = 5000


def fill(apps, schema_editor):
    Field = apps.get_model("catalog", "Field")
    batch = []
    for field in Field.objects.only("id", "name", "description").iterator(chunk_size=BATCH):
        field.search_text = fold(f"{field.name.replace('_', ' ')} {field.description}")
        batch.append(field)
        if len(batch) == BATCH:
            Field.objects.bulk_update(batch, ["search_text"])
            batch = []
    Field.objects.bulk_update(batch, ["search_text"])


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON catalog_field USING gin (search_text gin_trgm_ops)"
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_security_conformance_quality'),
    ]

    operations = [
        migrations.AddField(
            model_name='field',
            name='search_text',
            field=models.TextField(default='', editable=False, help_text='Name and description folded (no diacritics, lower case) for search.'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index_create, index_drop),
    ]
