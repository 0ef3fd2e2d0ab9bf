"""The generated-documents machinery every PDF uses: queued on commit, claimed once,
retried with backoff and then failed with its error, re-enqueued after a broker outage or
a dead worker, progress page by page, one permission-checked streamed download."""

from __future__ import annotations

import datetime

import pytest
from django.core.checks import run_checks
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ellw.celery import app as celery_app
from ellw.documents.enums import DocumentStatus
from ellw.documents.kinds import document_kind
from ellw.documents.models import GeneratedDocument
from ellw.documents.services import (
    DocumentRenderError,
    document_render,
    document_request,
    documents_render_pending,
)
from tests.ellw import document_kinds
from tests.factories import CohortFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(minutes=5)


@pytest.fixture(autouse=True)
def test_kind(settings):
    settings.ELLW_DOCUMENT_KINDS = {
        **settings.ELLW_DOCUMENT_KINDS,
        "certificate_batch": {
            "renderer": "tests.ellw.document_kinds.render_pages",
            "download_permission": "cohorts.print_certificates",
            "back_link": "tests.ellw.document_kinds.back_link",
        },
    }
    document_kind.cache_clear()
    document_kinds.CALLS.clear()
    document_kinds.PROGRESS.clear()
    document_kinds.FAILURES_LEFT[0] = 0
    yield
    document_kind.cache_clear()


def request_document(**kwargs) -> GeneratedDocument:
    return document_request(
        kind="certificate_batch",
        owner=CohortFactory(),
        title="Test document",
        requested_by=None,
        pages_total=3,
        **kwargs,
    )


def test_a_document_is_rendered_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        document = request_document()
    assert document.status == DocumentStatus.QUEUED
    assert document_kinds.CALLS == []
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert (document.pages_done, document.pages_total, document.attempts) == (3, 3, 1)
    with document.file.open("rb") as handle:
        content = handle.read()
    import hashlib

    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)


def test_progress_is_reported_page_by_page():
    document = request_document()
    assert document_render(document_id=document.pk)
    assert document_kinds.PROGRESS == [(1, 3), (2, 3), (3, 3)]


def test_a_document_is_claimed_once_so_a_second_delivery_does_nothing():
    document = request_document()
    assert document_render(document_id=document.pk) is True
    assert document_render(document_id=document.pk) is False
    assert [document.pk] == document_kinds.CALLS


def test_a_failed_attempt_goes_back_to_the_queue_with_its_error_then_fails_for_good(settings):
    settings.ELLW_DOCUMENT_MAX_ATTEMPTS = 2
    document_kinds.FAILURES_LEFT[0] = 5
    document = request_document()
    with pytest.raises(DocumentRenderError):
        document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert "The renderer fell over" in document.error
    # The last attempt: failed, with the error, and no exception for the task to retry.
    assert document_render(document_id=document.pk) is False
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error == "RuntimeError: The renderer fell over"
    assert document.finished_at is not None


def test_a_retry_after_a_failure_renders_the_document(settings):
    document_kinds.FAILURES_LEFT[0] = 1
    document = request_document()
    with pytest.raises(DocumentRenderError):
        document_render(document_id=document.pk)
    assert document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.error == ""
    assert document.attempts == 2


def test_the_task_retries_with_backoff_and_a_time_limit():
    task = celery_app.tasks["documents.render"]
    assert task.acks_late is True
    assert task.autoretry_for == (DocumentRenderError,)
    assert task.retry_backoff and task.retry_jitter
    assert task.time_limit and task.soft_time_limit < task.time_limit


def test_a_rendering_claim_is_taken_over_only_once_stale(settings):
    document = request_document()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING, started_at=timezone.now()
    )
    assert document_render(document_id=document.pk) is False
    stale = timezone.now() - datetime.timedelta(
        seconds=settings.ELLW_DOCUMENT_STALE_CLAIM_SECONDS + 1
    )
    GeneratedDocument.objects.filter(pk=document.pk).update(started_at=stale)
    assert document_render(document_id=document.pk) is True


def test_render_pending_enqueues_waiting_and_abandoned_documents_only(settings):
    fresh = request_document()
    waiting = request_document()
    GeneratedDocument.objects.filter(pk=waiting.pk).update(requested_at=timezone.now() - LATER)
    ready = request_document()
    document_render(document_id=ready.pk)
    GeneratedDocument.objects.filter(pk=ready.pk).update(requested_at=timezone.now() - LATER)
    assert documents_render_pending() == 1
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert waiting.status == DocumentStatus.READY
    assert fresh.status == DocumentStatus.QUEUED


def test_render_pending_leaves_a_failed_attempt_to_its_backoff_until_the_retry_is_lost(settings):
    document_kinds.FAILURES_LEFT[0] = 1
    document = request_document()
    with pytest.raises(DocumentRenderError):
        document_render(document_id=document.pk)
    GeneratedDocument.objects.filter(pk=document.pk).update(requested_at=timezone.now() - LATER)
    # Its retry is waiting out the backoff: not enqueued again.
    assert documents_render_pending() == 0
    lost = timezone.now() + datetime.timedelta(seconds=settings.ELLW_DOCUMENT_RETRY_LOST_SECONDS)
    assert documents_render_pending(now=lost) == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_loses_no_document(unreachable_broker, celery_conf):
    started = timezone.now()
    with transaction.atomic():
        document = request_document()
    assert timezone.now() - started < datetime.timedelta(seconds=5)
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    # The broker is back: beat's re-enqueue renders it.
    celery_conf.task_always_eager = True
    assert documents_render_pending(now=timezone.now() + LATER) == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_deploy_checks_catch_missing_fonts_and_a_short_stale_claim(settings, tmp_path):
    settings.ELLW_PDF_FONT_DIR = tmp_path
    settings.ELLW_DOCUMENT_STALE_CLAIM_SECONDS = settings.ELLW_DOCUMENT_RENDER_TIME_LIMIT
    ids = {message.id for message in run_checks()}
    assert {"documents.E001", "documents.E002"} <= ids


def test_fonts_are_installed_by_the_project():
    ids = {message.id for message in run_checks()}
    assert "documents.E001" not in ids


def test_progress_page_and_download_for_the_lead_only(client, programme_lead, sp_manager):
    document = request_document()
    progress = reverse("documents:progress", args=[document.pk])
    download = reverse("documents:download", args=[document.pk])
    log_in_with_mfa(client, programme_lead)
    page = client.get(progress)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Waiting to start" in content
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING, pages_done=0
    )
    assert "Laying out the pages: 0 of 3 done." in client.get(progress).content.decode()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.QUEUED, started_at=None
    )
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in content
    assert page["Cache-Control"].startswith("max-age=0")
    # Not ready yet: nothing to download.
    assert client.get(download).status_code == 404

    document_render(document_id=document.pk)
    page = client.get(progress).content.decode()
    assert "Ready." in page and "http-equiv" not in page
    fragment = client.get(reverse("documents:progress_fragment", args=[document.pk]))
    assert 'data-finished="true"' in fragment.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Test document.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    client.logout()
    log_in_with_mfa(client, sp_manager)
    assert client.get(download).status_code == 403
    assert client.get(progress).status_code == 403


def test_a_file_missing_from_storage_is_a_404_not_a_500(client, programme_lead):
    document = request_document()
    document_render(document_id=document.pk)
    document.refresh_from_db()
    document.file.storage.delete(document.file.name)
    log_in_with_mfa(client, programme_lead)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_a_failed_document_shows_its_error_and_can_be_tried_again(
    client, programme_lead, settings, django_capture_on_commit_callbacks
):
    settings.ELLW_DOCUMENT_MAX_ATTEMPTS = 1
    document_kinds.FAILURES_LEFT[0] = 1
    document = request_document()
    document_render(document_id=document.pk)
    log_in_with_mfa(client, programme_lead)
    progress = reverse("documents:progress", args=[document.pk])
    page = client.get(progress).content.decode()
    assert "The PDF could not be made." in page
    assert "The renderer fell over" in page
    assert "Try again" in page

    # Try again: queued afresh, rendered on commit (in process here).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:retry", args=[document.pk]))
    assert response.url == progress
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    # A second click on a stale page changes nothing.
    response = client.post(reverse("documents:retry", args=[document.pk]), follow=True)
    assert "nothing to retry" in response.content.decode()
    assert client.get(reverse("documents:retry", args=[document.pk])).status_code == 405


def test_deploy_check_warns_when_font_subsets_would_not_be_reproducible(monkeypatch):
    import weasyprint.text.ffi

    def ids():
        return [message.id for message in run_checks(include_deployment_checks=True)]

    assert "documents.W001" not in ids()
    # The machine without libharfbuzz-subset0 (the outside world, so it may be faked).
    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", None)
    assert "documents.W001" in ids()


def test_documents_load_only_the_project_fonts_never_other_files_or_the_network(settings):
    """Whatever a document's text carries, WeasyPrint fetches nothing but the fonts: not a
    local file (here a real PNG of the project's own) and not a network address."""
    import io

    from pypdf import PdfReader

    from ellw.documents.pdf import pdf_render

    image = settings.BASE_DIR / "node_modules/nhsuk-frontend/src/nhsuk/assets/images"
    image = image / "nhsuk-icon-512.png"
    assert image.is_file()
    embedded = pdf_render(
        f'<html lang="en"><head><title>T</title></head><body><p>Text</p>'
        f'<img src="data:image/png;base64,{_tiny_png()}"></body></html>',
        css="",
    ).content
    assert b"/Subtype /Image" in embedded  # an inline image is drawn: the check can fail
    refused = pdf_render(
        f'<html lang="en"><head><title>T</title>'
        f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body><p>Text</p>'
        f'<img src="{image.as_uri()}"><img src="http://127.0.0.1:9/x.png"></body></html>',
        css='body { font-family: "Source Sans 3"; }',
    ).content
    assert b"/Subtype /Image" not in refused
    page = PdfReader(io.BytesIO(refused)).pages[0]
    fonts = [str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]
    assert any("Source-Sans-3" in font for font in fonts), fonts  # the fonts still load


def _tiny_png() -> str:
    import base64

    return base64.b64encode(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
        )
    ).decode()


def test_a_download_is_saved_under_the_documents_title_in_plain_characters():
    document = GeneratedDocument(title="Influencing report: Cohort 1 – 25 November 2026")
    assert document.filename == "Influencing report - Cohort 1 - 25 November 2026.pdf"
    assert GeneratedDocument(title="../../etc/passwd").filename == "------etc-passwd.pdf"
