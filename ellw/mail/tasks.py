"""Celery interfaces to the outbox services."""

from celery import shared_task

from .services import outbound_email_send, outbound_emails_resend_pending


@shared_task(name="mail.send", ignore_result=True, time_limit=60)
def outbound_email_send_task(*, email_id: int) -> None:
    outbound_email_send(email_id=email_id)


@shared_task(name="mail.resend_pending", ignore_result=True, time_limit=300)
def outbound_emails_resend_pending_task() -> None:
    outbound_emails_resend_pending()
