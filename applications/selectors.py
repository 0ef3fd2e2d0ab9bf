"""Reads about applications, for the applicant's pages, the endorsement page and the queue."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from cohorts.models import Cohort
from ellw.accounts.models import User

from .eligibility import EligibilityProblem, application_eligibility_problems
from .enums import ALLOWED_TRANSITIONS, DECISION_TARGET, HOLDS_A_PLACE, ApplicationStatus, Decision
from .models import Application, ApplicationEvent, ApplicationNote, EndorsementRequest

S = ApplicationStatus

NEXT_STEPS = {
    S.DRAFT: "Finish your application and submit it before the window closes.",
    S.AWAITING_ENDORSEMENT: (
        "We have e-mailed your clinical director a link to endorse your application. "
        "SP managers review it once it is endorsed."
    ),
    S.ENDORSED: "Your clinical director endorsed your application. SP managers will review it.",
    S.NOT_ENDORSED: (
        "Your clinical director did not endorse your application. Contact the programme team "
        "if you want to ask another clinical director."
    ),
    S.OFFERED: "You have been offered a place. Accept or decline it before the deadline.",
    S.WAITLISTED: "You are on the waitlist. We will e-mail you if a place becomes free.",
    S.REJECTED: "Your application was not successful this time. You can apply to a later cohort.",
    S.ACCEPTED: "You have a place on the programme. We will send you the timetable.",
    S.OFFER_DECLINED: "You declined your place. You can apply to a later cohort.",
    S.OFFER_LAPSED: "The offer lapsed because it was not accepted in time.",
    S.WITHDRAWN: "You withdrew this application.",
}


def application_list_for_applicant(*, applicant: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant=applicant)
        .select_related("cohort")
        .order_by("-created_at")
    )


def application_for_applicant_in_cohort(*, applicant: User, cohort: Cohort) -> Application | None:
    return Application.objects.filter(applicant=applicant, cohort=cohort).first()


def application_detail(*, pk: int) -> Application:
    return Application.objects.select_related("cohort", "role", "place", "pcn", "applicant").get(
        pk=pk
    )


def application_timeline(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("created_at", "id")


def application_current_endorsement(application: Application) -> EndorsementRequest | None:
    return application.endorsement_requests.order_by("-created_at", "-id").first()


def application_other_applications(application: Application) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant_id=application.applicant_id)
        .exclude(pk=application.pk)
        .select_related("cohort")
        .order_by("-created_at")
    )


def application_allowed_decisions(application: Application) -> list[Decision]:
    """The decisions the transition table allows from the application's status."""
    return [d for d in Decision if DECISION_TARGET[d] in ALLOWED_TRANSITIONS[application.status]]


def application_eligibility(application: Application) -> list[EligibilityProblem]:
    return application_eligibility_problems(application)


@dataclass(frozen=True)
class ApplicantView:
    """What the applicant's status page shows, worked out here so templates hold no rules."""

    next_step: str
    endorsement_expired: bool
    offer_open: bool


def application_applicant_view(application: Application) -> ApplicantView:
    now = timezone.now()
    endorsement = application_current_endorsement(application)
    expired = (
        application.status == S.AWAITING_ENDORSEMENT
        and endorsement is not None
        and endorsement.expires_at <= now
    )
    offer_open = application.status == S.OFFERED and application.offer_expires_at > now
    next_step = NEXT_STEPS[application.status]
    if expired:
        next_step = (
            "The link we sent your clinical director has expired. Send it again so they can "
            "endorse your application."
        )
    return ApplicantView(next_step=next_step, endorsement_expired=expired, offer_open=offer_open)


@dataclass(frozen=True)
class CohortPlaces:
    cohort: Cohort
    held: int
    waitlist: list[Application]

    @property
    def free(self) -> int:
        return max(self.cohort.capacity - self.held, 0)


def cohort_places_held(cohort: Cohort) -> int:
    """Places offered (and not yet lapsed, declined or withdrawn) or accepted."""
    return cohort.applications.filter(status__in=HOLDS_A_PLACE).count()


def cohort_places(cohort: Cohort) -> CohortPlaces:
    held = cohort_places_held(cohort)
    waitlist = list(
        cohort.applications.filter(status=S.WAITLISTED)
        .select_related("place", "role")
        .order_by("waitlisted_at", "pk")
    )
    return CohortPlaces(cohort=cohort, held=held, waitlist=waitlist)


def application_queue() -> QuerySet[Application]:
    """The review queue before filters: submitted applications with what each row shows."""
    return Application.objects.exclude(status=S.DRAFT).select_related(
        "cohort", "role", "place", "pcn", "applicant"
    )


def application_status_counts(queryset: QuerySet[Application]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status but draft, in one query."""
    counts = dict(
        queryset.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in S if s != S.DRAFT]


def application_notes(application: Application) -> QuerySet[ApplicationNote]:
    """Internal notes on an application, newest first: staff pages only."""
    return application.notes.select_related("author").order_by("-created_at", "-id")
