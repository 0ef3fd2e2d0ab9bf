"""The influencing report survives Redis being down when the lead asks for a new version:
the request succeeds, the version's document waits, and once Redis is back beat's
re-enqueue and a real worker render it once. Real PostgreSQL, a Redis server of the
test's own and a real `celery worker` process."""

from __future__ import annotations

import datetime
import hashlib
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.services import documents_render_pending
from evaluation.models import InfluencingReport
from tests.faults.services import document_files, graduated_cohort
from tests.mfa import log_in_with_mfa
from tests.waiting import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

LATER = datetime.timedelta(minutes=5)


def test_a_report_asked_for_while_redis_is_down_renders_once_when_it_is_back(
    client, programme_lead, own_broker, worker_processes
):
    cohort = graduated_cohort(3)
    log_in_with_mfa(client, programme_lead)

    own_broker.stop()
    started = time.monotonic()
    response = client.post(reverse("staff:evaluation:report_new"), {"cohorts": [cohort.pk]})
    assert time.monotonic() - started < 5
    report = InfluencingReport.objects.select_related("document").get()
    document = report.document
    assert response.status_code == 302
    assert response.url == reverse("documents:progress", args=[document.pk])
    assert (document.kind, document.status, document.attempts) == (
        DocumentKind.INFLUENCING_REPORT,
        DocumentStatus.QUEUED,
        0,
    )
    listing = client.get(reverse("staff:evaluation:reports")).content.decode()
    assert report.title in listing

    own_broker.start()
    worker = worker_processes()
    before = document_files()
    assert documents_render_pending(now=timezone.now() + LATER) == 1

    def ready() -> bool:
        document.refresh_from_db()
        return document.status == DocumentStatus.READY

    assert wait_for(ready, timeout=60), worker.log()
    assert documents_render_pending(now=timezone.now() + LATER) == 0
    assert document.attempts == 1
    assert document_files() - before == {document.file.name}
    with document.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert b"".join(download.streaming_content) == content
