"""The database's own guard that an assessment answer's requirement belongs to the assessment's
framework version and applies to what is assessed (a database, or a body when no database is set).
A check constraint cannot look at other tables, so this is a trigger, on PostgreSQL and SQLite
alike; catalog.conformance.requirement_check states the same rule for readable errors."""

from django.db import migrations

FITS = """
    SELECT 1 FROM catalog_conformanceassessment a
    JOIN architecture_frameworkrequirement r ON r.id = NEW.requirement_id
    WHERE a.id = NEW.assessment_id AND r.framework_id = a.framework_id
      AND r.applies_to = CASE WHEN a.database_id IS NULL THEN 'body' ELSE 'database' END
"""

POSTGRESQL = [
    f"""
    CREATE FUNCTION catalog_assessment_answer_fits() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS ({FITS}) THEN
            RAISE EXCEPTION 'assessment_answer_requirement_fits: the requirement is not one of the '
                            'assessment''s framework or does not apply to what is assessed'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER assessment_answer_requirement_fits
    BEFORE INSERT OR UPDATE OF assessment_id, requirement_id ON catalog_assessmentanswer
    FOR EACH ROW EXECUTE FUNCTION catalog_assessment_answer_fits();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS assessment_answer_requirement_fits ON catalog_assessmentanswer;",
    "DROP FUNCTION IF EXISTS catalog_assessment_answer_fits();",
]
SQLITE = [
    f"""
    CREATE TRIGGER assessment_answer_requirement_fits_{event.split()[0].lower()}
    BEFORE {event} ON catalog_assessmentanswer
    WHEN NOT EXISTS ({FITS})
    BEGIN SELECT RAISE(ABORT, 'assessment_answer_requirement_fits'); END;
    """
    for event in ("INSERT", "UPDATE OF assessment_id, requirement_id")
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS assessment_answer_requirement_fits_insert;",
    "DROP TRIGGER IF EXISTS assessment_answer_requirement_fits_update;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_field_search_text")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
                             _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE})),
    ]
