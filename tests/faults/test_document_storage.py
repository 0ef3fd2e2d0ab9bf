"""A storage write that fails (a full disk; a bucket refusing would be the same) marks the
document failed with the reason once its attempts run out; the lead sees the reason and
"Try again", and once the storage has recovered "Try again" renders it. The failure is
injected at the storage, below the project's render code; a real worker (Redis on CI)
runs the render."""

from __future__ import annotations

import errno
import hashlib

import pytest
from django.db import transaction
from django.urls import reverse

from cohorts.services.certificates import cohort_certificates_issue
from ellw.celery import app as celery_app
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
from tests.faults.services import document_files, graduated_cohort
from tests.mfa import log_in_with_mfa
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.faults,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

DISK_FULL = "OSError: [Errno 28] No space left on device"


def all_ready() -> bool:
    return not GeneratedDocument.objects.exclude(status=DocumentStatus.READY).exists()


def test_a_failing_storage_write_fails_the_document_with_its_reason_and_try_again_renders_it(
    client, programme_lead, celery_worker, settings, monkeypatch
):
    cohort = graduated_cohort(2)
    with transaction.atomic():
        cohort_certificates_issue(cohort=cohort, actor=None)
    assert wait_for(all_ready)

    storage = GeneratedDocument._meta.get_field("file").storage
    real_save = storage._save
    disk = {"full": True}

    def save(name, content):
        """The outside world: the disk refuses the write."""
        if disk["full"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(name, content)

    monkeypatch.setattr(storage, "_save", save)
    # Two attempts, a second apart (production: four, backing off from 5 s).
    settings.ELLW_DOCUMENT_MAX_ATTEMPTS = 2
    monkeypatch.setattr(celery_app.tasks["documents.render"], "retry_backoff", 1)
    monkeypatch.setattr(celery_app.tasks["documents.render"], "retry_jitter", False)
    before = document_files()

    log_in_with_mfa(client, programme_lead)
    response = client.post(reverse("staff:cohorts:certificates_print", args=[cohort.pk]))
    batch = GeneratedDocument.objects.get(kind=DocumentKind.CERTIFICATE_BATCH)
    progress = reverse("documents:progress", args=[batch.pk])
    assert response.url == progress

    def failed() -> bool:
        batch.refresh_from_db()
        return batch.status == DocumentStatus.FAILED

    assert wait_for(failed)
    assert (batch.error, batch.attempts, batch.file.name) == (DISK_FULL, 2, "")
    page = client.get(progress).content.decode()
    assert "The PDF could not be made." in page
    assert DISK_FULL in page
    assert f'action="{reverse("documents:retry", args=[batch.pk])}"' in page
    assert "Try again" in page
    assert client.get(reverse("documents:download", args=[batch.pk])).status_code == 404
    assert document_files() == before

    # The disk has room again: "Try again" renders it, from fresh attempts.
    disk["full"] = False
    response = client.post(reverse("documents:retry", args=[batch.pk]))
    assert response.url == progress
    assert wait_for(all_ready)
    batch.refresh_from_db()
    assert (batch.error, batch.attempts) == ("", 1)
    assert document_files() - before == {batch.file.name}
    page = client.get(progress).content.decode()
    assert "Ready." in page and "Try again" not in page
    download = client.get(reverse("documents:download", args=[batch.pk]))
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == batch.sha256
