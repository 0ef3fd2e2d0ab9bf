"""Reads of the outbox for staff pages (metadata only, never bodies) and for retention."""

import datetime

from django.conf import settings
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


def outbound_emails_past_retention(now: datetime.datetime) -> QuerySet[OutboundEmail]:
    """Records of e-mails sent at least ELLW_RETENTION_EMAIL_DAYS ago (who, what, when:
    the body was erased when it was sent)."""
    cutoff = now - datetime.timedelta(days=settings.ELLW_RETENTION_EMAIL_DAYS)
    return OutboundEmail.objects.filter(status=OutboundEmailStatus.SENT, sent_at__lte=cutoff)
