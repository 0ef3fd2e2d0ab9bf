"""A real worker's heartbeat reaches /healthz: per queue it consumes (its -Q), fresh while it
runs (a long render included: it beats from its own thread), stale once it has stopped.
Real PostgreSQL, a Redis server of the test's own and real `celery worker` processes."""

from __future__ import annotations

import json
import time

import pytest
from django.db import transaction

from cohorts.services.certificates import cohort_certificates_print
from ellw.documents.enums import DocumentStatus
from ellw.documents.models import GeneratedDocument
from tests.faults.services import certificates_issue_unrendered, graduated_cohort
from tests.waiting import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

BEAT_EVERY = 1
STALE = 3
# A print run that takes several times STALE to lay out, even on a quiet machine (about 27 ms
# a page there: 120 pages once finished before the checks did).
CERTIFICATES = 400


def workers(client) -> dict[str, dict]:
    return json.loads(client.get("/healthz").content)["workers"]


def status_of(client, queue: str) -> str:
    return workers(client)[queue]["status"]


def test_a_workers_heartbeat_shows_for_its_queue_and_goes_stale_when_it_stops(
    client, worker_processes, settings
):
    settings.ELLW_WORKER_HEARTBEAT_STALE_SECONDS = STALE
    assert set(map(str, workers(client).values())) == {str({"status": "missing"})}

    worker = worker_processes(queues="email", WORKER_HEARTBEAT_SECONDS=BEAT_EVERY)
    assert wait_for(lambda: status_of(client, "email") == "ok", timeout=60), worker.log()
    seen = workers(client)
    assert seen["email"]["seconds_ago"] <= 3
    assert (seen["documents"], seen["celery"]) == ({"status": "missing"}, {"status": "missing"})

    worker.stop()
    assert wait_for(lambda: status_of(client, "email") == "stale", timeout=15)
    response = client.get("/healthz")
    assert response.status_code == 200  # a stopped worker does not fail the web server
    assert client.get("/healthz?workers=required").status_code == 503


def test_a_documents_worker_busy_with_a_long_render_keeps_its_heartbeat(
    client, worker_processes, settings
):
    settings.ELLW_WORKER_HEARTBEAT_STALE_SECONDS = STALE
    cohort = graduated_cohort(CERTIFICATES)
    certificates_issue_unrendered(cohort)
    worker = worker_processes(queues="documents", WORKER_HEARTBEAT_SECONDS=BEAT_EVERY)
    assert wait_for(lambda: status_of(client, "documents") == "ok", timeout=60), worker.log()

    with transaction.atomic():
        batch = cohort_certificates_print(cohort=cohort, actor=None)

    def rendering() -> bool:
        document = GeneratedDocument.objects.get(pk=batch.pk)
        return document.status == DocumentStatus.RENDERING and document.pages_done >= 1

    assert wait_for(rendering, timeout=60, interval=0.02), worker.log()
    # The solo pool runs the render in the worker's only thread, blocking its event loop;
    # the heartbeat's own thread keeps beating through it, for longer than "stale".
    seen, started = [], time.monotonic()
    while rendering() and time.monotonic() - started < STALE + 1:
        seen.append(workers(client)["documents"]["status"])
        time.sleep(0.25)
    assert time.monotonic() - started >= STALE + 1, "the render ended before the checks"
    assert set(seen) == {"ok"}
    worker.kill()
