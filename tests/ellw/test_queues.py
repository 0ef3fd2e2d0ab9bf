"""Celery queues: e-mail and PDF rendering each have their own, so a long print run never
delays an e-mail; the periodic work that only finds what is due stays on the default queue."""

import pytest
from celery.contrib.testing.worker import TestWorkController

from ellw.celery import app


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("mail.send", "email"),
        ("mail.resend_pending", "email"),
        ("documents.render", "documents"),
        ("documents.render_pending", "celery"),
        ("applications.send_endorsement_reminders", "celery"),
        ("retention.purge", "celery"),
    ],
)
def test_each_task_is_routed_to_its_queue(task, queue):
    app.loader.import_default_modules()
    assert app.tasks[task].name == task  # the task exists under that name
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_a_worker_started_without_queues_consumes_every_queue():
    worker = TestWorkController(app=app, pool="solo", concurrency=1)
    assert set(worker.app.amqp.queues.consume_from) >= {"email", "documents", "celery"}
