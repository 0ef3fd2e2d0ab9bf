"""Document kinds that exist only for the tests of the generated-documents machinery."""

from __future__ import annotations

from ellw.documents.pdf import RenderedPDF, pdf_render

CALLS: list[int] = []
FAILURES_LEFT = [0]
PROGRESS: list[tuple[int, int]] = []


def render_pages(document, progress) -> RenderedPDF:
    """Three pages, reporting progress; fails while FAILURES_LEFT says so."""
    CALLS.append(document.pk)
    if FAILURES_LEFT[0]:
        FAILURES_LEFT[0] -= 1
        raise RuntimeError("The renderer fell over")

    def record(done, total):
        PROGRESS.append((done, total))
        progress(done, total)

    html = "".join(f'<p style="page-break-after: always">Page {i}</p>' for i in range(1, 4))
    return pdf_render(
        f'<html lang="en-GB"><head><title>Test</title></head><body>{html}</body></html>',
        css="@page { size: A4; }",
        pages_expected=3,
        progress=record,
    )


def back_link(document, user) -> tuple[str, str]:
    return "the staff dashboard", "/staff/"
