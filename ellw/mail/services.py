"""The one way to send e-mail: write an outbox row in the caller's transaction, send on commit.

If the broker is down the row stays pending and `outbound_emails_resend_pending` (run by
beat) sends it later. A row is claimed with a conditional UPDATE before sending, so the
send task and the re-send task can never both send it.

Bodies carry working links, so they are encrypted when the row is written (ellw.crypto, key
outside the database), decrypted only to send, and erased once sent. Every attempt carries
the row's own Message-ID. Logs name rows by id, never their content.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from ellw.crypto import DecryptionError, decrypt, encrypt

from .backends import EmailRejectedError
from .enums import OutboundEmailStatus
from .models import OutboundEmail
from .selectors import outbound_emails_past_retention

logger = logging.getLogger(__name__)


class OutboundEmailRetryError(Exception):
    """The e-mail cannot be tried again; the message says why, for the person who asked."""


def email_queue(
    *,
    to: str | Sequence[str],
    template: str,
    context: dict[str, Any] | None = None,
    reply_to: Sequence[str] = (),
    forget_recipients: bool = False,
) -> OutboundEmail:
    """Render `templates/emails/<template>/` and queue the message for sending on commit.
    With `forget_recipients` the row's addresses are erased too once it is sent."""
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
        forget_recipients=forget_recipients,
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


def outbound_email_message_id() -> str:
    """A new Message-ID, unique to one outbox row, in the sender's domain."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    domain = domain or urlparse(settings.SITE_URL).hostname or "localhost"
    return f"<outbox-{uuid.uuid4().hex}@{domain}>"


def _outbound_email_create(*, body_text: str, body_html: str, **fields: Any) -> OutboundEmail:
    email = OutboundEmail.objects.create(
        body_text=encrypt(body_text),
        body_html=encrypt(body_html),
        message_id=outbound_email_message_id(),
        **fields,
    )
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
    try:
        body_text, body_html = decrypt(email.body_text), decrypt(email.body_html)
    except DecryptionError:
        # Encrypted under a key no longer configured: no attempt can ever send it.
        logger.error("Outbound e-mail %s cannot be decrypted; marked failed", email_id)
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmailStatus.FAILED,
            last_error="The message could not be decrypted: its encryption key is no longer "
            "configured (ENCRYPTION_KEYS).",
        )
        return False
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
        # The same Message-ID at every attempt: a re-send after a worker died mid-send is
        # recognisably the same message (mail clients and servers can drop the copy).
        headers={"Message-ID": email.message_id} if email.message_id else None,
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    # For a backend that can carry a reference of ours (GOV.UK Notify's `reference`).
    message.outbox_id = email.pk
    try:
        message.send()
    except Exception as exc:  # SMTP and friends: record it and let the re-send try again
        # ...unless the service refused the message for good: then it fails at once.
        refused = isinstance(exc, EmailRejectedError)
        gave_up = refused or email.attempts >= settings.ELLW_OUTBOX_MAX_ATTEMPTS
        # The id and the kind of error only: the row holds the details, never the log.
        logger.warning(
            "Sending outbound e-mail %s failed (attempt %s%s): %s",
            email_id,
            email.attempts,
            ", refused for good" if refused else ", giving up" if gave_up else "",
            type(exc).__name__,
        )
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmailStatus.FAILED if gave_up else OutboundEmailStatus.PENDING,
            last_error=str(exc)[:2000],
        )
        return False
    # Sent: the links in the body must not outlive the message, so the body goes.
    forgotten = {"to": [], "reply_to": []} if email.forget_recipients else {}
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmailStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        body_text="",
        body_html="",
        **forgotten,
    )
    logger.info("Sent outbound e-mail %s (attempt %s)", email_id, email.attempts)
    return True


def outbound_email_retry(*, email_id: int, actor: AbstractBaseUser) -> OutboundEmail:
    """Put a failed e-mail back in the queue for one more attempt, sent on commit.

    Raises OutboundEmail.DoesNotExist for an unknown id and OutboundEmailRetryError for a row
    that is not failed. Attempts keep counting, so the record shows every try.
    """
    email = OutboundEmail.objects.defer("body_text", "body_html").get(pk=email_id)
    if email.status == OutboundEmailStatus.SENT:
        raise OutboundEmailRetryError(
            f"The e-mail to {', '.join(email.to)} has already been sent, so it was not sent again."
        )
    retried = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmailStatus.FAILED).update(
        status=OutboundEmailStatus.PENDING
    )
    if not retried:
        raise OutboundEmailRetryError(
            f"The e-mail to {', '.join(email.to)} is already waiting to be sent, "
            "so nothing was changed."
        )
    logger.info("Outbound e-mail %s queued again by user %s", email_id, actor.pk)
    transaction.on_commit(lambda: _outbound_email_enqueue(email_id), robust=True)
    email.status = OutboundEmailStatus.PENDING
    return email


def outbound_emails_resend_pending(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send what is still pending after a grace period. Returns how many were sent.

    A row claimed by a worker that died mid-send is released after
    ELLW_OUTBOX_STALE_CLAIM_SECONDS, longer than any task's hard time limit (a system check
    holds it so), so a live send is never released. That is the only case in which a
    message could go twice, only if the worker died after the mail server accepted it, and
    the copy carries the same Message-ID.
    """
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        status=OutboundEmailStatus.SENDING,
        claimed_at__lte=now - timedelta(seconds=settings.ELLW_OUTBOX_STALE_CLAIM_SECONDS),
    ).update(
        status=OutboundEmailStatus.PENDING,
        last_error="The worker sending this stopped before recording the result.",
    )
    due = OutboundEmail.objects.filter(
        Q(status=OutboundEmailStatus.PENDING),
        created_at__lte=now - timedelta(seconds=settings.ELLW_OUTBOX_RESEND_AFTER_SECONDS),
    ).order_by("created_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    return sum(outbound_email_send(email_id=email_id) for email_id in ids)


def outbound_emails_delete_past_retention(now: datetime) -> int:
    """Delete the records of e-mails sent longer ago than ELLW_RETENTION_EMAIL_DAYS."""
    deleted, _ = outbound_emails_past_retention(now).delete()
    return deleted
