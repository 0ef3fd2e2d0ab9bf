from django.db import models


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    # Its file was deleted from storage at the end of its retention (superseded by a newer
    # document); the row stays, with its SHA-256, so a copy can still be checked.
    DELETED = "deleted", "File deleted"


class DocumentKind(models.TextChoices):
    """Every kind of PDF the service makes. Each has a renderer and a download permission
    named in settings.ELLW_DOCUMENT_KINDS."""

    CERTIFICATE = "certificate", "Certificate"
    CERTIFICATE_BATCH = "certificate_batch", "Certificates of a cohort, for printing"
    INFLUENCING_REPORT = "influencing_report", "Influencing report"
