"""Certificates as generated documents (settings.ELLW_DOCUMENT_KINDS): the renderers for one
certificate and for a cohort's print-ready batch, and where each document's page links
back to.

A batch is ONE WeasyPrint document with a page per certificate, not files merged: fonts,
styles and layout rules are worked out once for all of them. Everything a certificate says
comes from its snapshot, its code and its issue date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from functools import cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Certificate, Cohort
from cohorts.selectors.certificates import (
    certificate_stated_verification_page,
    certificate_stated_verification_url,
    cohort_current_certificates,
)
from ellw.documents.models import GeneratedDocument
from ellw.documents.pdf import RenderedPDF, pdf_render


def _date(iso: str) -> str:
    return f"{datetime.date.fromisoformat(iso):%-d %B %Y}"


def _qr_svg(url: str) -> str:
    """The QR code as one SVG path (cheap to lay out and draw), sized by the stylesheet. Its
    title is the figure's alternative text in the tagged PDF: the address it opens."""
    return segno.make(url, error="m").svg_inline(
        scale=1,
        border=0,
        omitsize=True,
        dark="#212b32",
        title=f"QR code that opens the verification page {url}",
        desc="",
    )


LONG_NAME_CHARS = 34
VERY_LONG_NAME_CHARS = 70


def certificate_page(certificate: Certificate) -> dict:
    """What one page of the PDF shows, from the certificate's snapshot alone."""
    snap = certificate.snapshot
    url = certificate_stated_verification_url(certificate)
    return {
        "snapshot": snap,
        # A long name gets a smaller size, so it stays on one or two lines above the
        # signature (whose place on the page is fixed).
        "long_name": len(snap["name"]) > LONG_NAME_CHARS,
        "very_long_name": len(snap["name"]) > VERY_LONG_NAME_CHARS,
        "code": certificate.display_code,
        "verification_url": url,
        # Where to type the code, short enough to stay on one line: "ellw.nhs.uk/verify/".
        "verification_page": certificate_stated_verification_page(certificate),
        "qr_svg": _qr_svg(url),
        "issued_on": f"{certificate.issued_on:%-d %B %Y}",
        "dates": f"{_date(snap['starts_on'])} to {_date(snap['ends_on'])}",
        "graduated_on": _date(snap["graduated_on"]),
    }


@cache
def _css() -> str:
    return render_to_string("cohorts/certificates/pdf/certificate.css")


def certificates_pdf(
    certificates: Iterable[Certificate],
    *,
    title: str,
    created: datetime.date,
    progress: Callable[[int, int], None] | None = None,
) -> RenderedPDF:
    pages = [certificate_page(c) for c in certificates]
    html = render_to_string(
        "cohorts/certificates/pdf/certificates.html",
        {
            "pages": pages,
            "title": title,
            "author": settings.ELLW_CERTIFICATE_ISSUER,
            "subject": f"Certificate of completion, {settings.ELLW_PROGRAMME_NAME}",
            "created": created.isoformat(),
        },
    )
    return pdf_render(html, css=_css(), pages_expected=len(pages), progress=progress)


def certificate_document_render(
    document: GeneratedDocument, progress: Callable[[int, int], None]
) -> RenderedPDF:
    certificate = Certificate.objects.get(document=document)
    return certificates_pdf(
        [certificate],
        title=f"Certificate {certificate.display_code}: {certificate.snapshot['name']}",
        created=certificate.issued_on,
        progress=progress,
    )


def certificate_batch_document_render(
    document: GeneratedDocument, progress: Callable[[int, int], None]
) -> RenderedPDF:
    cohort = Cohort.objects.get(pk=document.owner_id)
    # A certificate whose holder was erased has no name left to print.
    certificates = list(cohort_current_certificates(cohort).exclude(snapshot__name=""))
    return certificates_pdf(
        certificates,
        title=f"Certificates: {cohort.name}",
        created=timezone.localtime(document.requested_at).date(),
        progress=progress,
    )


def certificate_document_back_link(document: GeneratedDocument, user) -> tuple[str, str]:
    certificate = Certificate.objects.select_related("enrolment").get(document=document)
    if certificate.enrolment.participant_id == user.pk:
        return "your programme", reverse("programme:home")
    return "certificates", reverse(
        "staff:cohorts:certificates", args=[certificate.enrolment.cohort_id]
    )


def certificate_batch_document_back_link(document: GeneratedDocument, user) -> tuple[str, str]:
    return "certificates", reverse("staff:cohorts:certificates", args=[document.owner_id])
