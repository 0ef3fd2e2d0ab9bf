"""A real Celery worker (Redis on CI, the in-memory broker elsewhere) runs the send task."""

import pytest
from django.db import transaction

from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.mail.services import email_queue
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]


def test_worker_sends_the_queued_email(celery_worker):
    with transaction.atomic():
        email = email_queue(to="a@example.nhs.uk", template="test_notice", context={"name": "A"})
    assert email.status == OutboundEmailStatus.PENDING

    assert wait_for(
        lambda: OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmailStatus.SENT).exists()
    )
    email.refresh_from_db()
    assert email.attempts == 1
