"""What is past its retention now, by kind (each count one SQL COUNT), and the last run."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from .kinds import RetentionKind, retention_kinds, retention_period_text
from .models import RetentionRun


@dataclass(frozen=True)
class RetentionDue:
    kind: RetentionKind
    count: int
    # How many the last run purged (None: it did not run this kind, or has not run).
    last_count: int | None = None

    @property
    def period(self) -> str:
        return retention_period_text(self.kind.days)


def retention_due(now: datetime.datetime) -> list[RetentionDue]:
    """Every kind with how many of it a run now would purge."""
    return [RetentionDue(kind=kind, count=kind.due(now).count()) for kind in retention_kinds()]


def retention_last_run() -> RetentionRun | None:
    return RetentionRun.objects.order_by("-started_at", "-id").first()


# The periods the privacy notice states, by the name it uses: the very settings the purge
# reads (ELLW_RETENTION_KINDS names the same ones), so the notice and the purge agree.
PRIVACY_NOTICE_PERIODS = {
    "links": "ELLW_RETENTION_LINK_DAYS",
    "emails": "ELLW_RETENTION_EMAIL_DAYS",
    "sessions": "ELLW_RETENTION_SESSION_DAYS",
    "documents": "ELLW_RETENTION_DOCUMENT_DAYS",
    "audit": "ELLW_RETENTION_AUDIT_DAYS",
    "applications": "ELLW_RETENTION_APPLICATION_DAYS",
}


def retention_periods() -> dict[str, str]:
    """Each period as the privacy notice says it ("90 days", "6 years (2,192 days)")."""
    periods = {
        name: retention_period_text(getattr(settings, setting))
        for name, setting in PRIVACY_NOTICE_PERIODS.items()
    }
    if settings.ELLW_RETENTION_SESSION_DAYS:
        periods["sessions"] += " after it expired"
    return periods


def retention_overview(now: datetime.datetime) -> tuple[list[RetentionDue], RetentionRun | None]:
    """The staff page: each kind due now beside what the last run purged of it."""
    last_run = retention_last_run()
    counts = last_run.counts if last_run else {}
    rows = [
        RetentionDue(kind=row.kind, count=row.count, last_count=counts.get(row.kind.key))
        for row in retention_due(now)
    ]
    return rows, last_run
