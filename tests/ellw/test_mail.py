import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ellw.celery import app as celery_app
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.mail.services import (
    email_queue,
    outbound_email_send,
    outbound_emails_resend_pending,
)
from ellw.mail.tasks import outbound_emails_resend_pending_task
from tests.factories import PASSWORD

LATER = datetime.timedelta(hours=1)


class BrokenSMTPBackend(EmailBackend):
    """Stands in for a mail server that refuses the message."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def queue_notice(to: str = "someone@example.nhs.uk") -> OutboundEmail:
    return email_queue(to=to, template="test_notice", context={"name": "Aisha"})


@pytest.mark.django_db(transaction=True)
def test_email_queued_in_rolled_back_transaction_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_notice()
        raise RuntimeError("the change failed")
    assert OutboundEmail.objects.count() == 0
    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_committed_email_is_sent_exactly_once_even_when_resend_runs():
    with transaction.atomic():
        email = queue_notice()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Test notice for Aisha"
    assert mail.outbox[0].alternatives[0][1] == "text/html"

    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 0
    outbound_emails_resend_pending_task.delay()
    assert outbound_email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.SENT
    assert email.attempts == 1


@pytest.mark.django_db
def test_send_claims_the_row_so_a_second_send_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    assert outbound_email_send(email_id=email.pk) is True
    assert outbound_email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_resend_waits_for_the_grace_period(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    grace = datetime.timedelta(seconds=settings.ELLW_OUTBOX_RESEND_AFTER_SECONDS)
    just_short = email.created_at + grace - datetime.timedelta(seconds=1)
    assert outbound_emails_resend_pending(now=just_short) == 0
    assert outbound_emails_resend_pending(now=email.created_at + grace) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_failed_send_stays_pending_then_gives_up(django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.ellw.test_mail.BrokenSMTPBackend"
    settings.ELLW_OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmailStatus.PENDING, 1)
    assert email.last_error == "mail server down"

    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 0
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmailStatus.FAILED, 2)


@pytest.mark.django_db
def test_stale_claim_is_released_for_resend(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    stale = timezone.now() - datetime.timedelta(seconds=settings.ELLW_OUTBOX_STALE_CLAIM_SECONDS)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmailStatus.SENDING, claimed_at=stale
    )
    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 1
    assert len(mail.outbox) == 1


@pytest.fixture
def unreachable_broker(celery_conf, monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    celery_conf.broker_url = "redis://127.0.0.1:1/0"
    celery_conf.task_always_eager = False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_request_succeeds_and_email_stays_pending_when_broker_is_down(client, unreachable_broker):
    started = timezone.now()
    response = client.post(
        reverse("account_signup"),
        {"email": "new.worker@example.nhs.uk", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert timezone.now() - started < datetime.timedelta(seconds=5)
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmailStatus.PENDING
    assert mail.outbox == []

    # Once the broker is back, beat's re-send delivers it.
    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 1
    assert len(mail.outbox) == 1
