"""Who may see a generated document's progress and download it (django-rules): whoever the
document's kind allows for its owner (settings.ELLW_DOCUMENT_KINDS), decided by that
kind's own rule, so a certificate and a report each keep one rule."""

import rules

from .kinds import document_kind


@rules.predicate
def may_download_owner(user, document) -> bool:
    if document is None or not user.is_authenticated:
        return False
    owner = document.owner
    return owner is not None and user.has_perm(
        document_kind(document.kind).download_permission, owner
    )


rules.add_perm("documents.view_document", may_download_owner)
rules.add_perm("documents.download_document", may_download_owner)
