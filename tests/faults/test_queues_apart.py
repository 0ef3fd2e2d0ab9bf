"""One worker per queue, as production runs them: an e-mail queued while a long print run is
rendering is sent straight away by the e-mail worker, not after the render. Real PostgreSQL,
a Redis server of the test's own and two real `celery worker` processes (`-Q email` and
`-Q documents`, one task at a time each)."""

from __future__ import annotations

import pytest
from django.db import transaction

from cohorts.services.certificates import cohort_certificates_print
from ellw.documents.enums import DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.mail.services import email_queue
from tests.faults.services import certificates_issue_unrendered, graduated_cohort
from tests.waiting import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

# Enough certificates that the print run is still being laid out well after the e-mail
# worker has had every chance to send, even on a quiet machine (about 27 ms a page there).
CERTIFICATES = 200


def rendering(document_id: int) -> bool:
    document = GeneratedDocument.objects.get(pk=document_id)
    return document.status == DocumentStatus.RENDERING and document.pages_done >= 1


def test_an_email_is_sent_while_a_print_run_renders_on_the_other_queue(worker_processes):
    cohort = graduated_cohort(CERTIFICATES)
    certificates_issue_unrendered(cohort)
    emails = worker_processes(queues="email")
    documents = worker_processes(queues="documents")
    assert wait_for(lambda: emails.ready() and documents.ready(), timeout=60), (
        emails.log() + documents.log()
    )

    with transaction.atomic():
        batch = cohort_certificates_print(cohort=cohort, actor=None)
    assert wait_for(lambda: rendering(batch.pk), timeout=60, interval=0.02), documents.log()

    with transaction.atomic():
        email = email_queue(to="a@example.nhs.uk", template="test_notice", context={"name": "A"})

    def sent() -> bool:
        return OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmailStatus.SENT).exists()

    assert wait_for(sent, timeout=30, interval=0.02), emails.log()
    # Sent while the print run is still half-way: the render did not hold the e-mail up.
    batch.refresh_from_db()
    assert batch.status == DocumentStatus.RENDERING
    assert 1 <= batch.pages_done < CERTIFICATES
    # Each worker ran only its own queue's task (the start-up banner lists every task).
    assert "Task mail.send[" in emails.log()
    assert "Task documents.render[" not in emails.log()
    assert "Task documents.render[" in documents.log()
    assert "Task mail.send[" not in documents.log()
    # The rest of the print run is not what this test is about.
    documents.kill()
