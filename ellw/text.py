"""Caps on free text: a validator whose message names the cap, and the database check behind
it, so neither a form nor a service can store more than the cap."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.deconstruct import deconstructible


def max_chars_message(label: str, max_chars: int, count: int | None = None) -> str:
    message = f"{label} must be {max_chars:,} characters or fewer"
    return message if count is None else f"{message} (you have {count:,})"


@deconstructible
class MaxCharsValidator:
    """'Motivation must be 5,000 characters or fewer (you have 7,431)'."""

    code = "max_chars"

    def __init__(self, max_chars: int, label: str):
        self.max_chars = max_chars
        self.label = label

    def __call__(self, value) -> None:
        count = len(value or "")
        if count > self.max_chars:
            raise ValidationError(
                max_chars_message(self.label, self.max_chars, count), code=self.code
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxCharsValidator) and (other.max_chars, other.label) == (
            self.max_chars,
            self.label,
        )


def max_chars_check(field: str, max_chars: int, *, name: str, label: str) -> models.CheckConstraint:
    """A CHECK constraint that the column holds at most `max_chars` characters."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), max_chars),
        name=name,
        violation_error_message=max_chars_message(label, max_chars),
    )


def moment_text(at: datetime.datetime, now: datetime.datetime) -> str:
    """A moment as people read it in "you can … after …": local time, rounded up to the
    minute (never earlier than it is), with the day unless it is today ("09:05",
    "09:05 on 3 May")."""
    at = timezone.localtime(at)
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    if at.date() == timezone.localtime(now).date():
        return f"{at:%H:%M}"
    return f"{at:%H:%M} on {at.day} {at:%B}"


def count_of(n: int, word: str, plural: str | None = None) -> str:
    """A count with its noun: "1 certificate", "3 certificates", "2 excused apologies"."""
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def percent_of(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None when there is nothing to take it of."""
    return round(100 * part / whole) if whole else None


REDACTED = "[removed]"
# A word shorter than this is not looked for inside other text: "Al" would eat "Alumni".
_SHORTEST_REDACTED = 3


def text_redact(text: str, words) -> str:
    """`text` with each of `words` (a person's names and addresses) replaced by "[removed]",
    ignoring case; longer words first, so a full name goes before its parts."""
    wanted = {w.strip() for w in words if w and len(w.strip()) >= _SHORTEST_REDACTED}
    for word in sorted(wanted, key=len, reverse=True):
        text = re.sub(re.escape(word), REDACTED, text, flags=re.IGNORECASE)
    return text
