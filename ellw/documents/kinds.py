"""What each kind of document needs: its renderer and the permission that lets someone
download it, named in settings.ELLW_DOCUMENT_KINDS (ellw imports no domain app, so the
domain apps' functions are named there by dotted path)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from .models import GeneratedDocument
    from .pdf import RenderedPDF

# A renderer makes the PDF of a document, calling progress(pages_done, pages_total) as it
# lays pages out.
Renderer = Callable[["GeneratedDocument", Callable[[int, int], None]], "RenderedPDF"]


@dataclass(frozen=True)
class DocumentKindConfig:
    renderer: Renderer
    # Checked with user.has_perm(permission, document.owner).
    download_permission: str
    # (label, url) of the page the document belongs to, for this user: the progress page's
    # back link.
    back_link: Callable[[GeneratedDocument, Any], tuple[str, str]]


@cache
def document_kind(kind: str) -> DocumentKindConfig:
    config = settings.ELLW_DOCUMENT_KINDS[kind]
    return DocumentKindConfig(
        renderer=import_string(config["renderer"]),
        download_permission=config["download_permission"],
        back_link=import_string(config["back_link"]),
    )
