"""Testimonials: the lead records one received some other way, or sends a request link
(ellw.links: signed, expiring, single-use, no account) for the person to write it
themselves; then approves it or marks it not used. testimonial_transition is the only
place a testimonial's status changes (evaluation.enums.TESTIMONIAL_TRANSITIONS)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from ellw.accounts.models import User
from ellw.accounts.roles import PROGRAMME_LEADS
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record
from ellw.links import LinkState, link_find, link_keys_new, link_state, link_token, links_erase
from ellw.mail.services import email_queue
from ellw.text import moment_text
from evaluation.enums import (
    TESTIMONIAL_TRANSITIONS,
    TestimonialConsent,
    TestimonialSource,
    TestimonialStatus,
)
from evaluation.models import Testimonial
from evaluation.selectors.testimonials import (
    testimonial_is_written,
    testimonial_links_past_retention,
    testimonial_text_may_change,
)

T = TestimonialStatus
TOKEN_SALT = "evaluation.testimonial"
# Testimonial rows the session keeps links for (ellw.links.link_session_keep).
LINK_KIND = "testimonial"


class TestimonialRuleError(Exception):
    """The testimonial action asked for breaks a rule; the message says which."""


def _clean(text: str) -> str:
    return " ".join(text.split())


def testimonial_transition(
    *, testimonial: Testimonial, to_status: str, actor: User | None
) -> Testimonial:
    """Move a testimonial to another status, if TESTIMONIAL_TRANSITIONS allows it. The lead's
    decisions (approved, not used) record who and when."""
    if to_status not in TESTIMONIAL_TRANSITIONS[testimonial.status]:
        raise TestimonialRuleError(
            f"A testimonial that is {testimonial.get_status_display().lower()} cannot become "
            f"{T(to_status).label.lower()}."
        )
    testimonial.status = to_status
    fields = ["status"]
    if to_status in (T.APPROVED, T.NOT_USED):
        testimonial.decided_by = actor
        testimonial.decided_at = timezone.now()
        fields += ["decided_by", "decided_at"]
    testimonial.save(update_fields=fields)
    if to_status in (T.APPROVED, T.NOT_USED):
        audit_record(
            event=AuditEvent.TESTIMONIAL_STATUS_CHANGED,
            target=testimonial,
            actor=actor,
            details={"to": to_status},
        )
    return testimonial


@transaction.atomic
def testimonial_record(
    *,
    actor: User,
    source: str,
    cohort: Cohort | None,
    author_name: str,
    author_role: str,
    organisation: str,
    text: str,
    consent: str,
    consent_confirmed: bool,
) -> Testimonial:
    """A testimonial the lead received some other way (an e-mail, a letter, an event),
    recorded with the author's consent: it then awaits approval like any other."""
    if source not in TestimonialSource.values:
        raise TestimonialRuleError({"source": "Select who the testimonial is from"})
    if not consent_confirmed:
        raise TestimonialRuleError({"consent_confirmed": "Confirm you have the author's consent"})
    if consent not in TestimonialConsent.values:
        raise TestimonialRuleError({"consent": "Select how the testimonial may be used"})
    if not text.strip():
        raise TestimonialRuleError({"text": "Enter the testimonial"})
    now = timezone.now()
    return Testimonial.objects.create(
        source=source,
        cohort=cohort,
        author_name=_clean(author_name),
        author_role=_clean(author_role),
        organisation=_clean(organisation),
        text=text.strip(),
        consent=consent,
        consent_given_at=now,
        status=T.AWAITING_APPROVAL,
        created_by=actor,
        created_at=now,
        submitted_at=now,
    )


def testimonial_request_throttle(email: str, *, now: datetime.datetime | None = None) -> str | None:
    """Why no request may be sent to this address yet, or None: one address is asked at
    most once per ELLW_TESTIMONIAL_REQUEST_INTERVAL_HOURS, and at most
    ELLW_TESTIMONIAL_REQUESTS_PER_DAY requests go out in any 24 hours."""
    now = now or timezone.now()
    day = datetime.timedelta(hours=24)
    interval = datetime.timedelta(hours=settings.ELLW_TESTIMONIAL_REQUEST_INTERVAL_HOURS)
    requests = Testimonial.objects.exclude(link_nonce="")
    last_to_address = (
        requests.filter(email__iexact=email.strip(), created_at__gt=now - interval)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last_to_address is not None:
        hours = settings.ELLW_TESTIMONIAL_REQUEST_INTERVAL_HOURS
        return (
            f"A request was sent to {email.strip()} less than {hours} hours ago. "
            f"You can ask them again after {moment_text(last_to_address + interval, now)}."
        )
    per_day = settings.ELLW_TESTIMONIAL_REQUESTS_PER_DAY
    recent = list(
        requests.filter(created_at__gt=now - day)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(per_day, 1)]
    )
    if len(recent) >= per_day:
        oldest = recent[per_day - 1] if per_day else now
        return (
            f"No more than {per_day} testimonial requests can be sent in 24 hours. "
            f"You can send another after {moment_text(oldest + day, now)}."
        )
    return None


def testimonial_link(testimonial: Testimonial) -> str:
    token = link_token(TOKEN_SALT, testimonial.link_nonce)
    return settings.SITE_URL + reverse("testimonials:link", args=[token])


@transaction.atomic
def testimonial_request(
    *,
    actor: User,
    name: str,
    email: str,
    role: str,
    organisation: str,
    source: str,
    cohort: Cohort | None,
) -> Testimonial:
    """E-mail a person a link to write their testimonial: it works once, without an
    account, until ELLW_TESTIMONIAL_LINK_DAYS have passed."""
    # Programme leads send these (there may be several): holding their group's row makes
    # every request take its turn, so two at once cannot both pass the throttle.
    Group.objects.select_for_update().filter(name=PROGRAMME_LEADS).first()
    if source not in TestimonialSource.values:
        raise TestimonialRuleError({"source": "Select who the testimonial is from"})
    email = email.strip()
    problem = testimonial_request_throttle(email)
    if problem:
        raise TestimonialRuleError(problem)
    now = timezone.now()
    keys = link_keys_new(TOKEN_SALT)
    testimonial = Testimonial.objects.create(
        source=source,
        cohort=cohort,
        author_name=_clean(name),
        author_role=_clean(role),
        organisation=_clean(organisation),
        email=email,
        status=T.REQUESTED,
        created_by=actor,
        created_at=now,
        link_nonce=keys.nonce,
        token_hash=keys.token_hash,
        link_expires_at=now + datetime.timedelta(days=settings.ELLW_TESTIMONIAL_LINK_DAYS),
    )
    email_queue(
        to=email,
        template="testimonial_request",
        context={
            "name": testimonial.author_name,
            "cohort": cohort,
            "link": testimonial_link(testimonial),
            "expires_at": testimonial.link_expires_at,
            "sender": actor.get_full_name(),
        },
        reply_to=[actor.email],
    )
    return testimonial


@dataclass(frozen=True)
class TestimonialLink:
    state: LinkState
    testimonial: Testimonial | None


def testimonial_link_check(token: str, *, for_update: bool = False) -> TestimonialLink:
    """What a request link is worth: tampered, used, expired, withdrawn (superseded: the
    lead marked the request not used before it was answered) or valid."""
    testimonials = Testimonial.objects.select_related("cohort").exclude(link_nonce="")
    if for_update:
        testimonials = testimonials.select_for_update(of=("self",))
    testimonial = link_find(testimonials, TOKEN_SALT, token)
    if testimonial is None:
        return TestimonialLink(LinkState.TAMPERED, None)
    withdrawn = testimonial.status != T.REQUESTED
    state = link_state(
        used_at=testimonial.link_used_at,
        superseded_at=(testimonial.decided_at or testimonial.created_at) if withdrawn else None,
        expires_at=testimonial.link_expires_at,
    )
    return TestimonialLink(state, testimonial)


@transaction.atomic
def testimonial_submit(
    *,
    token: str,
    author_name: str,
    author_role: str,
    organisation: str,
    text: str,
    consent: str,
) -> TestimonialLink:
    """The person's testimonial, through their link, once. Returns the link's state
    beforehand: anything but VALID means nothing changed (a second submit gets USED)."""
    link = testimonial_link_check(token, for_update=True)
    if link.state != LinkState.VALID:
        return link
    if not text.strip():
        raise TestimonialRuleError({"text": "Write your testimonial"})
    if consent not in TestimonialConsent.values:
        raise TestimonialRuleError({"consent": "Select how we may use your testimonial"})
    if not author_name.strip():
        raise TestimonialRuleError({"author_name": "Enter your name"})
    now = timezone.now()
    testimonial = link.testimonial
    testimonial.author_name = _clean(author_name)
    testimonial.author_role = _clean(author_role)
    testimonial.organisation = _clean(organisation)
    testimonial.text = text.strip()
    testimonial.consent = consent
    testimonial.consent_given_at = now
    testimonial.submitted_at = now
    testimonial.link_used_at = now
    testimonial.save(
        update_fields=[
            "author_name",
            "author_role",
            "organisation",
            "text",
            "consent",
            "consent_given_at",
            "submitted_at",
            "link_used_at",
        ]
    )
    testimonial_transition(testimonial=testimonial, to_status=T.AWAITING_APPROVAL, actor=None)
    return link


def _locked(testimonial: Testimonial) -> Testimonial:
    return Testimonial.objects.select_for_update().get(pk=testimonial.pk)


@transaction.atomic
def testimonial_edit(*, testimonial: Testimonial, actor: User, text: str) -> Testimonial:
    """Correct the text (a typo, a shortening the author agreed) before it is approved."""
    testimonial = _locked(testimonial)
    if not testimonial_text_may_change(testimonial):
        raise TestimonialRuleError("The text can be changed only before it is approved.")
    if not text.strip():
        raise TestimonialRuleError({"text": "Enter the testimonial"})
    testimonial.text = text.strip()
    testimonial.save(update_fields=["text"])
    audit_record(event=AuditEvent.TESTIMONIAL_EDITED, target=testimonial, actor=actor)
    return testimonial


@transaction.atomic
def testimonial_approve(*, testimonial: Testimonial, actor: User) -> Testimonial:
    testimonial = _locked(testimonial)
    if not testimonial_is_written(testimonial):
        raise TestimonialRuleError(
            "Only a written testimonial with the author's consent can be approved."
        )
    return testimonial_transition(testimonial=testimonial, to_status=T.APPROVED, actor=actor)


@transaction.atomic
def testimonial_not_use(*, testimonial: Testimonial, actor: User) -> Testimonial:
    """Keep it out of reports; an unanswered request's link stops working."""
    testimonial = _locked(testimonial)
    return testimonial_transition(testimonial=testimonial, to_status=T.NOT_USED, actor=actor)


def testimonial_links_erase_past_retention(now: datetime.datetime) -> int:
    """Erase the keys of request links past their retention. The testimonial stays, with
    its author, consent and status: the lead's list and the report need them."""
    return links_erase(testimonial_links_past_retention(now))
