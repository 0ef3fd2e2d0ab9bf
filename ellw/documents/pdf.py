"""The PDF toolkit every generated document uses: WeasyPrint with the project's own fonts
(from npm, never the machine's), one FontConfiguration per process, PDF/A-3b, metadata from
the HTML head, and page-by-page progress.

WeasyPrint is imported inside functions only (ruff bans it at module level): importing it
costs ~0.5 s, which web processes that never render should not pay.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

PDF_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


# The fonts a document may use: (family, weight, style, file stem under ELLW_PDF_FONT_DIR).
# Latin and Latin Extended subsets, so names such as "Zoë Wójcik" keep one typeface. WOFF,
# not WOFF2: fontTools unpacks a WOFF2 file in pure Python (~0.1 s each, ten of them for
# every new FontConfiguration), a WOFF file in ~2 ms.
FONTS: Sequence[tuple[str, int, str, str]] = (
    ("Source Serif 4", 600, "normal", "source-serif-4/files/source-serif-4-{subset}-600-normal"),
    ("Source Serif 4", 400, "italic", "source-serif-4/files/source-serif-4-{subset}-400-italic"),
    ("Source Sans 3", 400, "normal", "source-sans-3/files/source-sans-3-{subset}-400-normal"),
    ("Source Sans 3", 600, "normal", "source-sans-3/files/source-sans-3-{subset}-600-normal"),
)
SUBSETS = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, "
    "U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, "
    "U+2215, U+FEFF, U+FFFD",
    "latin-ext": "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, "
    "U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, "
    "U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF",
}


def font_files() -> list[Path]:
    """Every font file the documents need (a system check says if one is missing)."""
    root = Path(settings.ELLW_PDF_FONT_DIR)
    return [root / f"{stem.format(subset=subset)}.woff" for *_, stem in FONTS for subset in SUBSETS]


@cache
def font_face_css() -> str:
    root = Path(settings.ELLW_PDF_FONT_DIR)
    rules = []
    for family, weight, style, stem in FONTS:
        for subset, unicode_range in SUBSETS.items():
            path = (root / f"{stem.format(subset=subset)}.woff").resolve()
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'font-style: {style}; src: url("{path.as_uri()}"); '
                f"unicode-range: {unicode_range}; }}"
            )
    return "\n".join(rules)


@cache
def _font_configuration():
    """One per process: loading the fonts costs far more than laying out a page."""
    from weasyprint.text.fonts import FontConfiguration

    # Released while the interpreter is still whole (its __del__ fails at shutdown).
    atexit.register(_stylesheet.cache_clear)
    atexit.register(_font_configuration.cache_clear)
    return FontConfiguration()


@cache
def _url_fetcher():
    """Documents may load the project's fonts and inline data (data: URLs) and nothing else:
    no other local file and no network, whatever text a document carries."""
    from weasyprint.urls import URLFetcher

    fonts = Path(settings.ELLW_PDF_FONT_DIR).resolve().as_uri() + "/"

    class DocumentURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not (url.startswith("data:") or (url.startswith(fonts) and ".." not in url)):
                raise ValueError(f"Documents do not load {url[:80]}")
            return super().fetch(url, headers)

    return DocumentURLFetcher()


@cache
def _stylesheet(css: str):
    from weasyprint import CSS

    return CSS(
        string=font_face_css() + "\n" + css,
        font_config=_font_configuration(),
        url_fetcher=_url_fetcher(),
    )


class _PageProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" progress messages, in this thread, into
    progress(N, total) calls."""

    def __init__(self, progress: Callable[[int, int], None], total: int):
        super().__init__(level=logging.INFO)
        self.progress, self.total, self.thread = progress, total, threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if threading.get_ident() != self.thread or not record.msg.startswith("Step 5"):
            return
        if record.args and isinstance(record.args[0], int):
            self.progress(min(record.args[0], self.total), self.total)


def pdf_render(
    html: str,
    *,
    css: str,
    pages_expected: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> RenderedPDF:
    """Render one HTML document to PDF/A-3b with the shared fonts and styles.

    Title, author, subject (description), language and creation date come from the HTML's
    <title>, <meta> and lang. Nothing depends on the time of rendering (the creation date is
    the HTML's dcterms.created; the file identifier is a hash of the content), so rendering
    the same HTML again gives the same bytes and the issued SHA-256 still holds."""
    from weasyprint import HTML

    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _PageProgress(progress, pages_expected) if progress else None
    if handler:
        progress_logger.addHandler(handler)
    # WeasyPrint builds millions of small objects and keeps them until the PDF is written:
    # the cyclic garbage collector would scan them again and again for nothing (about 3 ms
    # a page in a 200-page batch). Off while rendering, back on after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = HTML(
            string=html, base_url=str(settings.BASE_DIR), url_fetcher=_url_fetcher()
        ).render(stylesheets=[_stylesheet(css)], font_config=_font_configuration())
        # Tagged (a structure tree, reading order, the language), so screen readers read
        # it: about 0.5 ms a page.
        content = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    finally:
        if collecting:
            gc.enable()
        if handler:
            progress_logger.removeHandler(handler)
    return RenderedPDF(content=content, pages=len(document.pages))
