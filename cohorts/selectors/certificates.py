"""Reads for certificates: a cohort's graduates with their certificates, a participant's
own, the public verification look-up, and the superseded PDFs past their retention."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse

from cohorts.codes import certificate_code_display, certificate_code_normalise
from cohorts.models import Certificate, Cohort, Enrolment
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.documents.selectors import documents_of


@dataclass(frozen=True)
class GraduateCertificates:
    enrolment: Enrolment
    current: Certificate | None
    earlier: list[Certificate]

    @property
    def never_issued(self) -> bool:
        """No certificate yet, current or not: "Issue certificates" is for them (a revoked
        one stays the lead's decision until they reissue it)."""
        return self.current is None and not self.earlier

    @property
    def latest(self) -> Certificate | None:
        return self.current or (self.earlier[0] if self.earlier else None)

    @property
    def current_in_another_name(self) -> bool:
        """The current certificate spells the name otherwise than the account (reissued
        after a correction)."""
        return bool(
            self.current
            and self.current.snapshot.get("name") != self.enrolment.participant.get_full_name()
        )


@dataclass(frozen=True)
class CohortCertificatesPage:
    graduates: list[GraduateCertificates]
    to_issue: int
    current: int
    ready: int
    latest_batch: GeneratedDocument | None


def cohort_certificates_page(cohort: Cohort) -> CohortCertificatesPage:
    """Every graduate of the cohort with their certificates, newest first, and the latest
    print-ready batch. Three queries whatever the number of graduates."""
    enrolments = list(
        Enrolment.objects.filter(
            cohort=cohort, graduated_on__isnull=False, withdrawn_at__isnull=True
        )
        .select_related("participant")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("document").order_by(
                    "-created_at", "-pk"
                ),
            )
        )
        .order_by("participant__full_name", "pk")
    )
    graduates = []
    for enrolment in enrolments:
        certificates = list(enrolment.certificates.all())
        current = next((c for c in certificates if c.is_current), None)
        graduates.append(
            GraduateCertificates(
                enrolment=enrolment,
                current=current,
                earlier=[c for c in certificates if c is not current],
            )
        )
    latest_batch = documents_of(owner=cohort, kind=DocumentKind.CERTIFICATE_BATCH).first()
    return CohortCertificatesPage(
        graduates=graduates,
        to_issue=sum(g.never_issued for g in graduates),
        current=sum(1 for g in graduates if g.current),
        ready=sum(
            1
            for g in graduates
            if g.current
            and g.current.document
            and g.current.document.status == DocumentStatus.READY
        ),
        latest_batch=latest_batch,
    )


def certificate_verification_url(code: str) -> str:
    """The public page the QR code and the printed link open."""
    display = certificate_code_display(code)
    return f"{settings.SITE_URL}{reverse('verify:certificate', args=[display])}"


def certificate_verification_page() -> str:
    """Where to type a code, as printed: the site's host and path, "ellw.nhs.uk/verify/"."""
    site = urlparse(settings.SITE_URL)
    return f"{site.netloc}{site.path.rstrip('/')}{reverse('verify:verify')}"


def certificate_stated_verification_url(certificate: Certificate) -> str:
    """The verification address the certificate states: pinned in its snapshot when it was
    issued, so a later change of SITE_URL changes neither the file nor its fingerprint."""
    return certificate.snapshot.get("verification_url") or certificate_verification_url(
        certificate.code
    )


def certificate_stated_verification_page(certificate: Certificate) -> str:
    return certificate.snapshot.get("verification_page") or certificate_verification_page()


def enrolment_current_certificate(enrolment: Enrolment) -> Certificate | None:
    return enrolment.certificates.current().select_related("document").first()


def cohort_current_certificates(cohort: Cohort) -> QuerySet[Certificate]:
    """The cohort's valid certificates in the order they are printed: by name."""
    return (
        Certificate.objects.current()
        .filter(enrolment__cohort=cohort)
        .order_by("enrolment__participant__full_name", "pk")
    )


def certificate_linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's documented "Add to profile" link for a certification, filled in: the
    certificate's name, the issuing organisation, the issue month and year, the
    verification URL and the code (as Accredible and Credly do)."""
    snapshot = certificate.snapshot
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": f"{snapshot['programme']} ({snapshot['cohort']})",
            "organizationName": snapshot["issuer"],
            "issueYear": certificate.issued_on.year,
            "issueMonth": certificate.issued_on.month,
            "certUrl": certificate_stated_verification_url(certificate),
            "certId": certificate.display_code,
        }
    )
    return f"https://www.linkedin.com/profile/add?{query}"


def certificate_for_verification(typed_code: str) -> Certificate | None:
    """The certificate with this code, or None (unknown or malformed: the caller checks
    the form first with certificate_code_normalise)."""
    code = certificate_code_normalise(typed_code)
    if code is None:
        return None
    # The page reads only the certificate's own record and its PDF's fingerprint; codes are
    # unique, so no order is needed (the model's default order would add a sort).
    return next(
        iter(Certificate.objects.select_related("document").filter(code=code).order_by()[:1]),
        None,
    )


def certificate_verification_state(certificate: Certificate) -> tuple:
    """Every value the verification page is made from: each field of the certificate's
    record (revocation and replacement, the snapshot, erasure) and its PDF's fingerprint.
    A page kept for these values is the page (ellw.cache.public_page_by_state)."""
    return (
        [(f.attname, getattr(certificate, f.attname)) for f in Certificate._meta.concrete_fields],
        certificate.document.sha256 if certificate.document_id else "",
    )


def _superseded_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.ELLW_RETENTION_DOCUMENT_DAYS)


def certificate_documents_past_retention(now: datetime.datetime) -> QuerySet[GeneratedDocument]:
    """The PDFs of certificates replaced by a reissue at least ELLW_RETENTION_DOCUMENT_DAYS
    ago. (A revoked certificate's PDF stays: it was not superseded, and what it said may
    need showing.)"""
    return GeneratedDocument.objects.filter(
        kind=DocumentKind.CERTIFICATE,
        status=DocumentStatus.READY,
        certificate__replaced_at__lte=_superseded_cutoff(now),
    )


def certificate_print_runs_past_retention(now: datetime.datetime) -> QuerySet[GeneratedDocument]:
    """A cohort's print runs (all its certificates in one PDF) for which a newer print run
    was made at least ELLW_RETENTION_DOCUMENT_DAYS ago: the newest always stays."""
    newer = GeneratedDocument.objects.filter(
        kind=DocumentKind.CERTIFICATE_BATCH,
        owner_type=OuterRef("owner_type"),
        owner_id=OuterRef("owner_id"),
        status__in=[DocumentStatus.READY, DocumentStatus.DELETED],
        requested_at__gt=OuterRef("requested_at"),
        requested_at__lte=_superseded_cutoff(now),
    )
    return GeneratedDocument.objects.filter(
        Exists(newer), kind=DocumentKind.CERTIFICATE_BATCH, status=DocumentStatus.READY
    )
