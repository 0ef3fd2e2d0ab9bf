"""Celery interface to the retention run (daily, from CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.conf import settings

from .services import retention_run


@shared_task(
    name="retention.purge", ignore_result=True, time_limit=settings.ELLW_RETENTION_TIME_LIMIT
)
def retention_purge_task() -> None:
    retention_run()
