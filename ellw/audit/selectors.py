"""Reading the audit trail, newest first, for the lead's page and its CSV export."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry

CSV_HEADER = [
    "When",
    "Who",
    "What",
    "Event code",
    "Record type",
    "Record id",
    "Record",
    "Details",
    "From address",
    "Request id",
]


def audit_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("content_type").order_by("-timestamp", "-id")


def audit_entry_record_types() -> list[tuple[int, str]]:
    """The kinds of record the trail mentions, for the filter: (content type id, name)."""
    from django.contrib.contenttypes.models import ContentType

    ids = AuditEntry.objects.order_by().values_list("content_type_id", flat=True).distinct()
    types = ContentType.objects.filter(pk__in=ids)
    return sorted(
        (
            (ct.pk, str(ct.model_class()._meta.verbose_name).capitalize())
            for ct in types
            if ct.model_class() is not None
        ),
        key=lambda item: item[1],
    )


def audit_entry_csv_rows(entries: QuerySet[AuditEntry]) -> Iterator[list]:
    columns = (
        "timestamp", "actor_email", "event", "content_type__app_label", "content_type__model",
        "object_pk", "object_repr", "additional_data", "remote_addr", "cid",
    )  # fmt: skip
    labels = dict(AuditEntry._meta.get_field("event").choices)
    for when, who, event, app_label, model, pk, label, details, address, cid in entries.values_list(
        *columns
    ).iterator(chunk_size=2000):
        yield [
            timezone.localtime(when).isoformat(timespec="seconds"),
            who or "The service",
            labels.get(event, event),
            event,
            f"{app_label}.{model}",
            pk,
            label,
            json.dumps(details, sort_keys=True) if details is not None else "",
            address or "",
            cid or "",
        ]
