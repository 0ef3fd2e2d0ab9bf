"""Rendering generated documents: one pattern for every kind.

`document_request` writes a queued row in the caller's transaction and enqueues the render
on commit, the same route as e-mails: if the broker is down the row stays queued and
`documents_render_pending` (run by beat) enqueues it later, so no job is lost.

`document_render` claims the row with a conditional UPDATE (queued, or rendering by a
worker that died longer ago than any render may take), so a second delivery of the task,
a retry or the periodic re-enqueue never renders the same document twice at once, and a
ready document is never rendered again by accident. A failed attempt goes back to queued
with its error for the task to retry with backoff; after the last attempt it is failed,
with the error, for the person who asked to see.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DatabaseError, OperationalError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from .enums import DocumentStatus
from .kinds import document_kind
from .models import GeneratedDocument

logger = logging.getLogger(__name__)


class DocumentRenderError(Exception):
    """This attempt failed; the task tries again with backoff until attempts run out."""


def document_request(
    *,
    kind: str,
    owner: models.Model,
    title: str,
    requested_by: AbstractBaseUser | None,
    pages_total: int = 1,
) -> GeneratedDocument:
    """A new document, queued, rendered once the caller's transaction commits."""
    document = GeneratedDocument.objects.create(
        kind=kind,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        title=title,
        requested_by=requested_by,
        pages_total=pages_total,
    )
    document_enqueue_on_commit(document.pk)
    return document


def document_enqueue_on_commit(document_id: int) -> None:
    # robust=True: a broker outage does not fail the request; the row stays queued for
    # documents_render_pending. (A closure: Django logs a robust callback's __qualname__.)
    transaction.on_commit(lambda: _document_enqueue(document_id), robust=True)


def _document_enqueue(document_id: int) -> None:
    from .tasks import document_render_task

    document_render_task.delay(document_id=document_id)


class DocumentRetryError(Exception):
    """The document is not one to render again; the message says why not."""


@transaction.atomic
def document_rerender(
    *, document: GeneratedDocument, failed_only: bool = True
) -> GeneratedDocument:
    """Render a document again, from the start with fresh attempts: by default only a
    failed one (the progress page's "Try again"); with failed_only=False any finished one
    (a file lost from storage). The content comes from what the document's owner recorded,
    so it says what it said before."""
    finished = (
        [DocumentStatus.FAILED] if failed_only else [DocumentStatus.FAILED, DocumentStatus.READY]
    )
    queued = GeneratedDocument.objects.filter(pk=document.pk, status__in=finished).update(
        status=DocumentStatus.QUEUED, error="", pages_done=0, attempts=0, finished_at=None
    )
    if not queued:
        raise DocumentRetryError("This document has not failed, so there is nothing to retry")
    document_enqueue_on_commit(document.pk)
    document.refresh_from_db()
    return document


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.ELLW_DOCUMENT_STALE_CLAIM_SECONDS)


def _progress_recorder(document_id: int) -> Callable[[int, int], None]:
    """Writes pages laid out to the row, at most a few times a second (and the last page),
    in its own autocommit query so pollers see it while the render runs."""
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.25:
            return
        last[0] = now
        try:
            GeneratedDocument.objects.filter(pk=document_id).update(
                pages_done=done, pages_total=total
            )
        except DatabaseError:
            # Progress is for the person watching; a write that fails (a lock, a blip)
            # must not cost the render.
            logger.info("Progress of document %s not recorded this time", document_id)

    return progress


def _update_retrying_transient_errors(queryset, **fields) -> int:
    """An UPDATE that tries again briefly if the database refuses for a moment (a lock):
    used to claim a document and to record a finished one, whose file is made and stored,
    so redoing all of it would be a waste. Returns the rows updated."""
    for attempt in range(3):
        try:
            return queryset.update(**fields)
        except OperationalError:
            if attempt == 2:
                raise
            time.sleep(0.2 * (attempt + 1))
    return 0  # pragma: no cover


def document_render(*, document_id: int, now: datetime | None = None) -> bool:
    """Render one document if it is waiting (or its renderer died). Returns True if this
    call rendered it. Raises DocumentRenderError when an attempt fails and may be retried."""
    now = now or timezone.now()
    claimed = _update_retrying_transient_errors(
        GeneratedDocument.objects.filter(pk=document_id).filter(
            Q(status=DocumentStatus.QUEUED)
            | Q(status=DocumentStatus.RENDERING, started_at__lt=_stale_before(now))
        ),
        status=DocumentStatus.RENDERING,
        started_at=now,
        pages_done=0,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    document = GeneratedDocument.objects.get(pk=document_id)
    old_name = document.file.name
    try:
        rendered = document_kind(document.kind).renderer(document, _progress_recorder(document_id))
        # Storage (a disk, a bucket) can fail too: the same retry covers it.
        name = document.file.storage.save(
            f"{document.kind}/{document.pk}-{rendered.sha256[:12]}.pdf",
            ContentFile(rendered.content),
        )
    except Exception as exc:
        gave_up = document.attempts >= settings.ELLW_DOCUMENT_MAX_ATTEMPTS
        logger.warning(
            "Rendering document %s failed (attempt %s%s): %s",
            document_id,
            document.attempts,
            ", giving up" if gave_up else "",
            type(exc).__name__,
        )
        _update_retrying_transient_errors(
            GeneratedDocument.objects.filter(pk=document_id),
            status=DocumentStatus.FAILED if gave_up else DocumentStatus.QUEUED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now() if gave_up else None,
        )
        if gave_up:
            return False
        raise DocumentRenderError(str(exc)) from exc
    _update_retrying_transient_errors(
        GeneratedDocument.objects.filter(pk=document_id),
        status=DocumentStatus.READY,
        error="",
        file=name,
        sha256=rendered.sha256,
        size=len(rendered.content),
        pages_done=rendered.pages,
        pages_total=rendered.pages,
        finished_at=timezone.now(),
    )
    if old_name and old_name != name:
        document.file.storage.delete(old_name)
    logger.info("Rendered document %s (%s pages)", document_id, rendered.pages)
    return True


def documents_render_pending(*, now: datetime | None = None, limit: int = 200) -> int:
    """Enqueue documents still queued after a grace period (the broker was down when they
    were asked for), waiting far longer for a retry than any backoff (the retry was lost),
    or claimed by a worker that died. A document waiting for its retry's backoff is left to
    it. Returns how many were enqueued."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.ELLW_DOCUMENT_REQUEUE_AFTER_SECONDS)
    retry_lost = timedelta(seconds=settings.ELLW_DOCUMENT_RETRY_LOST_SECONDS)
    due = GeneratedDocument.objects.filter(
        Q(status=DocumentStatus.QUEUED, attempts=0, requested_at__lte=now - grace)
        | Q(status=DocumentStatus.QUEUED, attempts__gt=0, started_at__lte=now - retry_lost)
        | Q(status=DocumentStatus.RENDERING, started_at__lt=_stale_before(now))
    ).order_by("requested_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    for document_id in ids:
        _document_enqueue(document_id)
    return len(ids)


ERASED_BECAUSE = "because it named someone whose personal data was erased."


def documents_erase(documents: list[GeneratedDocument], *, title: str | None = None) -> int:
    """Documents that name someone whose data is erased: the files are deleted once the
    erasure commits (a rollback keeps them), the rows marked deleted with why, without a
    fingerprint, and retitled by `title` (formatted with the document) when the title names
    them. The rows stay, for what points at them."""
    names = []
    for document in documents:
        if document.file:
            names.append(document.file.name)
        document.file = ""
        document.sha256 = ""
        document.size = None
        document.status = DocumentStatus.DELETED
        document.error = ERASED_BECAUSE
        if title is not None:
            document.title = title.format(document=document)
        document.save(update_fields=["file", "sha256", "size", "status", "error", "title"])
    if names:
        storage = GeneratedDocument._meta.get_field("file").storage

        def delete_files() -> None:
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_files, robust=True)
    return len(documents)


@transaction.atomic
def documents_file_delete(*, documents: models.QuerySet[GeneratedDocument]) -> int:
    """Delete these ready documents' files from storage and mark the rows deleted; returns
    how many. The row keeps its title, SHA-256 and size (a copy can still be checked against
    it). Files go first: if the transaction then rolls back, the rows are still ready and
    the next run deletes them again (deleting a missing file is no error), so a file is
    never left behind by a row marked deleted."""
    ready = documents.filter(status=DocumentStatus.READY)
    rows = list(ready.select_for_update(skip_locked=True, of=("self",)).values_list("pk", "file"))
    storage = GeneratedDocument._meta.get_field("file").storage
    for _, name in rows:
        if name:
            storage.delete(name)
    return GeneratedDocument.objects.filter(
        pk__in=[pk for pk, _ in rows], status=DocumentStatus.READY
    ).update(status=DocumentStatus.DELETED, file="")
