"""Reads for a cohort's action learning sets: the sets with their members, the participants
not yet in a set, and the speakers who may facilitate."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When

from cohorts.models import ActionLearningSet, Cohort, Enrolment
from modules.enums import SpeakerKind
from modules.models import Speaker


def cohort_active_enrolments(cohort: Cohort) -> QuerySet[Enrolment]:
    """The cohort's participants who have not withdrawn, with their name, place and PCN (read
    from the application they came through) and their set, in one query."""
    return (
        Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
        .select_related(
            "participant", "application__place", "application__pcn", "action_learning_set"
        )
        .order_by("participant__full_name", "pk")
    )


def cohort_sets(cohort: Cohort) -> QuerySet[ActionLearningSet]:
    return ActionLearningSet.objects.filter(cohort=cohort).select_related("facilitator")


@dataclass
class SetRow:
    learning_set: ActionLearningSet
    members: list[Enrolment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.members


@dataclass
class CohortSetsPage:
    sets: list[SetRow]
    unassigned: list[Enrolment]
    enrolments: list[Enrolment]


def cohort_sets_page(cohort: Cohort) -> CohortSetsPage:
    """Every set of the cohort with its active members, and the active participants in no
    set: two queries whatever the cohort's size."""
    rows = {s.pk: SetRow(s) for s in cohort_sets(cohort)}
    enrolments = list(cohort_active_enrolments(cohort))
    unassigned = []
    for enrolment in enrolments:
        row = rows.get(enrolment.action_learning_set_id)
        if row is None:
            unassigned.append(enrolment)
        else:
            row.members.append(enrolment)
    return CohortSetsPage(sets=list(rows.values()), unassigned=unassigned, enrolments=enrolments)


def set_facilitator_choices() -> QuerySet[Speaker]:
    """Speakers who may facilitate a set: facilitators first, then everyone else."""
    return Speaker.objects.annotate(
        facilitator_first=Case(
            When(kind=SpeakerKind.FACILITATOR, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("facilitator_first", "full_name", "pk")


def set_for_change(pk: int) -> ActionLearningSet | None:
    return ActionLearningSet.objects.select_related("cohort", "facilitator").filter(pk=pk).first()
