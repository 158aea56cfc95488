"""Periodic work of the catalog for Celery beat. Kept free of Django imports so the Celery app can
read it before Django is set up: in config/celery.py,

    from catalog.schedule import BEAT_SCHEDULE
    app.conf.beat_schedule = {**app.conf.beat_schedule, **BEAT_SCHEDULE}

and run `celery -A config beat` beside the workers.
"""

BEAT_SCHEDULE = {
    # Each source keeps its own interval (HarvestSource.interval_minutes); this only looks for due ones.
    "harvest-due-sources": {"task": "catalog.tasks.harvest_due_sources", "schedule": 300.0},
    # Checks and quality scores of every database: "synchronized recently" and "assessment current"
    # change with the clock, not only with writes (catalog.checks).
    "database-checks-refresh": {"task": "catalog.tasks.database_checks_refresh_task", "schedule": 900.0},
    # Import jobs whose message never reached a worker (the queue was down) are sent again.
    "import-jobs-requeue": {"task": "catalog.tasks.import_jobs_requeue", "schedule": 300.0},
}
