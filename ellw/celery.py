"""The Celery app. Configured from Django settings under the CELERY_ namespace."""

import os

from celery import Celery

from ellw.health.worker import WorkerHeartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.local")

app = Celery("ellw")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Every worker records, per queue it consumes, that it is alive; /healthz reads it.
app.steps["worker"].add(WorkerHeartbeat)
