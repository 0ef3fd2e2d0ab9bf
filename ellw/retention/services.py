"""The retention run: each kind's purge in its own transaction, recorded in the audit trail
(with how many), so a failure in one kind rolls back only that kind.

Safe when two runs overlap (beat's task and someone's `manage.py retention`, or a task
delivered twice): on PostgreSQL each kind's transaction first takes a transaction-level
advisory lock named after the kind, and a run that cannot take it leaves that kind to the
run holding it. Without the lock it would still purge each row once (deletes and the
conditional updates count only the rows they changed), but the second run would wait for the
first and then record nothing. SQLite lets one transaction write at a time anyway."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record

from .kinds import RetentionKind, retention_kinds
from .models import RetentionRun

logger = logging.getLogger(__name__)


@dataclass
class RetentionResult:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _kind_lock_take(kind: RetentionKind) -> bool:
    """This transaction now holds the kind's lock (False: another run holds it)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(hashtext(%s))", [f"ellw.retention.{kind.key}"]
        )
        return bool(cursor.fetchone()[0])


def _kind_purge(kind: RetentionKind, now) -> int | None:
    """Purge one kind in its own transaction, audited; None if another run holds it."""
    with transaction.atomic():
        if not _kind_lock_take(kind):
            return None
        count = kind.purge(now)
        if count:
            audit_record(
                event=AuditEvent.RETENTION_PURGED,
                target=kind.model,
                details={"kind": kind.key, "count": count, "days": kind.days},
            )
        return count


def retention_run(*, now=None) -> RetentionResult:
    """Purge everything past its retention, kind by kind, and record the run."""
    started_at = timezone.now()
    now = now or started_at
    result = RetentionResult()
    for kind in retention_kinds():
        try:
            count = _kind_purge(kind, now)
        except Exception:
            # One kind failing (a storage outage, say) must not keep the others: it is
            # logged, recorded on the run and tried again tomorrow.
            logger.exception("Retention purge of %s failed", kind.key)
            result.failed.append(kind.key)
            continue
        if count is None:
            result.skipped.append(kind.key)
        else:
            result.counts[kind.key] = count
    RetentionRun.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        counts=result.counts,
        skipped=result.skipped,
        failed=result.failed,
    )
    return result
