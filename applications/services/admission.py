"""Decisions and offers: admit, waitlist, reject, offer the next place, accept, decline,
rescind, lapse; internal notes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from applications.eligibility import application_eligibility_problems
from applications.enums import ALLOWED_TRANSITIONS, DECISION_TARGET, ApplicationStatus, Decision
from applications.models import Application, ApplicationNote
from applications.selectors import cohort_full_reason, cohort_next_on_waitlist
from cohorts.models import Cohort, Enrolment
from ellw.accounts.models import User
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record

from .transitions import ApplicationRuleError, application_transition

S = ApplicationStatus


# --- decisions and offers ----------------------------------------------------------------


def _admission_problems(application: Application) -> list[str]:
    problems = [p.message for p in application_eligibility_problems(application)]
    if S.OFFERED not in ALLOWED_TRANSITIONS[application.status]:
        problems.insert(0, "Only endorsed or waitlisted applications can be offered a place.")
    return problems


@transaction.atomic
def application_decide(
    *, application: Application, actor: User, decision: str, message: str = ""
) -> Application:
    if decision == Decision.ADMIT:
        return application_admit(application=application, actor=actor, message=message)
    application = Application.objects.select_for_update().get(pk=application.pk)
    target = DECISION_TARGET[Decision(decision)]
    extra = {"waitlisted_at": timezone.now()} if target == S.WAITLISTED else {}
    return application_transition(
        application=application,
        to_status=target,
        actor=actor,
        note=message,
        description=f"Decision: {Decision(decision).label.lower()}",
        extra_fields=extra,
    )


@transaction.atomic
def application_admit(*, application: Application, actor: User, message: str = "") -> Application:
    """Offer a place. The cohort row is locked, so two managers deciding at the same moment
    can never take the cohort beyond its capacity."""
    cohort = Cohort.objects.select_for_update().get(pk=application.cohort_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    problems = _admission_problems(application)
    if problems:
        raise ApplicationRuleError(problems)
    _cohort_lapse_expired_offers(cohort)
    full = cohort_full_reason(cohort)
    if full:
        raise ApplicationRuleError(full)
    expires = timezone.now() + datetime.timedelta(days=settings.ELLW_OFFER_ACCEPTANCE_DAYS)
    return application_transition(
        application=application,
        to_status=S.OFFERED,
        actor=actor,
        note=message,
        description="Place offered",
        extra_fields={"offer_expires_at": expires},
    )


def _cohort_lapse_expired_offers(cohort: Cohort) -> None:
    """Offers past their deadline stop holding a place even before the hourly task runs."""
    expired = cohort.applications.filter(status=S.OFFERED, offer_expires_at__lte=timezone.now())
    for application_id in list(expired.values_list("pk", flat=True)):
        _offer_lapse_if_expired(application_id=application_id)


@transaction.atomic
def cohort_offer_next_on_waitlist(
    *, cohort: Cohort, actor: User, application_id: int | None = None, message: str = ""
) -> Application:
    """Offer the free place to the first person on the waitlist who can still be admitted
    (someone no longer eligible is passed over, not allowed to block the rest).
    `application_id` is the person the manager confirmed: if someone else is next by now
    (the waitlist changed meanwhile), nothing is offered."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    candidate = cohort_next_on_waitlist(cohort)
    if candidate is None:
        raise ApplicationRuleError(
            f"Nobody on the waitlist for {cohort.name} can be offered a place."
        )
    if application_id is not None and candidate.pk != application_id:
        raise ApplicationRuleError(
            f"The waitlist for {cohort.name} changed while you were deciding, so nothing was "
            f"offered. {candidate.full_name} is next now: check and confirm again."
        )
    return application_admit(application=candidate, actor=actor, message=message)


def offer_accept(*, application: Application, actor: User) -> Enrolment:
    """Accept a place and enrol. Past the deadline the offer is recorded as lapsed (that
    change stands) and the acceptance is refused."""
    if _offer_lapse_if_expired(application_id=application.pk):
        raise ApplicationRuleError("The offer has lapsed: the deadline to accept has passed.")
    return _offer_accept(application=application, actor=actor)


@transaction.atomic
def _offer_accept(*, application: Application, actor: User) -> Enrolment:
    application = Application.objects.select_for_update().get(pk=application.pk)
    application_transition(
        application=application,
        to_status=S.ACCEPTED,
        actor=actor,
        description="Place accepted",
    )
    return Enrolment.objects.create(
        cohort=application.cohort,
        participant=application.applicant,
        application=application,
        enrolled_at=timezone.now(),
    )


@transaction.atomic
def offer_decline(*, application: Application, actor: User, reason: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    return application_transition(
        application=application,
        to_status=S.OFFER_DECLINED,
        actor=actor,
        note=reason,
        description="Place declined",
    )


def offer_rescind(*, application: Application, actor: User, reason: str) -> Application:
    """Staff take back an offered place, with a reason the applicant is e-mailed. Only an
    offer still open can be taken back: one past its deadline is recorded as lapsed."""
    if _offer_lapse_if_expired(application_id=application.pk):
        raise ApplicationRuleError("The offer has already lapsed: the deadline to accept passed.")
    return _offer_rescind(application=application, actor=actor, reason=reason)


@transaction.atomic
def _offer_rescind(*, application: Application, actor: User, reason: str) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != S.OFFERED:
        raise ApplicationRuleError(
            "Only an open offer of a place can be withdrawn. This application's status is "
            f"{S(application.status).label}."
        )
    reason = reason.strip()
    if not reason:
        raise ApplicationRuleError({"reason": ["Give the reason for withdrawing the offer"]})
    return application_transition(
        application=application,
        to_status=S.OFFER_RESCINDED,
        actor=actor,
        note=reason,
        description="Offer withdrawn by the programme team",
    )


@transaction.atomic
def _offer_lapse_if_expired(*, application_id: int, now: datetime.datetime | None = None) -> bool:
    application = Application.objects.select_for_update().get(pk=application_id)
    if application.status != S.OFFERED or application.offer_expires_at > (now or timezone.now()):
        return False
    application_transition(
        application=application,
        to_status=S.OFFER_LAPSED,
        actor=None,
        description="Offer lapsed: not accepted by the deadline",
    )
    return True


def offers_lapse_expired(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    ids = list(
        Application.objects.filter(status=S.OFFERED, offer_expires_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    return sum(_offer_lapse_if_expired(application_id=pk, now=now) for pk in ids)


def application_note_add(*, application: Application, author: User, text: str) -> ApplicationNote:
    note = ApplicationNote.objects.create(application=application, author=author, text=text)
    audit_record(
        event=AuditEvent.APPLICATION_NOTE_ADDED,
        target=application,
        actor=author,
        details={"note": note.pk},
    )
    return note
