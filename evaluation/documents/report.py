"""The influencing report as a generated document (settings.ELLW_DOCUMENT_KINDS): its
renderer and where its progress page links back to.

The first render records the report's snapshot (evaluation.selectors.report); every render
builds the PDF from that snapshot alone, so rendering a version again gives the same bytes.
What the template shows is worked out from the snapshot, into display-ready text, in
evaluation.documents.report_context.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.template.loader import render_to_string
from django.urls import reverse

from ellw.documents.models import GeneratedDocument
from ellw.documents.pdf import RenderedPDF, pdf_render
from evaluation.documents.report_context import report_context
from evaluation.models import InfluencingReport
from evaluation.selectors.report import report_snapshot
from evaluation.services.report import report_pages_estimate


@cache
def _css() -> str:
    return render_to_string("evaluation/report/pdf/report.css")


def report_pdf(
    *,
    title: str,
    snapshot: dict,
    pages_expected: int,
    progress: Callable[[int, int], None] | None = None,
) -> RenderedPDF:
    html = render_to_string(
        "evaluation/report/pdf/report.html", report_context(title=title, snapshot=snapshot)
    )
    return pdf_render(html, css=_css(), pages_expected=pages_expected, progress=progress)


def report_snapshot_record(report: InfluencingReport) -> dict:
    """The report's snapshot, taken now if this is its first render. Taken once: a render
    that races another keeps whichever was recorded first."""
    if report.snapshot is None:
        snapshot = report_snapshot(
            [c.pk for c in report.cohorts.all()],
            introduction=report.introduction,
            testimonial_ids=report.testimonial_ids,
            left_out_quote_ids=report.left_out_quote_ids,
        )
        InfluencingReport.objects.filter(pk=report.pk, snapshot__isnull=True).update(
            snapshot=snapshot
        )
        report.refresh_from_db(fields=["snapshot"])
    return report.snapshot


def report_document_render(
    document: GeneratedDocument, progress: Callable[[int, int], None]
) -> RenderedPDF:
    report = InfluencingReport.objects.get(document=document)
    snapshot = report_snapshot_record(report)
    return report_pdf(
        title=report.title,
        snapshot=snapshot,
        pages_expected=document.pages_total or report_pages_estimate(len(snapshot["cohorts"])),
        progress=progress,
    )


def report_document_back_link(document: GeneratedDocument, user) -> tuple[str, str]:
    return "influencing reports", reverse("staff:evaluation:reports")
