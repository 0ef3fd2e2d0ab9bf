"""The audit trail: one append-only row per staff action on personal data, change of role,
staff log-in, and request a person makes about their data.

django-auditlog writes the rows (its `LogEntry` fields: the record by content type and id,
who, from which address, the request id as its correlation id, when), in the same database
transaction as the change, so a change that rolls back leaves no row and a row means the
change happened. This model adds `event`: what was done, in the programme's words.

Rows never hold a data subject's name or address: the record is named by type and number
(`object_repr`), details carry ids, reasons and counts, and only staff are named as actors.
So erasing a person never needs to touch the trail, and the trail can stay append-only: the
service and the admin offer no edit or delete, and on PostgreSQL a trigger refuses UPDATE and
DELETE (migration 0002) except the one change a deleted account forces (its rows keep the
actor's address, the link to the account is set to null) and the retention purge of rows
past their period.
"""

import json

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models

from .enums import AuditEvent

ACTION_EVENTS = {
    AbstractLogEntry.Action.CREATE: AuditEvent.RECORD_CREATED,
    AbstractLogEntry.Action.UPDATE: AuditEvent.RECORD_CHANGED,
    AbstractLogEntry.Action.DELETE: AuditEvent.RECORD_DELETED,
    AbstractLogEntry.Action.ACCESS: AuditEvent.RECORD_CHANGED,
}


def record_label(instance: models.Model) -> str:
    """How the trail names a record: its kind and number ("Application 42"), or the record's
    own `audit_label` where that names no person (a cohort's name)."""
    label = getattr(instance, "audit_label", None)
    if label:
        return str(label)
    return f"{str(instance._meta.verbose_name).capitalize()} {instance.pk}"


class AuditEntryManager(LogEntryManager):
    """auditlog's manager, naming records by `record_label` instead of str(), which may
    name a person."""

    def log_create(self, instance, force_log: bool = False, **kwargs):
        kwargs.setdefault("object_repr", record_label(instance))
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        kwargs.setdefault("object_repr", record_label(instance))
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


class AuditEntry(AbstractLogEntry):
    event = models.CharField(max_length=60, choices=AuditEvent.choices)

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["event", "-timestamp"], name="audit_event_time"),
            models.Index(fields=["actor", "-timestamp"], name="audit_actor_time"),
            models.Index(fields=["content_type", "object_pk"], name="audit_record"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.object_repr}"

    @property
    def details_text(self) -> str:
        """The details as compact JSON, as the CSV export writes them."""
        return json.dumps(self.additional_data, separators=(", ", ": "), sort_keys=True)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("The audit trail is append-only: an entry cannot be changed.")
        if not self.event:
            self.event = _event_for_automatic_entry(self)
        if self.actor_id and not self.actor_email:
            self.actor_email = self.actor.email
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The audit trail is append-only: an entry cannot be deleted.")


def _event_for_automatic_entry(entry: AuditEntry) -> str:
    """An entry auditlog wrote for a registered model (roles changed in the admin, say)."""
    groups = (entry.changes or {}).get("groups") if isinstance(entry.changes, dict) else None
    if isinstance(groups, dict) and groups.get("type") == "m2m":
        return (
            AuditEvent.ROLE_GRANTED if groups.get("operation") == "add" else AuditEvent.ROLE_REMOVED
        )
    if entry.content_type.model == "user" and entry.action == AbstractLogEntry.Action.UPDATE:
        return AuditEvent.ACCOUNT_CHANGED
    return ACTION_EVENTS.get(entry.action, AuditEvent.RECORD_CHANGED)
