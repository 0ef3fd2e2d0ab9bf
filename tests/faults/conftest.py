"""Fixtures for the fault tests: a Redis server of the test's own (stopped and started again
on the same port, never the shared one), the live Celery configuration pointed at it, and
real `celery worker` processes fed by it that reach the test database and the test's
document files. The helpers they use are in tests/faults/services.py.

On CI (CI set) nothing here skips: a missing redis-server or PostgreSQL is a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from django.core.files.storage import storages

from ellw.celery import app as celery_app
from tests.faults.services import (
    RedisServer,
    WorkerProcess,
    database_url_for_workers,
    free_port,
    needs_postgresql,
    unavailable,
)


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        unavailable("redis-server is not installed")
    server = RedisServer(free_port(), tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


def _celery_pools_reset() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_broker(redis_server, celery_conf, monkeypatch) -> RedisServer:
    """This process enqueues to the test's own Redis (the CELERY_BROKER_URL variable wins
    over settings, so both change); the configuration is restored afterwards."""
    monkeypatch.setenv("CELERY_BROKER_URL", redis_server.url)
    celery_conf.broker_url = redis_server.url
    celery_conf.task_always_eager = False
    _celery_pools_reset()
    yield redis_server
    _celery_pools_reset()


@pytest.fixture
def worker_processes(
    own_broker, transactional_db, tmp_path
) -> Iterator[Callable[..., WorkerProcess]]:
    """start(**settings_env) starts a real worker on the test's own Redis, reaching the test
    database and the test's document files; each is stopped before the database is
    flushed. Keyword arguments are environment variables the settings read
    (DOCUMENT_STALE_CLAIM_SECONDS=…); `queues` is the worker's -Q (all queues without it)."""
    needs_postgresql()
    started: list[WorkerProcess] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ellw.settings.test",
        "CELERY_BROKER_URL": own_broker.url,
        "DATABASE_URL": database_url_for_workers(),
        "TEST_DOCUMENTS_ROOT": str(storages["documents"].location),
        "PYTHONUNBUFFERED": "1",
        # The system checks run in this process (a test asserts the short windows pass
        # them); skipping them in each worker saves most of a second at its start.
        "CELERY_SKIP_CHECKS": "1",
    }

    def start(*, queues: str | None = None, **settings_env: object) -> WorkerProcess:
        name = f"worker{len(started) + 1}"
        worker = WorkerProcess(
            name,
            {**env, **{key: str(value) for key, value in settings_env.items()}},
            tmp_path / f"{name}.log",
            queues=queues,
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
