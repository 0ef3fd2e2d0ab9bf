"""A real Celery worker (Redis on CI, the in-memory broker elsewhere) renders certificates:
issuing twice and delivering the render task twice leave one certificate, one code and one
file; a retry after a failed attempt renders the same certificate."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import transaction

from cohorts.models import Certificate
from cohorts.services.certificates import cohort_certificates_issue, cohort_certificates_print
from ellw.celery import app as celery_app
from ellw.documents.enums import DocumentStatus
from ellw.documents.models import GeneratedDocument
from tests.factories import EnrolmentFactory, UserFactory, certificate_cohort
from tests.waiting import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohort():
    cohort = certificate_cohort()
    for name in ("Aisha Khan", "Ben Okafor"):
        EnrolmentFactory(
            cohort=cohort,
            participant=UserFactory(full_name=name),
            graduated_on=datetime.date(2022, 3, 29),
        )
    return cohort


def all_ready() -> bool:
    return not GeneratedDocument.objects.exclude(status=DocumentStatus.READY).exists()


def test_the_worker_renders_each_certificate_once_however_often_it_is_asked(celery_worker, cohort):
    with transaction.atomic():
        assert cohort_certificates_issue(cohort=cohort, actor=None) == 2
    with transaction.atomic():
        assert cohort_certificates_issue(cohort=cohort, actor=None) == 0
    assert wait_for(all_ready)
    codes = set(Certificate.objects.values_list("code", flat=True))
    files = {d.pk: (d.file.name, d.sha256, d.attempts) for d in GeneratedDocument.objects.all()}

    # The render task delivered again (a redelivery after a lost acknowledgement): nothing
    # changes, no second file.
    task = celery_app.tasks["documents.render"]
    for document_id in files:
        task.delay(document_id=document_id)
    time.sleep(1)
    assert set(Certificate.objects.values_list("code", flat=True)) == codes
    assert Certificate.objects.count() == 2
    # Not even claimed again (attempts unchanged): a ready document is never re-rendered.
    now = {d.pk: (d.file.name, d.sha256, d.attempts) for d in GeneratedDocument.objects.all()}
    assert now == files


def test_the_worker_retries_a_failed_render_and_the_certificate_keeps_its_code(
    celery_worker, cohort, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    real = FileSystemStorage._save
    failures = [1]

    def flaky(self, name, content):
        """The outside world: the disk (or bucket) refuses one write."""
        if failures[0]:
            failures[0] -= 1
            raise OSError("No space left on device")
        return real(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", flaky)
    # Retries back off 5 s and more in production; here 1 s.
    monkeypatch.setattr(celery_app.tasks["documents.render"], "retry_backoff", 1)
    monkeypatch.setattr(celery_app.tasks["documents.render"], "retry_jitter", False)
    with transaction.atomic():
        cohort_certificates_issue(cohort=cohort, actor=None)
    codes = set(Certificate.objects.values_list("code", flat=True))
    assert wait_for(all_ready)
    assert set(Certificate.objects.values_list("code", flat=True)) == codes
    # The refused write was tried again (SQLite's locking between the test and the worker
    # thread can add an attempt of its own, so "at least").
    assert max(GeneratedDocument.objects.values_list("attempts", flat=True)) >= 2
    assert failures == [0]


def test_the_worker_prints_the_cohort_as_one_pdf_with_progress(celery_worker, cohort):
    with transaction.atomic():
        cohort_certificates_issue(cohort=cohort, actor=None)
    with transaction.atomic():
        batch = cohort_certificates_print(cohort=cohort, actor=None)
    assert wait_for(lambda: GeneratedDocument.objects.get(pk=batch.pk).is_ready)
    batch.refresh_from_db()
    assert batch.pages_done == batch.pages_total == 2
    with batch.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
