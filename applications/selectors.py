"""Reads about applications, for the applicant's pages, the endorsement page and the queue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from cohorts.selectors import cohort_list_open_for_applications
from ellw.accounts.models import User

from .eligibility import (
    EligibilityProblem,
    application_eligibility_problems,
    endorser_domain_problem,
    endorser_identity_problem,
)
from .enums import (
    ALLOWED_TRANSITIONS,
    DECISION_TARGET,
    HOLDS_A_PLACE,
    ApplicationStatus,
    Decision,
    EndorsementOutcome,
)
from .models import Application, ApplicationEvent, ApplicationNote, EndorsementRequest

S = ApplicationStatus

# Free-text answers, comments and reasons: read on one application's page, never on a list.
LONG_TEXT_FIELDS = tuple(
    f.name for f in Application._meta.concrete_fields if isinstance(f, models.TextField)
)

NEXT_STEPS = {
    S.DRAFT: "Finish your application and submit it before the window closes.",
    S.AWAITING_ENDORSEMENT: (
        "We have e-mailed your clinical director a link to endorse your application. "
        "SP managers review it once it is endorsed."
    ),
    S.ENDORSED: "Your clinical director endorsed your application. SP managers will review it.",
    S.NOT_ENDORSED: (
        "Your clinical director did not endorse your application. You can ask another "
        "clinical director to endorse it: give us their name and e-mail address and we will "
        "send them a new link."
    ),
    S.OFFERED: "You have been offered a place. Accept or decline it before the deadline.",
    S.WAITLISTED: "You are on the waitlist. We will e-mail you if a place becomes free.",
    S.REJECTED: "Your application was not successful this time. You can apply to a later cohort.",
    S.ACCEPTED: "You have a place on the programme. We will send you the timetable.",
    S.OFFER_DECLINED: "You declined your place. You can apply to a later cohort.",
    S.OFFER_LAPSED: "The offer lapsed because it was not accepted in time.",
    S.OFFER_RESCINDED: (
        "The programme team withdrew the offer of a place. Our e-mail tells you why. "
        "You can apply to a later cohort."
    ),
    S.WITHDRAWN: "You withdrew this application.",
}


def application_list_for_applicant(*, applicant: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant=applicant)
        .select_related("cohort")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class ApplicantRow:
    """One line of "Your applications": what it is and what the person can do next."""

    application: Application
    reply_by: datetime.datetime | None  # an open offer's deadline
    can_respond: bool  # accept or decline an open offer
    can_continue: bool  # carry on with a draft


def application_rows_for_applicant(*, applicant: User) -> list[ApplicantRow]:
    now = timezone.now()
    rows = []
    for application in application_list_for_applicant(applicant=applicant):
        offer_open = application.status == S.OFFERED and application.offer_expires_at > now
        rows.append(
            ApplicantRow(
                application=application,
                reply_by=application.offer_expires_at if offer_open else None,
                can_respond=offer_open,
                can_continue=application.status == S.DRAFT,
            )
        )
    return rows


def cohorts_open_to_applicant(
    *, applicant: User, today: datetime.date | None = None
) -> QuerySet[Cohort]:
    """Open cohorts the person can still apply to: one application per cohort, so none
    they already have an application to, whatever its status (a draft is continued from
    its own row instead)."""
    return cohort_list_open_for_applications(today=today).exclude(
        pk__in=Application.objects.filter(applicant=applicant).values("cohort_id")
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


def application_offer_rescindable(application: Application) -> bool:
    """Whether staff may withdraw the offer: the transition table allows it (offers only)."""
    return S.OFFER_RESCINDED in ALLOWED_TRANSITIONS[application.status]


def application_eligibility(application: Application) -> list[EligibilityProblem]:
    return application_eligibility_problems(application)


@dataclass(frozen=True)
class ApplicantView:
    """What the applicant's status page shows, worked out here so templates hold no rules."""

    next_step: str
    endorsement_expired: bool
    endorsement_declined: bool
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
    return ApplicantView(
        next_step=next_step,
        endorsement_expired=expired,
        endorsement_declined=application.status == S.NOT_ENDORSED,
        offer_open=offer_open,
    )


# What staff are told when the endorser's address needs a second look, by eligibility rule.
ENDORSER_WARNINGS = {
    "endorser_domain": (
        "{email} is outside the domains {cohort} accepts for clinical directors ({allowed}). "
        "Check that the endorser is the applicant's clinical director."
    ),
    "endorser_is_applicant": (
        "{email} is the applicant's own e-mail address: the applicant may have endorsed "
        "their own application."
    ),
    "endorser_has_account": (
        "{email} belongs to an account on this service. Clinical directors do not have "
        "accounts: check who endorsed this application."
    ),
}


def application_endorser_warnings(
    application: Application, endorsement: EndorsementRequest | None = None
) -> list[str]:
    """Why staff should check the endorser: the address the current link went to (or the
    one named, before any link) is outside the cohort's domain list, is the applicant's own,
    or belongs to an account. Submission refuses these, but a domain list edited later, or
    an address that gains an account later, is only found here."""
    email = endorsement.endorser_email if endorsement else application.clinical_director_email
    if not email:
        return []
    cohort = application.cohort
    problems = [
        endorser_domain_problem(cohort, email),
        endorser_identity_problem(
            email=email,
            applicant=application.applicant,
            work_email=application.work_email,
            for_applicant=False,
        ),
    ]
    allowed = " or ".join(f"@{d}" for d in cohort.endorser_domains)
    return [
        ENDORSER_WARNINGS[p.rule].format(email=email, cohort=cohort.name, allowed=allowed)
        for p in problems
        if p is not None
    ]


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


def cohort_list_with_decision_counts() -> QuerySet[Cohort]:
    """Every cohort, newest first, with what needs someone's decision counted by SQL in the
    same query: endorsed applications awaiting a decision, offers awaiting the applicant's
    reply, and the waitlist."""
    return Cohort.objects.annotate(
        awaiting_decision=Count("applications", filter=Q(applications__status=S.ENDORSED)),
        offers_outstanding=Count("applications", filter=Q(applications__status=S.OFFERED)),
        waitlisted=Count("applications", filter=Q(applications__status=S.WAITLISTED)),
    ).order_by("-starts_on", "name")


def application_queue() -> QuerySet[Application]:
    """The review queue before filters: submitted applications with what each row shows,
    without the long answers (a list never shows them) or the applicant's password hash."""
    return (
        Application.objects.exclude(status=S.DRAFT)
        .select_related("cohort", "role", "place", "pcn", "applicant")
        .defer(*LONG_TEXT_FIELDS, "applicant__password")
    )


# The CSV export's columns, joined in the same query; no applicant row, no long text.
EXPORT_COLUMNS = (
    "pk",
    "full_name",
    "work_email",
    "phone",
    "role__name",
    "employer",
    "pcn__name",
    "pcn_other",
    "place__name",
    "started_in_role_on",
    "status",
    "submitted_at",
    "cohort__name",
)


def application_export_rows(queryset: QuerySet[Application]) -> QuerySet:
    """The queue's rows (filters and order kept) as tuples of EXPORT_COLUMNS."""
    return queryset.values_list(*EXPORT_COLUMNS)


def application_status_counts(queryset: QuerySet[Application]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status but draft, in one query (read from the
    (cohort, status) index alone on PostgreSQL: it counts "status", not the id)."""
    counts = dict(
        queryset.order_by()
        .values_list("status")
        .annotate(n=Count("status"))
        .values_list("status", "n")
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in S if s != S.DRAFT]


def application_notes(application: Application) -> QuerySet[ApplicationNote]:
    """Internal notes on an application, newest first: staff pages only."""
    return application.notes.select_related("author").order_by("-created_at", "-id")


# --- withdrawal from a cohort (issue 7) ------------------------------------------------------


def application_withdrawn_enrolment(application: Application) -> Enrolment | None:
    """The enrolment the application led to, if the participant has left the cohort: their
    place is free again (staff may offer it to the waitlist)."""
    return Enrolment.objects.filter(application=application, withdrawn_at__isnull=False).first()


def application_active_enrolment(application: Application) -> Enrolment | None:
    """The enrolment of a participant still in the cohort, if any."""
    return Enrolment.objects.filter(application=application, withdrawn_at__isnull=True).first()


def cohorts_application_counts(cohort_ids: list[int]) -> dict[str, int]:
    """Reach for the influencing report, in one query: applications submitted (drafts are
    not applications yet) and how many a clinical director endorsed."""
    endorsed = EndorsementRequest.objects.filter(
        application=OuterRef("pk"), outcome=EndorsementOutcome.ENDORSED
    )
    return (
        Application.objects.filter(cohort_id__in=cohort_ids)
        .exclude(status=ApplicationStatus.DRAFT)
        .aggregate(
            applications=Count("pk"),
            endorsed=Count("pk", filter=Exists(endorsed)),
        )
    )
