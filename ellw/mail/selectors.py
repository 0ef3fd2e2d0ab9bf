"""Reads of the outbox for staff pages: metadata only, never bodies."""

from django.db.models import QuerySet

from .enums import OutboundEmailStatus
from .models import OutboundEmail


def outbound_emails_failed() -> QuerySet[OutboundEmail]:
    """E-mails the outbox gave up on, newest first (served by the status/created index)."""
    return (
        OutboundEmail.objects.filter(status=OutboundEmailStatus.FAILED)
        .defer("body_text", "body_html")
        .order_by("-created_at", "-id")
    )
