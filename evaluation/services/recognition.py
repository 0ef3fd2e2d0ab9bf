"""Writes for recognition: the awards, shortlistings and milestones the lead records
against the programme or one cohort."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts.models import Cohort
from evaluation.models import Recognition


@dataclass(frozen=True, kw_only=True)
class RecognitionValues:
    kind: str
    title: str
    awarded_by: str
    date: datetime.date
    cohort: Cohort | None
    description: str


def _checked(recognition: Recognition) -> Recognition:
    """The model's own rules (caps, choices) and ours, in words; raises ValidationError
    naming the fields, and nothing is saved."""
    errors: dict[str, list[str]] = {}
    try:
        recognition.full_clean(validate_unique=False, exclude=["recorded_by", "created_at"])
    except ValidationError as error:
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    if recognition.date and recognition.date > timezone.localdate():
        errors.setdefault("date", []).append(
            "The date must be today or in the past: record an award or milestone once it "
            "has happened"
        )
    if errors:
        raise ValidationError(errors)
    return recognition


def _tidy(values: RecognitionValues) -> dict:
    data = asdict(values)
    data["title"] = " ".join(values.title.split())
    data["awarded_by"] = " ".join(values.awarded_by.split())
    data["description"] = values.description.strip()
    return data


def recognition_record(*, values: RecognitionValues, actor) -> Recognition:
    """Record an award, a shortlisting or a milestone."""
    recognition = _checked(Recognition(**_tidy(values), recorded_by=actor))
    recognition.save()
    return recognition


def recognition_update(*, recognition: Recognition, values: RecognitionValues) -> Recognition:
    """Change what was recorded. Bad input raises ValidationError and leaves both the row
    and the caller's instance as they were."""
    changed = Recognition.objects.get(pk=recognition.pk)
    data = _tidy(values)
    for name, value in data.items():
        setattr(changed, name, value)
    _checked(changed)
    changed.save(update_fields=list(data))
    return changed


def recognition_delete(*, recognition: Recognition) -> None:
    Recognition.objects.filter(pk=recognition.pk).delete()
