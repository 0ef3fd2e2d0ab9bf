"""Reads for what is taught: the catalogue, training partners and speakers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, QuerySet

from .models import Module, Speaker, TrainingPartner


def module_list() -> QuerySet[Module]:
    """The seven modules in programme order."""
    return Module.objects.order_by("position")


@dataclass(frozen=True)
class ProgrammeModule:
    """A module as the public programme page shows it."""

    position: int
    name: str
    summary: str
    outcomes: list[str]
    cpd_hours: Decimal


def programme_modules() -> list[ProgrammeModule]:
    """The modules in programme order, each learning outcome a separate line."""
    return [
        ProgrammeModule(
            position=m.position,
            name=m.name,
            summary=m.summary,
            outcomes=[line.strip() for line in m.learning_outcomes.splitlines() if line.strip()],
            cpd_hours=m.default_cpd_hours,
        )
        for m in module_list()
    ]


def training_partner_list() -> QuerySet[TrainingPartner]:
    """Partners by name, each with `speaker_count` and `in_use` (a session names them, so
    they cannot be deleted)."""
    sessions = TrainingPartner.sessions.rel.related_model.objects.filter(
        training_partner=OuterRef("pk")
    )
    return TrainingPartner.objects.annotate(
        speaker_count=Count("speakers"), in_use=Exists(sessions)
    ).order_by("name", "pk")


def speaker_list() -> QuerySet[Speaker]:
    """Speakers by name with their partner, each with `in_use` (a session or an action
    learning set names them, so they cannot be deleted)."""
    through = Speaker.sessions.through
    sets = Speaker.sets_facilitated.rel.related_model
    return (
        Speaker.objects.select_related("training_partner")
        .defer("bio")
        .annotate(
            in_use=ExpressionWrapper(
                Exists(through.objects.filter(speaker=OuterRef("pk")))
                | Exists(sets.objects.filter(facilitator=OuterRef("pk"))),
                output_field=BooleanField(),
            )
        )
        .order_by("full_name", "pk")
    )


def _in_use_message(name: str, *, sessions: int, sets: int = 0) -> str | None:
    uses = []
    if sessions:
        uses.append("1 session names" if sessions == 1 else f"{sessions} sessions name")
    if sets:
        uses.append(
            "1 action learning set names" if sets == 1 else f"{sets} action learning sets name"
        )
    if not uses:
        return None
    return (
        f"{name} cannot be deleted: {' and '.join(uses)} them. "
        "Change those first, or keep them in the list."
    )


def training_partner_delete_problem(partner: TrainingPartner) -> str | None:
    """Why the partner cannot be deleted (a session names them), or None."""
    return _in_use_message(partner.name, sessions=partner.sessions.count())


def speaker_delete_problem(speaker: Speaker) -> str | None:
    """Why the speaker cannot be deleted (a session or an action learning set names them),
    or None."""
    return _in_use_message(
        speaker.full_name,
        sessions=speaker.sessions.count(),
        sets=speaker.sets_facilitated.count(),
    )
