"""The kinds of data with a retention period, as settings.ELLW_RETENTION_KINDS names them:
each app owns its kind's `due(now)` (a queryset of what is past its period) and
`purge(now)` (deletes or erases it, returns how many). ellw imports no domain app, so their
functions are named there by dotted path."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str
    days_setting: str
    # What happens at the end of the period: "deleted", "erased", "anonymised"…
    action: str
    model_label: str
    due: Callable[[datetime.datetime], QuerySet]
    purge: Callable[[datetime.datetime], int]

    @property
    def days(self) -> int:
        return getattr(settings, self.days_setting)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


def retention_kinds() -> list[RetentionKind]:
    """Every kind, in the order settings name them (read each time: tests change them)."""
    return [
        RetentionKind(
            key=key,
            label=config["label"],
            days_setting=config["days_setting"],
            action=config["action"],
            model_label=config["model"],
            due=import_string(config["due"]),
            purge=import_string(config["purge"]),
        )
        for key, config in settings.ELLW_RETENTION_KINDS.items()
    ]


def retention_period_text(days: int) -> str:
    """ "90 days", "1 year (365 days)", "6 years (2,192 days)"; 0: "once it has expired"."""
    if days == 0:
        return "once it has expired"
    years = round(days / 365.25)
    if years >= 1 and abs(days - years * 365.25) <= 1:
        return f"{years} year{'s' if years != 1 else ''} ({days:,} days)"
    return f"{days:,} day{'s' if days != 1 else ''}"
