"""A published release never changes: the database refuses updates and deletes of releases and
their items, whatever path the write takes (admin, shell, a bug)."""

from django.db import migrations

TABLES = ("dictionary_release", "dictionary_releaseitem")

SQLITE = [
    f"""CREATE TRIGGER {table}_immutable_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, 'published dictionary releases are immutable'); END;"""
    for table in TABLES for op in ("UPDATE", "DELETE")
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION dictionary_release_immutable() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'published dictionary releases are immutable'; END; $$ LANGUAGE plpgsql;""",
] + [
    f"""CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION dictionary_release_immutable();"""
    for table in TABLES
]


def create_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable_{op}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS dictionary_release_immutable()")


class Migration(migrations.Migration):
    dependencies = [("dictionary", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
