"""Celery interfaces to the outbox services.

The hard time limits come from settings so the stale-claim release
(ELLW_OUTBOX_STALE_CLAIM_SECONDS) can be checked to outlast them (ellw.mail.checks).
"""

from celery import shared_task
from django.conf import settings

from .services import outbound_email_send, outbound_emails_resend_pending


@shared_task(name="mail.send", ignore_result=True, time_limit=settings.ELLW_OUTBOX_SEND_TIME_LIMIT)
def outbound_email_send_task(*, email_id: int) -> None:
    outbound_email_send(email_id=email_id)


@shared_task(
    name="mail.resend_pending",
    ignore_result=True,
    time_limit=settings.ELLW_OUTBOX_RESEND_TIME_LIMIT,
)
def outbound_emails_resend_pending_task() -> None:
    outbound_emails_resend_pending()
