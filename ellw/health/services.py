"""Writes for the health check: a worker's heartbeat, one key per queue it consumes, in the
broker's Redis (the one place every web server and worker already share; the cache may be
the database, and a worker started by a test has its own)."""

from __future__ import annotations

from collections.abc import Iterable

import redis

# The last heartbeat of any worker consuming the queue; another worker on the same queue
# overwrites it, which is what "a worker is consuming this queue" needs.
HEARTBEAT_KEY = "ellw:worker-heartbeat:{queue}"
# Long after it is stale, so /healthz says "stale" (a worker died) for a day before
# "missing" (no worker was ever started for the queue, or not for a day).
HEARTBEAT_KEEP_SECONDS = 24 * 3600


def broker_client(url: str, *, timeout: float) -> redis.Redis:
    """A client of the broker's Redis that gives up after `timeout` seconds."""
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def worker_heartbeat_record(
    *, client: redis.Redis, queues: Iterable[str], at: float | None = None
) -> None:
    """Record that a worker consuming `queues` is alive, at the Redis server's clock (so
    the web servers and the workers need not agree on the time) unless `at` is given."""
    if at is None:
        seconds, microseconds = client.time()
        at = seconds + microseconds / 1_000_000
    with client.pipeline(transaction=False) as pipe:
        for queue in queues:
            pipe.set(HEARTBEAT_KEY.format(queue=queue), f"{at:.3f}", ex=HEARTBEAT_KEEP_SECONDS)
        pipe.execute()
