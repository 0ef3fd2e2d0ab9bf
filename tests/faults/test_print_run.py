"""The cohort's print run (one certificate_batch document) survives faults: Redis down when
the lead asks for it, a worker killed by SIGKILL half-way through 50 certificates, and a
storage write that fails. Real PostgreSQL, a Redis server of the test's own and real
`celery worker` processes."""

from __future__ import annotations

import datetime
import hashlib
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Certificate
from ellw.documents.checks import check_stale_claim_outlasts_renders
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.documents.services import documents_render_pending
from tests.faults.services import (
    certificates_issue_unrendered,
    document_files,
    graduated_cohort,
    pdf_pages_text,
    progress_shown,
)
from tests.mfa import log_in_with_mfa
from tests.waiting import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

# As beat would run it once the grace period (ELLW_DOCUMENT_REQUEUE_AFTER_SECONDS) is over.
LATER = datetime.timedelta(minutes=5)

# The killed worker's test: a render may take RENDER_TIME_LIMIT seconds, a claim is stale
# after twice that (check documents.E002 holds in the workers too), and Redis delivers an
# unacknowledged message again once VISIBILITY_TIMEOUT has passed: after the claim went
# stale, so the second delivery takes it over.
RENDER_TIME_LIMIT = 4
STALE_CLAIM_SECONDS = 2 * RENDER_TIME_LIMIT
VISIBILITY_TIMEOUT = STALE_CLAIM_SECONDS + 2
SHORT_WINDOWS = {
    "DOCUMENT_RENDER_TIME_LIMIT": RENDER_TIME_LIMIT,
    "DOCUMENT_STALE_CLAIM_SECONDS": STALE_CLAIM_SECONDS,
    "BROKER_VISIBILITY_TIMEOUT": VISIBILITY_TIMEOUT,
}


def print_run_ask(client, cohort) -> GeneratedDocument:
    response = client.post(reverse("staff:cohorts:certificates_print", args=[cohort.pk]))
    batch = GeneratedDocument.objects.get(kind=DocumentKind.CERTIFICATE_BATCH)
    assert response.status_code == 302
    assert response.url == reverse("documents:progress", args=[batch.pk])
    return batch


def file_content(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def test_a_print_run_asked_for_while_redis_is_down_renders_once_when_it_is_back(
    client, programme_lead, own_broker, worker_processes
):
    cohort = graduated_cohort(2)
    certificates_issue_unrendered(cohort)
    log_in_with_mfa(client, programme_lead)

    own_broker.stop()
    started = time.monotonic()
    batch = print_run_ask(client, cohort)
    assert time.monotonic() - started < 5
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (DocumentStatus.QUEUED, 0)
    progress = client.get(reverse("documents:progress", args=[batch.pk])).content.decode()
    assert "Waiting to start." in progress

    # Redis is back (same address); a worker runs, and beat's re-enqueue finds what waited:
    # the print run and the two certificates issued before the outage.
    own_broker.start()
    worker = worker_processes()
    before = document_files()
    assert documents_render_pending(now=timezone.now() + LATER) == 3

    def everything_ready() -> bool:
        return not GeneratedDocument.objects.exclude(status=DocumentStatus.READY).exists()

    assert wait_for(everything_ready, timeout=60), worker.log()
    # Beat running again finds nothing more to do.
    assert documents_render_pending(now=timezone.now() + LATER) == 0

    batch.refresh_from_db()
    assert (batch.attempts, batch.pages_done, batch.pages_total) == (1, 2, 2)
    new_files = document_files() - before
    assert sum(name.startswith(f"certificate_batch/{batch.pk}-") for name in new_files) == 1
    assert hashlib.sha256(file_content(batch)).hexdigest() == batch.sha256
    assert set(GeneratedDocument.objects.values_list("attempts", flat=True)) == {1}


def test_the_short_windows_of_the_killed_workers_test_pass_the_system_checks(settings):
    settings.ELLW_DOCUMENT_RENDER_TIME_LIMIT = RENDER_TIME_LIMIT
    settings.ELLW_DOCUMENT_STALE_CLAIM_SECONDS = STALE_CLAIM_SECONDS
    assert check_stale_claim_outlasts_renders() == []
    assert VISIBILITY_TIMEOUT > STALE_CLAIM_SECONDS


def claimed(document_id: int) -> bool:
    return GeneratedDocument.objects.get(pk=document_id).status == DocumentStatus.RENDERING


def midway(document_id: int) -> bool:
    document = GeneratedDocument.objects.get(pk=document_id)
    return document.status == DocumentStatus.RENDERING and 1 <= document.pages_done <= 49


def test_a_worker_killed_half_way_through_a_print_run_is_taken_over_by_the_redelivery(
    client, programme_lead, own_broker, worker_processes
):
    cohort = graduated_cohort(50)
    codes = certificates_issue_unrendered(cohort)
    log_in_with_mfa(client, programme_lead)
    before = document_files()
    batch = print_run_ask(client, cohort)
    download = reverse("documents:download", args=[batch.pk])
    fragment = reverse("documents:progress_fragment", args=[batch.pk])

    first = worker_processes(**SHORT_WINDOWS)
    assert wait_for(lambda: claimed(batch.pk), timeout=60, interval=0.02), first.log()
    # A second worker beside it, as in production: idle, since the first holds the message.
    second = worker_processes(**SHORT_WINDOWS)
    assert wait_for(lambda: midway(batch.pk), timeout=60, interval=0.02), first.log()
    first.kill()
    killed = GeneratedDocument.objects.get(pk=batch.pk)
    assert killed.status == DocumentStatus.RENDERING and 1 <= killed.pages_done <= 49
    assert killed.attempts == 1
    # Half a print run is never offered: nothing to download, nothing in storage.
    assert client.get(download).status_code == 404
    assert document_files() == before
    assert killed.file.name == ""
    assert progress_shown(client.get(fragment).content.decode()) == (
        f"Laying out the pages: {killed.pages_done} of 50 done.",
        killed.pages_done * 2,
    )

    # Redis hands the message the dead worker never acknowledged out again once the
    # visibility timeout has passed; its claim is stale by then, so the second worker takes
    # it over. No beat runs here: the redelivery alone.
    seen: list[tuple[str, int]] = []

    def finished() -> bool:
        html = client.get(fragment).content.decode()
        seen.append(progress_shown(html))
        return 'data-finished="true"' in html

    assert wait_for(finished, timeout=60, interval=0.05), second.log()
    assert "Task documents.render[" in second.log()

    # What the lead watched: the dead worker's count, then counting again from the start
    # (never jumping ahead of the pages really laid out), up to 100.
    percents = [percent for _, percent in seen]
    restart = next(i for i, percent in enumerate(percents) if percent < killed.pages_done * 2)
    assert set(percents[:restart]) == {killed.pages_done * 2}
    assert percents[restart:] == sorted(percents[restart:])
    assert seen[-1] == ("Ready.", 100)

    batch.refresh_from_db()
    assert GeneratedDocument.objects.filter(kind=DocumentKind.CERTIFICATE_BATCH).count() == 1
    assert (batch.status, batch.attempts) == (DocumentStatus.READY, 2)
    assert (batch.pages_done, batch.pages_total) == (50, 50)
    # One file, the second worker's whole one, served as recorded.
    assert document_files() - before == {batch.file.name}
    content = file_content(batch)
    assert hashlib.sha256(content).hexdigest() == batch.sha256
    response = client.get(download)
    assert b"".join(response.streaming_content) == content

    # 50 certificates, each with the code it was issued with, one page each.
    certificates = list(Certificate.objects.filter(enrolment__cohort=cohort).order_by("pk"))
    assert {c.pk: c.code for c in certificates} == codes
    assert len(set(codes.values())) == 50
    pages = pdf_pages_text(content)
    assert len(pages) == 50
    for certificate in certificates:
        shown_on = [i for i, text in enumerate(pages) if certificate.display_code in text]
        assert len(shown_on) == 1, certificate.display_code
