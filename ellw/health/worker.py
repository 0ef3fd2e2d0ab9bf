"""The worker's heartbeat: a bootstep every `celery worker` runs (ellw/celery.py adds it),
recording every ELLW_WORKER_HEARTBEAT_SECONDS, for each queue the worker consumes (its -Q),
that it is alive (ellw.health.services). /healthz reads them.

It beats from a thread of its own, not the worker's timer: the timer runs in the event
loop, which a task blocks under the solo pool (and a render takes minutes), so a busy
worker would look dead. Nor from beat: there is one beat in the whole deployment, and it
knows nothing of which workers are alive."""

from __future__ import annotations

import logging
import threading

from celery import bootsteps

logger = logging.getLogger(__name__)


class WorkerHeartbeat(bootsteps.StartStopStep):
    # After the pool: prefork's children are forked before this thread exists.
    requires = {"celery.worker.components:Pool"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, worker):
        broker_url = worker.app.conf.broker_url
        # Only Redis carries heartbeats; the in-memory broker (a worker inside a test run
        # without REDIS_URL) has no other process to tell.
        if not broker_url.startswith(("redis://", "rediss://")):
            return
        queues = sorted(worker.app.amqp.queues.consume_from)
        self._thread = threading.Thread(
            target=self._beat,
            args=(broker_url, queues),
            name="ellw-worker-heartbeat",
            daemon=True,
        )
        self._thread.start()

    def stop(self, worker):
        # The last heartbeat is left to go stale: another worker may consume the same queues.
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _beat(self, broker_url: str, queues: list[str]) -> None:
        from django.conf import settings

        from .services import broker_client, worker_heartbeat_record

        interval = settings.ELLW_WORKER_HEARTBEAT_SECONDS
        client = broker_client(broker_url, timeout=settings.ELLW_HEALTH_BROKER_TIMEOUT)
        while not self._stopping.is_set():
            try:
                worker_heartbeat_record(client=client, queues=queues)
            except Exception:  # Redis away: the worker carries on; /healthz will say stale
                logger.warning("Could not record the worker heartbeat", exc_info=True)
            self._stopping.wait(interval)
        client.close()
