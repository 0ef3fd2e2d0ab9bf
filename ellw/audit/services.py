"""Writing the audit trail. Services call `audit_record` inside the transaction of the change
they record, so the row and the change commit or roll back together. The signed-in person,
their address come from the request (ellw.audit.middleware), the request id from
ellw.observability (in a task, the id of the request that enqueued it); a task or command
records the service itself (no actor)."""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.context import auditlog_value
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from ellw.observability import current_request_id

from .enums import AuditEvent
from .models import AuditEntry, record_label
from .selectors import audit_entries_past_retention

ACTION_FOR_EVENT = {
    AuditEvent.APPLICATION_VIEWED: AuditEntry.Action.ACCESS,
    AuditEvent.APPLICATIONS_EXPORTED: AuditEntry.Action.ACCESS,
    AuditEvent.DOCUMENT_DOWNLOADED: AuditEntry.Action.ACCESS,
    AuditEvent.SUBJECT_ACCESS: AuditEntry.Action.ACCESS,
    AuditEvent.AUDIT_EXPORTED: AuditEntry.Action.ACCESS,
    AuditEvent.STAFF_LOGGED_IN: AuditEntry.Action.ACCESS,
    AuditEvent.STAFF_LOGIN_FAILED: AuditEntry.Action.ACCESS,
    AuditEvent.CERTIFICATE_ISSUED: AuditEntry.Action.CREATE,
    AuditEvent.ERASED: AuditEntry.Action.DELETE,
    AuditEvent.RETENTION_PURGED: AuditEntry.Action.DELETE,
}


def _request_context() -> dict[str, Any]:
    try:
        return auditlog_value.get()
    except LookupError:
        return {}


def _entry(
    *, event: AuditEvent, target: models.Model | type[models.Model], actor: Any, details
) -> AuditEntry:
    context = _request_context()
    content_type = ContentType.objects.get_for_model(target)
    if isinstance(target, type):
        object_pk, object_id = "", None
        object_repr = str(target._meta.verbose_name_plural).capitalize()
    else:
        object_pk = str(target.pk)
        object_id = target.pk if isinstance(target.pk, int) else None
        object_repr = record_label(target)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        event=event,
        action=ACTION_FOR_EVENT.get(event, AuditEntry.Action.UPDATE),
        content_type=content_type,
        object_pk=object_pk,
        object_id=object_id,
        object_repr=object_repr,
        additional_data=details or None,
        actor=actor,
        actor_email=actor.email if actor else None,
        remote_addr=context.get("remote_addr"),
        cid=current_request_id(),
    )


def audit_record(
    *,
    event: AuditEvent,
    target: models.Model | type[models.Model],
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """One row: `actor` (staff, or None for the service or a person acting on their own
    data, who is never named here) did `event` to `target`: a record, or a model class for
    something done to many (an export). `details` holds ids, counts and statuses, never a
    person's name or address, nor text staff typed (a reason stays on the record's own
    history)."""
    entry = _entry(event=event, target=target, actor=actor, details=details)
    entry.save()
    return entry


def audit_record_each(
    *,
    event: AuditEvent,
    targets: list[models.Model],
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> int:
    """The same event done to each of `targets` (everyone graduated at once): one row each,
    written in one INSERT."""
    entries = [_entry(event=event, target=t, actor=actor, details=details) for t in targets]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


@transaction.atomic
def audit_entries_purge(now: datetime.datetime) -> int:
    """Delete the rows of the trail older than ELLW_RETENTION_AUDIT_DAYS: the one deletion the
    trail allows. On PostgreSQL its trigger refuses any DELETE unless the transaction first
    says it is this purge (SET LOCAL lasts until the transaction ends, so nothing after it
    commits inherits the permission)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL ellw.audit_purge = 'on'")
    # The queryset's DELETE, not AuditEntry.delete() (which refuses, row by row).
    deleted, _ = audit_entries_past_retention(now).delete()
    return deleted


def audit_filters(data, *, leave_out: tuple[str, ...] = ("page",)) -> dict[str, str]:
    """What a list or export was filtered on, from its query string, for an audit row's
    details: each value cut to 100 characters, empty ones and `leave_out` dropped."""
    return {key: value[:100] for key, value in data.items() if key not in leave_out and value}
