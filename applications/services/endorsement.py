"""Endorsement links: sending (throttled), checking, recording the answer, reminders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.eligibility import endorser_domain_problem, endorser_identity_problem
from applications.enums import ApplicationStatus, EndorsementLinkState, EndorsementOutcome
from applications.models import Application, EndorsementRequest
from applications.selectors.endorsement import endorsement_links_past_retention
from ellw.accounts.models import User
from ellw.links import link_find, link_keys_new, link_state, link_token, links_erase
from ellw.mail.services import email_queue
from ellw.text import moment_text

from .transitions import ApplicationRuleError, _event, application_transition

S = ApplicationStatus
TOKEN_SALT = "applications.endorsement"


# --- endorsement links -------------------------------------------------------------------


def endorsement_link_keys() -> tuple[str, str]:
    """A new link's (nonce, token hash): the two things stored; never the token itself."""
    keys = link_keys_new(TOKEN_SALT)
    return keys.nonce, keys.token_hash


def _endorsement_link(request: EndorsementRequest) -> str:
    token = link_token(TOKEN_SALT, request.link_nonce)
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
            f"You can send another link after {moment_text(next_by_day, now)}."
        )
    if next_by_interval > now:
        minutes = settings.ELLW_ENDORSEMENT_LINK_INTERVAL_MINUTES
        return (
            f"A link was sent less than {minutes} minutes ago. "
            f"You can send another link after {moment_text(next_by_interval, now)}."
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
    requests = EndorsementRequest.objects.select_related(
        "application__cohort", "application__role", "application__place", "application__pcn"
    )
    if for_update:
        requests = requests.select_for_update(of=("self",))
    request = link_find(requests, TOKEN_SALT, token)
    if request is None:
        return EndorsementLink(EndorsementLinkState.TAMPERED, None)
    state = link_state(
        used_at=request.decided_at,
        superseded_at=request.superseded_at,
        expires_at=request.expires_at,
    )
    return EndorsementLink(state, request)


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


def endorsement_links_erase_past_retention(now: datetime.datetime) -> int:
    """Erase the keys of endorsement links past their retention. The request stays: who
    endorsed (or declined), when, and their comment belong to the application."""
    return links_erase(endorsement_links_past_retention(now), unique_hash=True)
