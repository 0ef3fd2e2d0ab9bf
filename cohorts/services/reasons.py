"""The reason the lead gives for a decision (a graduation override or undo, revoking or
reissuing a certificate): required, and within its cap."""

from __future__ import annotations

from cohorts.models import REASON_MAX_CHARS
from ellw.text import max_chars_message


def reason_checked(reason: str, *, error: type[Exception], missing: str) -> str:
    """The reason, trimmed; raises `error(missing)` when there is none and `error` naming
    the cap when it is too long."""
    reason = (reason or "").strip()
    if not reason:
        raise error(missing)
    if len(reason) > REASON_MAX_CHARS:
        raise error(max_chars_message("The reason", REASON_MAX_CHARS, len(reason)))
    return reason
