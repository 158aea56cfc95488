import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work (Celery beat). The schedule modules import nothing from Django.
from catalog.schedule import BEAT_SCHEDULE  # noqa: E402

app.conf.beat_schedule = {**app.conf.beat_schedule, **BEAT_SCHEDULE}

# The dashboard's monthly report and alert scans (monitoring/schedule.py).
from monitoring.schedule import BEAT_SCHEDULE as MONITORING_BEAT_SCHEDULE  # noqa: E402

app.conf.beat_schedule = {**app.conf.beat_schedule, **MONITORING_BEAT_SCHEDULE}
