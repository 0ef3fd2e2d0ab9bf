"""One progress page (and its fragment, for polling) and one download view for every kind
of generated document; the permission is the document kind's own rule."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ellw.accounts.decorators import permission_required
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record

from .kinds import document_kind
from .models import GeneratedDocument
from .services import DocumentRetryError, document_rerender


def _document(pk: int) -> GeneratedDocument:
    return get_object_or_404(GeneratedDocument.objects.select_related("owner_type"), pk=pk)


def _context(document: GeneratedDocument, user) -> dict:
    back_label, back_url = document_kind(document.kind).back_link(document, user)
    return {"document": document, "back_label": back_label, "back_url": back_url}


@never_cache
@permission_required("documents.view_document", fn=lambda request, pk: _document(pk))
def progress(request, pk: int):
    """The document's status and progress. Without JavaScript the page refreshes itself
    (in <noscript>) until the document is ready or failed; with it, the fragment below is
    polled instead."""
    document = _document(pk)
    return render(request, "documents/progress.html", _context(document, request.user))


@never_cache
@permission_required("documents.view_document", fn=lambda request, pk: _document(pk))
def progress_fragment(request, pk: int):
    document = _document(pk)
    return render(request, "documents/includes/progress.html", _context(document, request.user))


@permission_required("documents.download_document", fn=lambda request, pk: _document(pk))
def download(request, pk: int):
    """Streams the file from storage, never from a public URL."""
    document = _document(pk)
    if not document.is_ready or not document.file:
        raise Http404("This document is not ready")
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("This document's file is missing") from exc
    audit_record(
        event=AuditEvent.DOCUMENT_DOWNLOADED,
        target=document,
        actor=request.user,
        details={"kind": document.kind, "sha256": document.sha256},
    )
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required("documents.view_document", fn=lambda request, pk: _document(pk))
def retry(request, pk: int):
    """The progress page's "Try again" for a document that failed."""
    document = _document(pk)
    try:
        document_rerender(document=document)
    except DocumentRetryError as error:
        messages.info(request, str(error))
    return redirect("documents:progress", pk=document.pk)
