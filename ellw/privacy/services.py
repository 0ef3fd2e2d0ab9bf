"""People's rights over their data: producing a copy of everything held (subject access),
asking for erasure, and carrying it out or refusing it; plus what erasure does to the
account and the outbox. Each app's part of the erasure is its own service, named in
settings.ELLW_PERSONAL_DATA; erasure runs them in reverse order, the account last, in one
transaction with its audit row, so it happens entirely or not at all."""

from __future__ import annotations

import re
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from ellw.accounts.models import StaffRoleChange, User
from ellw.accounts.selectors import account_with_email
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record
from ellw.mail.services import email_queue
from ellw.text import text_redact

from .enums import ErasureStatus
from .models import ErasureRequest
from .selectors import (
    PersonalData,
    emails_sent_to,
    erasure_problems,
    personal_data_contributors,
    personal_data_of,
    user_emails,
)


class ErasureError(Exception):
    """An erasure the rules refuse; the message says why, in words for the page."""


def subject_access_record(*, data: PersonalData, actor: User | None) -> None:
    """Record that a copy of someone's data was produced: by themselves (actor None) or by
    the lead. The row names the account by number, an address-only person not at all."""
    audit_record(
        event=AuditEvent.SUBJECT_ACCESS,
        target=data.user if data.user is not None else User,
        actor=actor,
        details={"account": data.user is not None, "counts": data.counts},
    )


@transaction.atomic
def erasure_request(*, user: User, now: datetime | None = None) -> ErasureRequest:
    """The person asks for their data to be erased; the lead decides. One open request at a
    time: asking again while one waits raises ErasureError and changes nothing."""
    if ErasureRequest.objects.filter(user=user, status=ErasureStatus.REQUESTED).exists():
        raise ErasureError("You have already asked. The programme lead will reply by e-mail.")
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(user=user, requested_at=now or timezone.now())
    except IntegrityError:  # two clicks at once: the other one made it
        raise ErasureError(
            "You have already asked. The programme lead will reply by e-mail."
        ) from None
    audit_record(event=AuditEvent.ERASURE_REQUESTED, target=request, actor=None)
    return request


@transaction.atomic
def erasure_refuse(*, request: ErasureRequest, actor: User, reason: str) -> ErasureRequest:
    """The lead refuses, with a reason the person is e-mailed."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ErasureError("This request has already been decided.")
    request.status = ErasureStatus.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.refusal_reason = reason.strip()
    request.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason"])
    audit_record(event=AuditEvent.ERASURE_REFUSED, target=request, actor=actor)
    email_queue(
        to=request.user.email,
        template="erasure_refused",
        context={
            "reason": request.refusal_reason,
            "contact": settings.ELLW_CONTACT,
            "data_controller": settings.ELLW_DATA_CONTROLLER,
            "your_data_url": settings.SITE_URL + reverse("privacy:your_data"),
        },
    )
    return request


@transaction.atomic
def erasure_carry_out(*, request: ErasureRequest, actor: User) -> ErasureRequest:
    """The lead confirms a person's request: everything held about them is deleted or
    anonymised (docs/data-protection.md), they are e-mailed that it is done, and the audit
    trail records the counts. Cannot be undone."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ErasureError("This request has already been decided.")
    user = User.objects.select_for_update().get(pk=request.user_id)
    emails = user_emails(user)
    problems = erasure_problems(user=user, emails=emails)
    if problems:
        raise ErasureError(" ".join(problems))
    login_email = user.email
    counts = _erase(user=user, emails=emails)
    request.status = ErasureStatus.ERASED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.counts = counts
    request.save(update_fields=["status", "decided_at", "decided_by", "counts"])
    # The person's address is known here for the last time; the outbox forgets it once sent.
    email_queue(
        to=login_email,
        template="erasure_done",
        context={"contact": settings.ELLW_CONTACT},
        forget_recipients=True,
    )
    audit_record(event=AuditEvent.ERASED, target=request, actor=actor, details=counts)
    return request


@transaction.atomic
def person_erase_by_email(*, email: str, actor: User) -> ErasureRequest:
    """The lead erases someone without an account (a clinical director, a testimonial
    author), found by their address. An address that belongs to an account is refused (the
    person asks from it, or the lead handles their request); so is one nothing is held
    about."""
    email = email.strip().lower()
    if account_with_email(email) is not None:
        raise ErasureError(
            f"{email} belongs to an account. The person asks for erasure from their account "
            "(Your data), and their request comes to this page."
        )
    data = personal_data_of(email=email)
    if data.is_empty:
        raise ErasureError(f"We hold nothing about {email}, so there is nothing to erase.")
    counts = _erase(user=None, emails=[email])
    now = timezone.now()
    request = ErasureRequest.objects.create(
        user=None,
        status=ErasureStatus.ERASED,
        requested_at=now,
        decided_at=now,
        decided_by=actor,
        counts=counts,
    )
    audit_record(event=AuditEvent.ERASED, target=request, actor=actor, details=counts)
    return request


def _erase(*, user: User | None, emails: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for erase in reversed(personal_data_contributors("erase")):
        counts.update(erase(user=user, emails=emails))
    return counts


# --- the account and the outbox's part ----------------------------------------------------


def account_personal_data_erase(*, user: User | None, emails: list[str]) -> dict[str, int]:
    """The account row stays (records point at it) but no longer names anyone: a made-up
    address, no name, no usable password, switched off, no roles; its other addresses,
    authenticators and sessions go. The admin's own history of it is renamed."""
    if user is None:
        return {}
    words = {user.full_name, user.first_name, user.last_name, *emails}
    erased_email = f"erased-{user.pk}@erased.invalid"
    StaffRoleChange.objects.filter(Q(user=user) | Q(email__in=emails)).update(email=erased_email)
    addresses = EmailAddress.objects.filter(user=user).delete()[0]
    authenticators = Authenticator.objects.filter(user=user).delete()[0]
    entries = 0
    for entry in LogEntry.objects.filter(object_repr__iregex=_any_of(words)):
        entry.object_repr = text_redact(entry.object_repr, words)
        entry.change_message = text_redact(entry.change_message, words)
        entry.save(update_fields=["object_repr", "change_message"])
        entries += 1
    user.groups.clear()
    user.email = erased_email
    user.full_name = user.first_name = user.last_name = ""
    user.set_unusable_password()  # also ends every session: the session hash changes
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    return {
        "accounts_anonymised": 1,
        "email_addresses_deleted": addresses,
        "authenticators_deleted": authenticators,
        "admin_history_renamed": entries,
    }


def _any_of(words: set[str]) -> str:
    wanted = [re.escape(w) for w in words if w and len(w) >= 3]
    return "|".join(wanted) or "(?!)"


def mail_personal_data_erase(*, user: User | None, emails: list[str]) -> dict[str, int]:
    """E-mails sent only to them are deleted; from one sent to others too, their address
    is taken out."""
    wanted = {e.lower() for e in emails}
    deleted = trimmed = 0
    for row in emails_sent_to(emails):
        others = [t for t in row.to if t.lower() not in wanted]
        if others:
            row.to = others
            row.reply_to = [r for r in row.reply_to if r.lower() not in wanted]
            row.save(update_fields=["to", "reply_to"])
            trimmed += 1
        else:
            row.delete()
            deleted += 1
    return {"emails_deleted": deleted, "emails_trimmed": trimmed}
