"""Background work of the dashboard (Celery; the schedule is monitoring.schedule.BEAT_SCHEDULE).
Each task is safe to repeat: a report regenerated keeps the earlier files, an alert is sent once."""

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=3)
def monthly_report_generate(month: str | None = None, user_id: int | None = None) -> dict:
    """Generate the report of `month` ("YYYY-MM"); by default the month that just ended (beat runs
    this on the first day of each month). `user_id`: who asked for it, when someone did."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from monitoring.reports import month_parse, report_generate
    from monitoring.snapshots import month_first, month_previous

    first_day = month_parse(month) if month else month_previous(month_first(timezone.localdate()))
    if first_day is None:
        raise ValueError(f"Not a month: {month!r} (use YYYY-MM)")
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    report = report_generate(month=first_day, user=user)
    return {"month": f"{report.month:%Y-%m}", "xlsx": report.xlsx.name, "pdf": report.pdf.name}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=3)
def alerts_scan() -> dict:
    from monitoring.alerts import alerts_scan as scan

    return scan()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=3)
def alerts_digest_send() -> int:
    from monitoring.alerts import alerts_digest_send as send

    return send()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=3)
def field_counts_refresh() -> int:
    """Keep the per-database field counts of the dashboard's dictionary coverage current."""
    from monitoring.coverage import field_counts_refresh as refresh

    return refresh()
