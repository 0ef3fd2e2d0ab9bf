"""Writes for action learning sets: creating, changing and deleting a set, assigning the
cohort's active participants to sets (each change recorded as an enrolment event), and the
"suggest" that spreads places (boroughs) and PCNs across sets of a chosen size."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from cohorts.enums import EnrolmentEventKind
from cohorts.models import ActionLearningSet, Cohort, Enrolment, EnrolmentEvent
from ellw.accounts.models import User
from modules.models import Speaker

SET_SIZE_MIN = 2
SET_SIZE_MAX = 12
SUGGESTED_SET_NAME = "Set {number}"


class SetRuleError(ValidationError):
    """A rule about sets refused the change; the message says why. Nothing was changed."""


def _actor_label(actor: User | None) -> str:
    return actor.get_full_name() if actor else "System"


@transaction.atomic
def action_learning_set_create(
    *, cohort: Cohort, name: str, facilitator: Speaker | None
) -> ActionLearningSet:
    name = name.strip()
    if ActionLearningSet.objects.filter(cohort=cohort, name__iexact=name).exists():
        raise SetRuleError({"name": f"{cohort.name} already has a set called {name}"})
    return ActionLearningSet.objects.create(cohort=cohort, name=name, facilitator=facilitator)


@transaction.atomic
def action_learning_set_update(
    *, learning_set: ActionLearningSet, name: str, facilitator: Speaker | None
) -> ActionLearningSet:
    name = name.strip()
    taken = ActionLearningSet.objects.filter(cohort_id=learning_set.cohort_id, name__iexact=name)
    if taken.exclude(pk=learning_set.pk).exists():
        raise SetRuleError({"name": f"{learning_set.cohort.name} already has a set called {name}"})
    learning_set.name = name
    learning_set.facilitator = facilitator
    learning_set.save(update_fields=["name", "facilitator"])
    return learning_set


def action_learning_set_delete_problem(learning_set: ActionLearningSet) -> str:
    """Why the set cannot be deleted ("" if it can): only an empty set with no meetings goes,
    so no one's set history or register is lost."""
    if learning_set.enrolments.filter(withdrawn_at__isnull=True).exists():
        return f"{learning_set.name} has members. Move them to another set first."
    if learning_set.enrolments.exists():
        return f"{learning_set.name} was the set of participants who have withdrawn."
    if learning_set.meetings.exists():
        return f"{learning_set.name} has meetings on the timetable. Delete them first."
    return ""


@transaction.atomic
def action_learning_set_delete(*, learning_set: ActionLearningSet) -> None:
    learning_set = ActionLearningSet.objects.select_for_update().get(pk=learning_set.pk)
    problem = action_learning_set_delete_problem(learning_set)
    if problem:
        raise SetRuleError(problem)
    learning_set.delete()


@transaction.atomic
def set_assignments_save(
    *, cohort: Cohort, assignments: Mapping[int, int | None], actor: User
) -> int:
    """Put each named active participant (enrolment pk) into a set of this cohort (set pk) or
    into none, in one go; record an enrolment event for each change. Refuses the whole lot,
    changing nothing, if any enrolment is not an active participant of this cohort or any set
    is not one of its sets. Returns how many participants changed set."""
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.select_for_update()
        .filter(cohort=cohort, withdrawn_at__isnull=True, pk__in=list(assignments))
        .select_related("participant")
    }
    strangers = set(assignments) - set(enrolments)
    if strangers:
        raise SetRuleError(
            f"{len(strangers)} of the people in the form are not active participants of "
            f"{cohort.name} (they may have withdrawn). Nothing has been changed."
        )
    sets = {s.pk: s for s in ActionLearningSet.objects.filter(cohort=cohort)}
    if any(set_id is not None and set_id not in sets for set_id in assignments.values()):
        raise SetRuleError(
            f"A set in the form is not one of {cohort.name}'s sets. Nothing has been changed."
        )
    changed = []
    events = []
    label = _actor_label(actor)
    for pk, set_id in assignments.items():
        enrolment = enrolments[pk]
        if enrolment.action_learning_set_id == set_id:
            continue
        before = sets.get(enrolment.action_learning_set_id)
        after = sets.get(set_id)
        enrolment.action_learning_set_id = set_id
        changed.append(enrolment)
        name = enrolment.participant.full_name
        if after is None:
            description = f"{name} taken out of {before.name if before else 'their set'}"
        elif before is None:
            description = f"{name} put in {after.name}"
        else:
            description = f"{name} moved from {before.name} to {after.name}"
        events.append(
            EnrolmentEvent(
                enrolment=enrolment,
                kind=EnrolmentEventKind.SET_ASSIGNED,
                actor=actor,
                actor_label=label,
                description=description[:600],
            )
        )
    # One UPDATE per set (a handful), whatever the number of participants.
    by_set: dict[int | None, list[int]] = {}
    for enrolment in changed:
        by_set.setdefault(enrolment.action_learning_set_id, []).append(enrolment.pk)
    for set_id, pks in by_set.items():
        Enrolment.objects.filter(pk__in=pks).update(action_learning_set_id=set_id)
    EnrolmentEvent.objects.bulk_create(events)
    return len(changed)


# --- suggesting sets ---------------------------------------------------------------------


@dataclass
class SetSuggestion:
    size: int
    groups: list[list[Enrolment]]
    fingerprint: str

    @property
    def names(self) -> list[str]:
        return [SUGGESTED_SET_NAME.format(number=n) for n in range(1, len(self.groups) + 1)]

    @property
    def rows(self) -> list[tuple[str, list[Enrolment]]]:
        return list(zip(self.names, self.groups, strict=True))


def _spread_key(enrolment: Enrolment) -> tuple:
    application = enrolment.application
    place = application.place.name if application.place_id else ""
    pcn = application.pcn.name if application.pcn_id else application.pcn_other.strip().lower()
    return (place, pcn, enrolment.participant.full_name, enrolment.pk)


def set_suggest(*, enrolments: list[Enrolment], size: int) -> SetSuggestion:
    """Propose sets of about `size` for these participants, spreading places and PCNs.

    Sort by place, then PCN, and deal the list round-robin into k = ceil(n / size) sets.
    Everyone of one PCN sits together in the sorted list, and so does everyone of one place,
    so dealing a run of g people over k sets puts at most ceil(g / k) of them in any set:
    no set gets more of a PCN or a place than it must. Set sizes differ by at most one."""
    if not SET_SIZE_MIN <= size <= SET_SIZE_MAX:
        raise SetRuleError(f"A set must have {SET_SIZE_MIN} to {SET_SIZE_MAX} people")
    ordered = sorted(enrolments, key=_spread_key)
    count = max(1, math.ceil(len(ordered) / size)) if ordered else 0
    groups: list[list[Enrolment]] = [[] for _ in range(count)]
    for index, enrolment in enumerate(ordered):
        groups[index % count].append(enrolment)
    for group in groups:
        group.sort(key=lambda e: (e.participant.full_name, e.pk))
    digest = hashlib.sha256(
        ";".join(",".join(str(e.pk) for e in g) for g in groups).encode()
    ).hexdigest()
    return SetSuggestion(size=size, groups=groups, fingerprint=digest)


@transaction.atomic
def set_suggestion_apply(
    *, cohort: Cohort, suggestion: SetSuggestion, actor: User
) -> list[ActionLearningSet]:
    """Make the suggestion real: sets called "Set 1", "Set 2", … (made where the cohort has
    none of that name, kept with their facilitator where it has), and every participant of
    the suggestion moved into theirs (recorded as set changes)."""
    existing = {s.name: s for s in ActionLearningSet.objects.filter(cohort=cohort)}
    sets = []
    for name in suggestion.names:
        learning_set = existing.get(name)
        if learning_set is None:
            learning_set = ActionLearningSet.objects.create(cohort=cohort, name=name)
        sets.append(learning_set)
    assignments = {
        enrolment.pk: learning_set.pk
        for learning_set, group in zip(sets, suggestion.groups, strict=True)
        for enrolment in group
    }
    set_assignments_save(cohort=cohort, assignments=assignments, actor=actor)
    return sets
