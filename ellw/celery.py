"""The Celery app. Configured from Django settings under the CELERY_ namespace.

Logging is Django's (LOGGING in settings, JSON in production): Celery is told not to set up
its own, and every task carries the request id of the request that enqueued it
(ellw.observability), so a task's log lines name the request, and their own task id."""

import os

from celery import Celery, signals

from ellw.health.worker import WorkerHeartbeat
from ellw.observability import (
    task_postrun_clear_context,
    task_prerun_set_context,
    task_publish_add_request_id,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.local")

app = Celery("ellw")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Every worker records, per queue it consumes, that it is alive; /healthz reads it.
app.steps["worker"].add(WorkerHeartbeat)


@signals.setup_logging.connect
def _logging_is_djangos(**kwargs) -> None:
    """A receiver here keeps Celery's worker from replacing the root logger's handlers:
    LOGGING, applied when Django is set up, stays in force (and its level, LOG_LEVEL)."""


signals.before_task_publish.connect(task_publish_add_request_id, weak=False)
signals.task_prerun.connect(task_prerun_set_context, weak=False)
signals.task_postrun.connect(task_postrun_clear_context, weak=False)
