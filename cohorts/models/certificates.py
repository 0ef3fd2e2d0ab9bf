"""Certificates issued to graduates: current until revoked or replaced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cohorts.codes import certificate_code_display
from cohorts.models.cohorts import REASON_MAX_CHARS
from cohorts.models.enrolments import Enrolment
from ellw.text import max_chars_check

CERTIFICATE_NAME_MAX_CHARS = 200

# A certificate is current until it is revoked or replaced.
CURRENT_CERTIFICATE = Q(revoked_at__isnull=True, replaced_at__isnull=True)


class CertificateQuerySet(models.QuerySet):
    def current(self) -> CertificateQuerySet:
        return self.filter(CURRENT_CERTIFICATE)


class Certificate(models.Model):
    """A graduate's certificate. What it states is a snapshot taken when it was issued, so
    rendering it again reproduces it exactly; a name correction issues a new certificate
    with a new code, and the old one is shown as replaced. At most one certificate of an
    enrolment is current (neither revoked nor replaced): the database holds to that, so a
    second click or a retried task can never make a second certificate."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(max_length=12, unique=True, editable=False)
    issued_on = models.DateField()
    # name, programme, cohort, starts_on, ends_on, graduated_on, modules (name, cpd_hours),
    # total_cpd_hours, signatory_name, signatory_title, issuer.
    snapshot = models.JSONField()
    document = models.OneToOneField(
        "documents.GeneratedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    replacement_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=CURRENT_CERTIFICATE,
                name="certificate_one_current_per_enrolment",
            ),
            max_chars_check(
                "revocation_reason",
                REASON_MAX_CHARS,
                name="certificate_revocation_reason_max_chars",
                label="Reason",
            ),
            max_chars_check(
                "replacement_reason",
                REASON_MAX_CHARS,
                name="certificate_replacement_reason_max_chars",
                label="Reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Certificate {self.display_code}"

    @property
    def audit_label(self) -> str:
        """How the audit trail names it (no person's name in it)."""
        return str(self)

    @property
    def display_code(self) -> str:
        return certificate_code_display(self.code)

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None and self.replaced_at is None

    @property
    def holder_erased(self) -> bool:
        """Its holder asked for their personal data to be erased: the certificate still
        says what was issued, when and in which cohort, but no longer whose it is."""
        return bool(self.snapshot.get("holder_erased_on"))

    @property
    def standing(self) -> str:
        """valid, revoked or replaced: what the verification page says."""
        if self.revoked_at is not None:
            return "revoked"
        if self.replaced_at is not None:
            return "replaced"
        return "valid"
