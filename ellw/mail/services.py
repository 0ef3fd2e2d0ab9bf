"""The one way to send e-mail: write an outbox row in the caller's transaction, send on commit.

If the broker is down the row stays pending and `outbound_emails_resend_pending` (run by
beat) sends it later. A row is claimed with a conditional UPDATE before sending, so the
send task and the re-send task can never both send it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from .enums import OutboundEmailStatus
from .models import OutboundEmail

logger = logging.getLogger(__name__)


def email_queue(
    *,
    to: str | Sequence[str],
    template: str,
    context: dict[str, Any] | None = None,
    reply_to: Sequence[str] = (),
) -> OutboundEmail:
    """Render `templates/emails/<template>/` and queue the message for sending on commit."""
    context = {"site_url": settings.SITE_URL, **(context or {})}
    prefix = f"emails/{template}"
    subject = " ".join(render_to_string(f"{prefix}/subject.txt", context).split())
    body_text = render_to_string(f"{prefix}/body.txt", context)
    try:
        body_html = render_to_string(f"{prefix}/body.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return _outbound_email_create(
        template=template,
        to=[to] if isinstance(to, str) else list(to),
        reply_to=list(reply_to),
        subject=subject,
        body_text=body_text,
        body_html=body_html,
    )


def email_queue_message(*, message: EmailMessage, template: str = "") -> OutboundEmail:
    """Queue a message another library rendered (allauth's account e-mails)."""
    alternatives = getattr(message, "alternatives", [])
    body_html = next((content for content, mime in alternatives if mime == "text/html"), "")
    return _outbound_email_create(
        template=template,
        to=list(message.to),
        reply_to=list(message.reply_to),
        subject=message.subject,
        body_text=message.body,
        body_html=body_html,
    )


def _outbound_email_create(**fields: Any) -> OutboundEmail:
    email = OutboundEmail.objects.create(**fields)
    # robust=True: if the broker is unreachable the request still succeeds; the row
    # stays pending for the re-send task.
    # (A closure, not functools.partial: Django logs a robust callback's __qualname__.)
    email_id = email.pk
    transaction.on_commit(lambda: _outbound_email_enqueue(email_id), robust=True)
    return email


def _outbound_email_enqueue(email_id: int) -> None:
    from .tasks import outbound_email_send_task

    outbound_email_send_task.delay(email_id=email_id)


def outbound_email_send(*, email_id: int) -> bool:
    """Send one pending row. Returns True if this call sent it."""
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmailStatus.PENDING).update(
        status=OutboundEmailStatus.SENDING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # SMTP and friends: record it and let the re-send try again
        logger.warning("Sending outbound e-mail %s failed: %s", email_id, exc)
        gave_up = email.attempts >= settings.ELLW_OUTBOX_MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmailStatus.FAILED if gave_up else OutboundEmailStatus.PENDING,
            last_error=str(exc)[:2000],
        )
        return False
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def outbound_emails_resend_pending(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send what is still pending after a grace period. Returns how many were sent.

    A row claimed by a worker that died mid-send is released after a longer grace period;
    that is the only case in which a message could go twice, and only if the worker
    died after the mail server accepted it.
    """
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        status=OutboundEmailStatus.SENDING,
        claimed_at__lte=now - timedelta(seconds=settings.ELLW_OUTBOX_STALE_CLAIM_SECONDS),
    ).update(status=OutboundEmailStatus.PENDING)
    due = OutboundEmail.objects.filter(
        Q(status=OutboundEmailStatus.PENDING),
        created_at__lte=now - timedelta(seconds=settings.ELLW_OUTBOX_RESEND_AFTER_SECONDS),
    ).order_by("created_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    return sum(outbound_email_send(email_id=email_id) for email_id in ids)
