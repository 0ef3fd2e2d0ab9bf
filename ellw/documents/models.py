"""Generated documents: every PDF the service makes (certificates, the cohort's print-ready
batch, and the influencing report) is one row here, rendered by one Celery task pattern
(ellw.documents.services) and served by one permission-checked download view.

The file lives in the "documents" storage (local files by default, S3-compatible storage
when configured); the row keeps its SHA-256 and size, so anyone can check a copy is the
issued file, and who asked for it and when.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models

from .enums import DocumentKind, DocumentStatus


def _documents_storage():
    return storages["documents"]


class GeneratedDocument(models.Model):
    kind = models.CharField(max_length=40, choices=DocumentKind.choices)
    # What the document is of: a certificate, a cohort, a report.
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    error = models.TextField(blank=True)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=_documents_storage, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="document_owner"),
            models.Index(fields=["status", "requested_at"], name="document_status_requested"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.READY

    @property
    def is_failed(self) -> bool:
        return self.status == DocumentStatus.FAILED

    @property
    def is_queued(self) -> bool:
        return self.status == DocumentStatus.QUEUED

    @property
    def is_laying_out(self) -> bool:
        """Rendering and still laying pages out (after that, the PDF is being written)."""
        return self.status == DocumentStatus.RENDERING and self.pages_done < self.pages_total

    @property
    def is_deleted(self) -> bool:
        return self.status == DocumentStatus.DELETED

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.READY, DocumentStatus.FAILED, DocumentStatus.DELETED)

    @property
    def percent(self) -> int:
        """Pages laid out, as a whole percentage (100 once ready)."""
        if self.status == DocumentStatus.READY:
            return 100
        if not self.pages_total:
            return 0
        return min(100, self.pages_done * 100 // self.pages_total)

    @property
    def filename(self) -> str:
        """The name a download is saved under."""
        # "Influencing report: Cohort 1 – 25 November 2026" is saved as
        # "Influencing report - Cohort 1 - 25 November 2026.pdf".
        title = self.title.replace(":", " -").replace("–", "-").replace("—", "-")
        safe = "".join(c if c.isalnum() or c in " -_" else "-" for c in title)
        return f"{' '.join(safe.split())[:150] or 'document'}.pdf"
