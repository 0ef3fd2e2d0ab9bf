"""What /healthz reports: the database, the broker, and for each Celery queue whether a
worker consuming it has sent a heartbeat lately (ellw.health.worker). Names no person,
no version and no address."""

from __future__ import annotations

from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.db import DatabaseError, connection

from ellw.celery import app as celery_app

from .services import HEARTBEAT_KEY, broker_client

OK, FAIL, IN_PROCESS = "ok", "fail", "in process"
STALE, MISSING, UNKNOWN = "stale", "missing", "unknown"
DEGRADED = "degraded"


@dataclass
class HealthReport:
    database: str
    broker: str
    # queue: {"status": ok | stale | missing | unknown | in process, "seconds_ago": int}
    workers: dict[str, dict] = field(default_factory=dict)

    @property
    def serving(self) -> bool:
        """The web server can do its work: the database and the broker answer."""
        return self.database == OK and self.broker in (OK, IN_PROCESS)

    @property
    def workers_ok(self) -> bool:
        return all(worker["status"] in (OK, IN_PROCESS) for worker in self.workers.values())

    @property
    def status(self) -> str:
        """fail (the web server cannot work), degraded (a queue has no live worker) or ok."""
        if not self.serving:
            return FAIL
        return OK if self.workers_ok else DEGRADED

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "database": self.database,
            "broker": self.broker,
            "workers": self.workers,
        }


def database_health() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return FAIL
    return OK


def queue_names() -> list[str]:
    return sorted(settings.CELERY_TASK_QUEUES)


def broker_and_workers_health() -> tuple[str, dict[str, dict]]:
    """The broker (it must answer, within ELLW_HEALTH_BROKER_TIMEOUT seconds, one round trip
    asking its clock and the heartbeats) and each queue's newest heartbeat, its age in whole
    seconds by the Redis server's clock. Without a broker (REDIS_URL unset) tasks run in
    the web process: nothing to reach, no worker to wait for."""
    queues = queue_names()
    if celery_app.conf.task_always_eager:
        return IN_PROCESS, {queue: {"status": IN_PROCESS} for queue in queues}
    client = broker_client(celery_app.conf.broker_url, timeout=settings.ELLW_HEALTH_BROKER_TIMEOUT)
    try:
        with client.pipeline(transaction=False) as pipe:
            pipe.time()
            pipe.mget([HEARTBEAT_KEY.format(queue=queue) for queue in queues])
            (seconds, microseconds), beats = pipe.execute()
    except (redis.RedisError, OSError):
        return FAIL, {queue: {"status": UNKNOWN} for queue in queues}
    finally:
        client.close()
    now = seconds + microseconds / 1_000_000
    workers = {}
    for queue, beat in zip(queues, beats, strict=True):
        if beat is None:
            workers[queue] = {"status": MISSING}
            continue
        age = max(0, round(now - float(beat)))
        fresh = age <= settings.ELLW_WORKER_HEARTBEAT_STALE_SECONDS
        workers[queue] = {"status": OK if fresh else STALE, "seconds_ago": age}
    return OK, workers


def health_report() -> HealthReport:
    broker, workers = broker_and_workers_health()
    return HealthReport(database=database_health(), broker=broker, workers=workers)
