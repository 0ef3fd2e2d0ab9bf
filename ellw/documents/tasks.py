"""Celery interface to document rendering: late acknowledgement (a worker that dies
mid-render leaves the message for another), retries with exponential backoff, and a time
limit that the stale-claim release outlasts (ellw.documents.checks)."""

from celery import shared_task
from django.conf import settings

from .services import DocumentRenderError, document_render, documents_render_pending


@shared_task(
    name="documents.render",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(DocumentRenderError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=settings.ELLW_DOCUMENT_MAX_ATTEMPTS - 1,
    # Thirty seconds to give up cleanly (570 of 600), less for a short limit.
    soft_time_limit=settings.ELLW_DOCUMENT_RENDER_TIME_LIMIT
    - max(1, min(30, settings.ELLW_DOCUMENT_RENDER_TIME_LIMIT // 10)),
    time_limit=settings.ELLW_DOCUMENT_RENDER_TIME_LIMIT,
)
def document_render_task(*, document_id: int) -> None:
    document_render(document_id=document_id)


@shared_task(name="documents.render_pending", ignore_result=True, time_limit=120)
def documents_render_pending_task() -> None:
    documents_render_pending()
