"""Writes for what is taught: the catalogue of modules, training partners and speakers."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Module, Speaker, TrainingPartner
from .selectors import speaker_delete_problem, training_partner_delete_problem


def _full_clean(instance) -> None:
    """The model's own rules (caps, validators, constraints); uniqueness is checked by the
    callers, in words."""
    instance.full_clean(validate_unique=False)


def _fresh_copy(instance, values: dict):
    """The row as stored, with `values` set: a refused change leaves the caller's instance
    as it was."""
    fresh = type(instance).objects.get(pk=instance.pk)
    for name, value in values.items():
        setattr(fresh, name, value)
    return fresh


def module_update(
    *,
    module: Module,
    summary: str,
    learning_outcomes: str,
    default_cpd_hours: Decimal,
    self_assessment_outcome: str = "",
) -> Module:
    """Change a module's description and CPD hours (its name and place in the programme
    are reference data and stay). Raises ValidationError and changes nothing on bad input."""
    changed = _fresh_copy(
        module,
        {
            "summary": summary,
            "learning_outcomes": learning_outcomes,
            "self_assessment_outcome": self_assessment_outcome,
            "default_cpd_hours": default_cpd_hours,
        },
    )
    _full_clean(changed)
    changed.save(
        update_fields=[
            "summary",
            "learning_outcomes",
            "self_assessment_outcome",
            "default_cpd_hours",
        ]
    )
    return changed


@dataclass(frozen=True, kw_only=True)
class TrainingPartnerValues:
    name: str
    website: str
    contact_email: str


@dataclass(frozen=True, kw_only=True)
class SpeakerValues:
    full_name: str
    kind: str
    job_title: str
    training_partner: TrainingPartner | None
    email: str
    bio: str


def _partner_save(partner: TrainingPartner) -> TrainingPartner:
    errors: dict[str, list[str]] = {}
    try:
        _full_clean(partner)
    except ValidationError as error:
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    if TrainingPartner.objects.exclude(pk=partner.pk).filter(name__iexact=partner.name).exists():
        errors.setdefault("name", []).append(
            f"There is already a training partner called {partner.name}"
        )
    if errors:
        raise ValidationError(errors)
    partner.save()
    return partner


def training_partner_create(*, values: TrainingPartnerValues) -> TrainingPartner:
    return _partner_save(TrainingPartner(**asdict(values)))


def training_partner_update(
    *, partner: TrainingPartner, values: TrainingPartnerValues
) -> TrainingPartner:
    return _partner_save(_fresh_copy(partner, asdict(values)))


@transaction.atomic
def training_partner_delete(*, partner: TrainingPartner) -> None:
    """Delete a training partner no session names; their speakers stay, without a partner.
    Raises ValidationError, naming what uses them, otherwise."""
    locked = TrainingPartner.objects.select_for_update().get(pk=partner.pk)
    problem = training_partner_delete_problem(locked)
    if problem:
        raise ValidationError(problem)
    locked.delete()


def speaker_create(*, values: SpeakerValues) -> Speaker:
    speaker = Speaker(**asdict(values))
    _full_clean(speaker)
    speaker.save()
    return speaker


def speaker_update(*, speaker: Speaker, values: SpeakerValues) -> Speaker:
    changed = _fresh_copy(speaker, asdict(values))
    _full_clean(changed)
    changed.save()
    return changed


@transaction.atomic
def speaker_delete(*, speaker: Speaker) -> None:
    """Delete a speaker no session and no action learning set names. Raises ValidationError,
    naming what uses them, otherwise."""
    locked = Speaker.objects.select_for_update().get(pk=speaker.pk)
    problem = speaker_delete_problem(locked)
    if problem:
        raise ValidationError(problem)
    locked.delete()
