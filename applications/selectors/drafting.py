"""Reads for the applicant's pages: their applications, what they can apply to, and
what each application's page shows them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent
from applications.selectors.endorsement import application_current_endorsement
from cohorts.models import Cohort
from cohorts.selectors import cohort_list_open_for_applications
from ellw.accounts.models import User

S = ApplicationStatus

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
