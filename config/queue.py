"""Sending work to Celery without failing the request when the broker is down.

`task_enqueue(task, *args)` publishes with the short retry policy of the settings
(CELERY_TASK_PUBLISH_RETRY_POLICY) and answers True, or False when the broker cannot be reached:
the caller then tells the user clearly that the work is waiting, and the work is not lost, as its
state stays in the database (an import job stays "queued", a source stays due, a report stays
missing) and the periodic tasks pick it up again once the broker is back. In the embedded eager
mode the task runs at once and its own errors propagate as before."""

from __future__ import annotations

import logging

from django.conf import settings
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def task_enqueue(task, *args, **kwargs) -> bool:
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=True,
                         retry_policy=getattr(settings, "CELERY_TASK_PUBLISH_RETRY_POLICY", None))
    except BrokerUnavailable as error:
        logger.error("broker unavailable, %s not sent (%s); it will be picked up again", task.name, error)
        return False
    return True
