"""System checks for the health check (registered in HealthConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error


def check_heartbeat_outlasts_its_interval(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """A queue is stale only after two heartbeats were missed, so one late beat (a busy
    machine, a slow Redis) never shows a live worker as dead."""
    every = settings.ELLW_WORKER_HEARTBEAT_SECONDS
    stale = settings.ELLW_WORKER_HEARTBEAT_STALE_SECONDS
    if every > 0 and stale >= 2 * every:
        return []
    return [
        Error(
            f"WORKER_HEARTBEAT_STALE_SECONDS ({stale}) must be at least twice "
            f"WORKER_HEARTBEAT_SECONDS ({every}), which must be above 0.",
            hint="Keep the defaults (15 and 60) unless a test shortens both.",
            id="health.E001",
        )
    ]
