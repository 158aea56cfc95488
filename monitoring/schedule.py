"""Periodic work of the dashboard for Celery beat (read by config/celery.py; no Django imports).
Times are in CELERY_TIMEZONE (Asia/Ho_Chi_Minh)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # The monthly progress report of the month that just ended, with its snapshots.
    "monitoring-monthly-report": {"task": "monitoring.tasks.monthly_report_generate",
                                  "schedule": crontab(minute=30, hour=1, day_of_month=1)},
    # Late milestones, overdue synchronizations, reviews and change requests waiting: alert once.
    "monitoring-alerts-scan": {"task": "monitoring.tasks.alerts_scan", "schedule": crontab(minute="*/15")},
    # Field counts per database for dictionary coverage (used while younger than
    # MONITORING_FIELD_COUNTS_MINUTES, 15 by default).
    "monitoring-field-counts": {"task": "monitoring.tasks.field_counts_refresh", "schedule": crontab(minute="*/5")},
    # The daily digest for those who asked for one.
    "monitoring-alerts-digest": {"task": "monitoring.tasks.alerts_digest_send",
                                 "schedule": crontab(minute=0, hour=7)},
}
