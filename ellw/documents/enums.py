from django.db import models


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class DocumentKind(models.TextChoices):
    """Every kind of PDF the service makes. Each has a renderer and a download permission
    named in settings.ELLW_DOCUMENT_KINDS."""

    CERTIFICATE = "certificate", "Certificate"
    CERTIFICATE_BATCH = "certificate_batch", "Certificates of a cohort, for printing"
    INFLUENCING_REPORT = "influencing_report", "Influencing report"
