"""System checks for generated documents (registered in DocumentsConfig.ready)."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from .pdf import font_files


def check_fonts_installed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Documents embed the project's fonts; without them WeasyPrint would silently use
    whatever the machine has."""
    missing = [str(path) for path in font_files() if not path.is_file()]
    if not missing:
        return []
    return [
        Error(
            f"{len(missing)} font file(s) for generated documents are missing, e.g. {missing[0]}.",
            hint="Run `npm ci` (the @fontsource packages), or set PDF_FONT_DIR.",
            id="documents.E001",
        )
    ]


def check_stale_claim_outlasts_renders(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """A rendering claim must outlive any live render, or a slow one is rendered twice."""
    if settings.ELLW_DOCUMENT_STALE_CLAIM_SECONDS >= 2 * settings.ELLW_DOCUMENT_RENDER_TIME_LIMIT:
        return []
    return [
        Error(
            "ELLW_DOCUMENT_STALE_CLAIM_SECONDS must be at least twice "
            "ELLW_DOCUMENT_RENDER_TIME_LIMIT.",
            id="documents.E002",
        )
    ]


def check_s3_storage_installed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.DOCUMENTS_S3_BUCKET or importlib.util.find_spec("storages"):
        return []
    return [
        Error(
            "DOCUMENTS_S3_BUCKET is set but django-storages is not installed.",
            hint=(
                "Install from the production lock: "
                "pip install --require-hashes -r requirements/production.txt"
            ),
            id="documents.E003",
        )
    ]


def check_reproducible_font_subsets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """WeasyPrint subsets fonts with HarfBuzz (libharfbuzz-subset0); without it, fontTools
    does, and stamps the current time into every font, so rendering a document again no
    longer gives the same bytes (a certificate's recorded SHA-256 would stop matching)."""
    from weasyprint.text.ffi import harfbuzz_subset  # slow to import: deploy checks only

    if harfbuzz_subset is not None:
        return []
    return [
        Warning(
            "HarfBuzz's subset library is missing: re-rendered PDFs will not match the "
            "recorded SHA-256.",
            hint="Install libharfbuzz-subset0 (Debian) on every worker.",
            id="documents.W001",
        )
    ]
