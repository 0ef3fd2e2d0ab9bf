"""Writes for applications: drafting, submitting, endorsement links, decisions, offers.

Every status change goes through application_transition(), which checks the table in
enums.ALLOWED_TRANSITIONS, records the history and queues the applicant's e-mail.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cohorts.models import Cohort, Enrolment
from ellw.accounts.models import User
from ellw.mail.services import email_queue

from .eligibility import (
    application_eligibility_problems,
    duplicate_problem,
    endorser_domain_problem,
    endorser_identity_problem,
    window_problem,
)
from .enums import (
    ALLOWED_TRANSITIONS,
    DECISION_TARGET,
    ApplicationStatus,
    Decision,
    EndorsementLinkState,
    EndorsementOutcome,
)
from .models import Application, ApplicationEvent, ApplicationNote, EndorsementRequest
from .selectors import cohort_full_reason, cohort_next_on_waitlist

S = ApplicationStatus
TOKEN_SALT = "applications.endorsement"

# The e-mail the applicant gets on arriving in each status (templates/emails/<key>/).
STATUS_EMAILS = {
    S.AWAITING_ENDORSEMENT: "application_submitted",
    S.ENDORSED: "application_endorsed",
    S.NOT_ENDORSED: "application_not_endorsed",
    S.OFFERED: "place_offered",
    S.WAITLISTED: "application_waitlisted",
    S.REJECTED: "application_rejected",
    S.ACCEPTED: "place_accepted",
    S.OFFER_LAPSED: "offer_lapsed",
    S.OFFER_RESCINDED: "offer_rescinded",
    S.WITHDRAWN: "application_withdrawn",
}

REQUIRED_FOR_SUBMISSION = {
    "full_name": "Enter your full name",
    "work_email": "Enter your work e-mail address",
    "phone": "Enter your work phone number",
    "role": "Select your role",
    "employer": "Enter your employer",
    "place": "Select the place (borough) you work in",
    "started_in_role_on": "Enter the date you started in your role",
    "motivation": "Tell us why you want to join the programme",
    "workplace_benefit": "Tell us what you hope to take back to your workplace",
    "clinical_director_name": "Enter your clinical director's name",
    "clinical_director_email": "Enter your clinical director's e-mail address",
}


class ApplicationRuleError(ValidationError):
    """A business rule refused the change; the message says why, for the person."""


# --- the state machine ---------------------------------------------------------------


def application_transition(
    *,
    application: Application,
    to_status: str,
    actor: User | None,
    actor_label: str = "",
    note: str = "",
    description: str = "",
    extra_fields: dict[str, Any] | None = None,
    email_context: dict[str, Any] | None = None,
) -> Application:
    """Move the application to `to_status` if the table allows it; record and notify."""
    from_status = application.status
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        raise ApplicationRuleError(
            f"An application that is {S(from_status).label.lower()} cannot become "
            f"{S(to_status).label.lower()}."
        )
    application.status = to_status
    fields = ["status", "updated_at"]
    for name, value in (extra_fields or {}).items():
        setattr(application, name, value)
        fields.append(name)
    application.save(update_fields=fields)
    _event(
        application,
        actor,
        description or f"{S(from_status).label} → {S(to_status).label}",
        actor_label=actor_label,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    template = STATUS_EMAILS.get(to_status)
    if template:
        _email_applicant(application, template, {"message": note, **(email_context or {})})
    return application


def _email_applicant(application: Application, template: str, context: dict[str, Any]) -> None:
    email_queue(
        to=application.work_email or application.applicant.email,
        template=template,
        context={
            "application": application,
            "cohort": application.cohort,
            "status_url": settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
            **context,
        },
    )


def _event(
    application: Application,
    actor: User | None,
    description: str,
    *,
    actor_label: str = "",
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> None:
    """One line of the application's history."""
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        actor_label=actor_label or (actor.get_full_name() if actor else "System"),
        from_status=from_status,
        to_status=to_status,
        description=description,
        note=note,
    )


# --- applying --------------------------------------------------------------------------


@transaction.atomic
def application_save_draft(
    *,
    applicant: User,
    cohort: Cohort,
    data: dict[str, Any],
    application: Application | None = None,
) -> Application:
    """Create or update a draft. Nothing is checked for completeness until submission."""
    if application is None:
        problem = window_problem(cohort, timezone.localdate()) or duplicate_problem(
            cohort, applicant, None
        )
        if problem:
            raise ApplicationRuleError(problem.message)
        application = Application(applicant=applicant, cohort=cohort)
    elif application.status != S.DRAFT:
        raise ApplicationRuleError("This application has been submitted and can no longer change.")
    consent = data.pop("privacy_consent", None)
    for name, value in data.items():
        setattr(application, name, value)
    if consent and not application.privacy_consent_at:
        application.privacy_consent_at = timezone.now()
    elif consent is False:
        application.privacy_consent_at = None
    if application.pk is not None:
        application.save()
        return application
    # Two clicks at once can both pass the duplicate check above; the unique constraint
    # stops the second insert, which then gets the ordinary "already applied" refusal.
    # The savepoint keeps the request's transaction usable on PostgreSQL.
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        problem = duplicate_problem(cohort, applicant, None)
        if problem is None:
            raise
        raise ApplicationRuleError(problem.message) from None
    return application


def application_submission_errors(application: Application) -> dict[str | None, list[str]]:
    """What stops the draft being submitted, by form field (None: the whole form)."""
    errors: dict[str | None, list[str]] = {}
    for name, message in REQUIRED_FOR_SUBMISSION.items():
        if getattr(application, name) in (None, ""):
            errors.setdefault(name, []).append(message)
    if not application.pcn_id and not application.pcn_other:
        errors.setdefault("pcn", []).append(
            "Select your primary care network, or enter its name if it is not listed"
        )
    if not application.privacy_consent_at:
        errors.setdefault("privacy_consent", []).append("Confirm you have read the privacy notice")
    for problem in application_eligibility_problems(application, at_submission=True):
        errors.setdefault(problem.field, []).append(problem.message)
    return errors


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    errors = application_submission_errors(application)
    if errors:
        raise ApplicationRuleError(
            {(field or "__all__"): messages for field, messages in errors.items()}
        )
    application_transition(
        application=application,
        to_status=S.AWAITING_ENDORSEMENT,
        actor=actor,
        description="Application submitted",
        extra_fields={"submitted_at": timezone.now()},
    )
    _endorsement_request_send(
        application=application,
        actor=actor,
        endorser_name=application.clinical_director_name,
        endorser_email=application.clinical_director_email,
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, reason: str = "") -> None:
    application = Application.objects.select_for_update().get(pk=application.pk)
    now = timezone.now()
    application_transition(
        application=application,
        to_status=S.WITHDRAWN,
        actor=actor,
        note=reason,
        description="Application withdrawn",
    )
    application.endorsement_requests.filter(superseded_at__isnull=True).update(superseded_at=now)
    Enrolment.objects.filter(application=application, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )


# --- endorsement links -------------------------------------------------------------------


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _raw_token(nonce: str) -> str:
    return salted_hmac(TOKEN_SALT, nonce, algorithm="sha256").hexdigest()


def endorsement_link_keys() -> tuple[str, str]:
    """A new link's (nonce, token hash): the two things stored; never the token itself."""
    nonce = secrets.token_urlsafe(32)
    return nonce, _token_hash(_raw_token(nonce))


def _endorsement_link(request: EndorsementRequest) -> str:
    token = signing.Signer(salt=TOKEN_SALT).sign(_raw_token(request.link_nonce))
    return settings.SITE_URL + reverse("endorsement", args=[token])


def _endorsement_email(request: EndorsementRequest, template: str) -> None:
    application = request.application
    email_queue(
        to=request.endorser_email,
        template=template,
        context={
            "application": application,
            "cohort": application.cohort,
            "endorser_name": request.endorser_name,
            "link": _endorsement_link(request),
            "expires_at": request.expires_at,
        },
    )


def _endorsement_request_send(
    *,
    application: Application,
    actor: User | None,
    endorser_name: str,
    endorser_email: str,
    description: str = "Endorsement link sent to",
) -> EndorsementRequest:
    """Send a new link; every earlier link for the application stops working."""
    now = timezone.now()
    application.endorsement_requests.filter(superseded_at__isnull=True).update(superseded_at=now)
    nonce, token_hash = endorsement_link_keys()
    request = EndorsementRequest.objects.create(
        application=application,
        endorser_name=endorser_name,
        endorser_email=endorser_email,
        link_nonce=nonce,
        token_hash=token_hash,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.ELLW_ENDORSEMENT_LINK_DAYS),
    )
    _endorsement_email(request, "endorsement_request")
    _event(application, actor, f"{description} {endorser_name} ({endorser_email})")
    return request


def _endorsement_time(at: datetime.datetime, now: datetime.datetime) -> str:
    """A moment as people read it: rounded up to the minute, with the day unless today."""
    at = timezone.localtime(at)
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    if at.date() == timezone.localtime(now).date():
        return f"{at:%H:%M}"
    return f"{at:%H:%M} on {at.day} {at:%B}"


def endorsement_link_throttle(
    application: Application, *, now: datetime.datetime | None = None
) -> str | None:
    """Why no new link may be sent yet, or None. At most ELLW_ENDORSEMENT_LINKS_PER_DAY
    links in any 24 hours (the one sent at submission counts) and at least
    ELLW_ENDORSEMENT_LINK_INTERVAL_MINUTES between two; for applicants and staff alike.
    Callers hold the application's row lock, so two clicks at once cannot both pass."""
    now = now or timezone.now()
    per_day = settings.ELLW_ENDORSEMENT_LINKS_PER_DAY
    interval = datetime.timedelta(minutes=settings.ELLW_ENDORSEMENT_LINK_INTERVAL_MINUTES)
    day = datetime.timedelta(hours=24)
    recent = list(
        application.endorsement_requests.filter(created_at__gt=now - day)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(per_day, 1)]
    )
    if not recent:
        return None
    next_by_interval = recent[0] + interval
    next_by_day = recent[per_day - 1] + day if per_day and len(recent) >= per_day else None
    if next_by_day is not None and next_by_day > now and next_by_day >= next_by_interval:
        links = "1 link" if per_day == 1 else f"{per_day} links"
        return (
            f"No more than {links} can be sent in 24 hours. "
            f"You can send another link after {_endorsement_time(next_by_day, now)}."
        )
    if next_by_interval > now:
        minutes = settings.ELLW_ENDORSEMENT_LINK_INTERVAL_MINUTES
        return (
            f"A link was sent less than {minutes} minutes ago. "
            f"You can send another link after {_endorsement_time(next_by_interval, now)}."
        )
    return None


@transaction.atomic
def endorsement_resend(*, application: Application, actor: User) -> EndorsementRequest:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != S.AWAITING_ENDORSEMENT:
        raise ApplicationRuleError("The clinical director has already responded.")
    problem = endorsement_link_throttle(application)
    if problem:
        raise ApplicationRuleError(problem)
    return _endorsement_request_send(
        application=application,
        actor=actor,
        endorser_name=application.clinical_director_name,
        endorser_email=application.clinical_director_email,
        description="Endorsement link sent again to",
    )


@transaction.atomic
def endorsement_change_endorser(
    *, application: Application, actor: User, endorser_name: str, endorser_email: str
) -> EndorsementRequest:
    """Send the link to a different clinical director, while the application awaits
    endorsement or after a decline (the applicant may then ask someone else)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (S.AWAITING_ENDORSEMENT, S.NOT_ENDORSED):
        raise ApplicationRuleError("The endorser can no longer be changed.")
    # The forms check these too; checked again here so no caller can skip them.
    problem = endorser_domain_problem(application.cohort, endorser_email) or (
        endorser_identity_problem(
            email=endorser_email,
            applicant=application.applicant,
            work_email=application.work_email,
            for_applicant=actor.pk == application.applicant_id,
        )
    )
    if problem:
        raise ApplicationRuleError({problem.field: [problem.message]})
    throttled = endorsement_link_throttle(application)
    if throttled:
        raise ApplicationRuleError(throttled)
    application.clinical_director_name = endorser_name
    application.clinical_director_email = endorser_email
    application.save(update_fields=["clinical_director_name", "clinical_director_email"])
    if application.status == S.NOT_ENDORSED:
        application_transition(
            application=application,
            to_status=S.AWAITING_ENDORSEMENT,
            actor=actor,
            description="Endorser changed after a decline",
        )
    return _endorsement_request_send(
        application=application,
        actor=actor,
        endorser_name=endorser_name,
        endorser_email=endorser_email,
        description="Clinical director changed: endorsement link sent to",
    )


@dataclass(frozen=True)
class EndorsementLink:
    state: EndorsementLinkState
    request: EndorsementRequest | None


def endorsement_link_check(token: str, *, for_update: bool = False) -> EndorsementLink:
    """What a link is worth: tampered, superseded, used, expired or valid."""
    try:
        raw = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return EndorsementLink(EndorsementLinkState.TAMPERED, None)
    requests = EndorsementRequest.objects.select_related(
        "application__cohort", "application__role", "application__place", "application__pcn"
    )
    if for_update:
        requests = requests.select_for_update(of=("self",))
    request = requests.filter(token_hash=_token_hash(raw)).first()
    if request is None:
        return EndorsementLink(EndorsementLinkState.TAMPERED, None)
    if request.decided_at:
        return EndorsementLink(EndorsementLinkState.USED, request)
    if request.superseded_at:
        return EndorsementLink(EndorsementLinkState.SUPERSEDED, request)
    if request.expires_at <= timezone.now():
        return EndorsementLink(EndorsementLinkState.EXPIRED, request)
    return EndorsementLink(EndorsementLinkState.VALID, request)


@transaction.atomic
def endorsement_record(*, token: str, outcome: str, comment: str) -> EndorsementLink:
    """Record the clinical director's answer once. Returns the link's state beforehand:
    anything but VALID means nothing changed (a second click gets USED)."""
    link = endorsement_link_check(token, for_update=True)
    if link.state != EndorsementLinkState.VALID:
        return link
    if outcome == EndorsementOutcome.DECLINED and not comment.strip():
        raise ApplicationRuleError({"comment": "Give a reason for not endorsing"})
    request = link.request
    request.outcome = outcome
    request.comment = comment.strip()
    request.decided_at = timezone.now()
    request.save(update_fields=["outcome", "comment", "decided_at"])
    application = Application.objects.select_for_update().get(pk=request.application_id)
    endorsed = outcome == EndorsementOutcome.ENDORSED
    application_transition(
        application=application,
        to_status=S.ENDORSED if endorsed else S.NOT_ENDORSED,
        actor=None,
        actor_label=f"{request.endorser_name} (clinical director)",
        note=request.comment,
        description="Endorsed by the clinical director"
        if endorsed
        else "Not endorsed by the clinical director",
        email_context={"endorsement": request},
    )
    return link


def endorsement_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind clinical directors of pending links after each interval in
    ELLW_ENDORSEMENT_REMINDER_DAYS. Safe to run twice: each reminder is claimed first."""
    now = now or timezone.now()
    sent = 0
    for number, days in enumerate(settings.ELLW_ENDORSEMENT_REMINDER_DAYS, start=1):
        due = EndorsementRequest.objects.filter(
            superseded_at__isnull=True,
            decided_at__isnull=True,
            expires_at__gt=now,
            reminders_sent__lt=number,
            created_at__lte=now - datetime.timedelta(days=days),
            application__status=S.AWAITING_ENDORSEMENT,
        )
        for request_id in list(due.values_list("pk", flat=True)):
            sent += _endorsement_reminder_send(request_id=request_id, number=number)
    return sent


@transaction.atomic
def _endorsement_reminder_send(*, request_id: int, number: int) -> int:
    claimed = EndorsementRequest.objects.filter(pk=request_id, reminders_sent__lt=number).update(
        reminders_sent=number
    )
    if not claimed:
        return 0
    request = EndorsementRequest.objects.select_related("application__cohort").get(pk=request_id)
    _endorsement_email(request, "endorsement_reminder")
    _event(request.application, None, f"Reminder {number} sent to {request.endorser_email}")
    return 1


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
    return ApplicationNote.objects.create(application=application, author=author, text=text)
