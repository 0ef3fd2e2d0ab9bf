"""Reads for decisions and offers: the decisions allowed, places held, the waitlist and
who is next on it, a participant's enrolment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from applications.eligibility import application_eligibility_problems
from applications.enums import (
    ALLOWED_TRANSITIONS,
    DECISION_TARGET,
    HOLDS_A_PLACE,
    ApplicationStatus,
    Decision,
)
from applications.models import Application
from applications.selectors.review import LONG_TEXT_FIELDS
from cohorts.models import Cohort, Enrolment

S = ApplicationStatus


def application_allowed_decisions(application: Application) -> list[Decision]:
    """The decisions the transition table allows from the application's status."""
    return [d for d in Decision if DECISION_TARGET[d] in ALLOWED_TRANSITIONS[application.status]]


def application_offer_rescindable(application: Application) -> bool:
    """Whether staff may withdraw the offer: the transition table allows it (offers only)."""
    return S.OFFER_RESCINDED in ALLOWED_TRANSITIONS[application.status]


# How many people at the head of the waitlist the queue names; the rest are counted.
WAITLIST_SHOWN = 5


@dataclass(frozen=True)
class CohortPlaces:
    """A cohort's places and its waitlist, counted in SQL.

    `waitlist` holds only the head of the waitlist (the first few, in the order places are
    offered), and nobody when the caller asked for counts only; `waitlist_count` counts
    everyone on it.
    """

    cohort: Cohort
    held: int
    waitlist_count: int
    waitlist: list[Application]

    @property
    def free(self) -> int:
        return max(self.cohort.capacity - self.held, 0)

    @property
    def waitlist_more(self) -> int:
        """How many on the waitlist are not in `waitlist`."""
        return self.waitlist_count - len(self.waitlist)


def cohort_places_held(cohort: Cohort) -> int:
    """Places offered (and not yet lapsed, declined or withdrawn) or accepted."""
    return cohort.applications.filter(status__in=HOLDS_A_PLACE).count()


def cohort_waitlist(cohort: Cohort) -> QuerySet[Application]:
    """Everyone on the cohort's waitlist, in the order places are offered."""
    return (
        cohort.applications.filter(status=S.WAITLISTED)
        .select_related("place", "role")
        .defer(*LONG_TEXT_FIELDS)
        .order_by("waitlisted_at", "pk")
    )


def cohort_places(cohort: Cohort, *, waitlist_shown: int = WAITLIST_SHOWN) -> CohortPlaces:
    """Places held and the waitlist's length in one query (over the (cohort, status)
    index, never the rows themselves), plus the first `waitlist_shown` people waiting:
    pass 0 where only the counts are printed."""
    counts = cohort.applications.filter(status__in=[*HOLDS_A_PLACE, S.WAITLISTED]).aggregate(
        # Counting "status" (not the id) lets PostgreSQL answer from the index alone.
        held=Count("status", filter=Q(status__in=HOLDS_A_PLACE)),
        waiting=Count("status", filter=Q(status=S.WAITLISTED)),
    )
    waitlist = list(cohort_waitlist(cohort)[:waitlist_shown]) if waitlist_shown else []
    return CohortPlaces(
        cohort=cohort, held=counts["held"], waitlist_count=counts["waiting"], waitlist=waitlist
    )


def cohort_full_reason(cohort: Cohort, *, held: int | None = None) -> str | None:
    """Why the cohort can offer no more places, or None while one is free."""
    held = cohort_places_held(cohort) if held is None else held
    if held < cohort.capacity:
        return None
    places = "its 1 place is" if cohort.capacity == 1 else f"all {cohort.capacity} places are"
    return f"{cohort.name} is full: {places} offered or taken."


def cohort_next_on_waitlist(cohort: Cohort) -> Application | None:
    """The first person on the waitlist who can still be admitted: someone no longer
    eligible is passed over, not allowed to block the rest."""
    waitlist = (
        cohort.applications.filter(status=S.WAITLISTED)
        .select_related("cohort", "applicant", "role", "place")
        .order_by("waitlisted_at", "pk")
    )
    for candidate in waitlist.iterator(chunk_size=20):
        if not application_eligibility_problems(candidate):
            return candidate
    return None


def application_withdrawn_enrolment(application: Application) -> Enrolment | None:
    """The enrolment the application led to, if the participant has left the cohort: their
    place is free again (staff may offer it to the waitlist)."""
    return Enrolment.objects.filter(application=application, withdrawn_at__isnull=False).first()


def application_active_enrolment(application: Application) -> Enrolment | None:
    """The enrolment of a participant still in the cohort, if any."""
    return Enrolment.objects.filter(application=application, withdrawn_at__isnull=True).first()
