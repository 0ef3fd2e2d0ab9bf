"""What the service holds about a person, gathered from every app through
settings.ELLW_PERSONAL_DATA (ellw cannot import the apps): for an account, everything held
against it and its e-mail addresses; for an address alone (a clinical director, a
testimonial author), what is held against the address. Also the account's and the
outbox's own part, and the lead's list of erasure requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from ellw.accounts.models import StaffRoleChange, User
from ellw.accounts.selectors import account_with_email
from ellw.mail.models import OutboundEmail

from .enums import ErasureStatus
from .models import ErasureRequest


@dataclass
class Section:
    """One kind of record held about the person: a key for the JSON, a heading for the
    page, and the records as plain values."""

    key: str
    title: str
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PersonalData:
    """Everything held about one person (an account, or an address with no account)."""

    user: User | None
    emails: list[str]
    sections: list[Section]

    @property
    def is_empty(self) -> bool:
        return not any(section.records for section in self.sections)

    @property
    def counts(self) -> dict[str, int]:
        return {s.key: len(s.records) for s in self.sections if s.records}

    def as_json(self) -> dict[str, Any]:
        return {
            "service": settings.ELLW_SITE_NAME,
            "data_controller": settings.ELLW_DATA_CONTROLLER["name"],
            "email_addresses": self.emails,
            **{section.key: section.records for section in self.sections},
        }


def personal_data_contributors(step: str) -> list:
    """Each app's function for `step` ("held", "erase" or "problems"), in the settings'
    order."""
    return [
        import_string(entry[step])
        for entry in settings.ELLW_PERSONAL_DATA.values()
        if step in entry
    ]


def user_emails(user: User) -> list[str]:
    """Every address the account holds (its login and allauth's), lower case."""
    addresses = {user.email.lower()}
    addresses.update(
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return sorted(addresses)


def personal_data_of(*, user: User | None = None, email: str = "") -> PersonalData:
    """Everything held about an account, or about an address with no account."""
    emails = user_emails(user) if user is not None else [email.strip().lower()]
    sections: list[Section] = []
    for held in personal_data_contributors("held"):
        sections += held(user=user, emails=emails)
    return PersonalData(user=user, emails=emails, sections=sections)


def personal_data_of_address(email: str) -> PersonalData:
    """Everything held about whoever has this address: their account's data if an account
    holds it, otherwise what is held about the address alone."""
    return personal_data_of(user=account_with_email(email), email=email)


def erasure_request_review(
    erasure_request: ErasureRequest,
) -> tuple[PersonalData | None, list[str]]:
    """For the lead deciding a request: what is held and why it cannot be carried out yet
    (nothing for a request already decided)."""
    if not erasure_request.is_open:
        return None, []
    user = erasure_request.user
    return personal_data_of(user=user), erasure_problems(user=user, emails=user_emails(user))


def erasure_problems(*, user: User | None, emails: list[str]) -> list[str]:
    """Why this person cannot be erased yet: every app's reasons."""
    problems: list[str] = []
    for check in personal_data_contributors("problems"):
        problems += check(user=user, emails=emails)
    return problems


# --- the account and the outbox's part ----------------------------------------------------


def account_personal_data(*, user: User | None, emails: list[str]) -> list[Section]:
    if user is None:
        return []
    changes = StaffRoleChange.objects.filter(Q(user=user) | Q(email__in=emails))
    return [
        Section(
            "account",
            "Your account",
            [
                {
                    "email": user.email,
                    "full_name": user.full_name,
                    "joined_at": user.date_joined,
                    "last_login_at": user.last_login,
                    "active": user.is_active,
                    "staff_roles": sorted(user.groups.values_list("name", flat=True)),
                }
            ],
        ),
        Section(
            "email_addresses",
            "Your e-mail addresses",
            [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        ),
        Section(
            "authenticators",
            "Your authenticators (their secrets are never shown)",
            [
                {
                    "type": a.get_type_display(),
                    "created_at": a.created_at,
                    "last_used_at": a.last_used_at,
                }
                for a in Authenticator.objects.filter(user=user)
            ],
        ),
        Section(
            "staff_role_changes",
            "Staff roles given to you or taken away",
            [
                {"role": c.get_role_display(), "what": c.get_action_display(), "at": c.changed_at}
                for c in changes
            ],
        ),
    ]


def emails_sent_to(emails: list[str]) -> list[OutboundEmail]:
    """Outbox rows addressed to any of these addresses. The JSON list is searched as text
    (a JSON-contains lookup is not on SQLite), then checked address by address."""
    wanted = {e.lower() for e in emails}
    matches = Q(pk__in=[])
    for email in wanted:
        matches |= Q(to__icontains=email)
    rows = OutboundEmail.objects.filter(matches).defer("body_text", "body_html")
    return [row for row in rows if wanted & {t.lower() for t in row.to}]


def mail_personal_data(*, user: User | None, emails: list[str]) -> list[Section]:
    return [
        Section(
            "emails_sent",
            "E-mails we sent you (their words are deleted once sent)",
            [
                {
                    "to": row.to,
                    "subject": row.subject,
                    "template": row.template,
                    "status": row.get_status_display(),
                    "created_at": row.created_at,
                    "sent_at": row.sent_at,
                }
                for row in emails_sent_to(emails)
            ],
        )
    ]


# --- the lead's page -------------------------------------------------------------------


def erasure_requests_open() -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(status=ErasureStatus.REQUESTED).select_related("user")


def erasure_requests_decided() -> QuerySet[ErasureRequest]:
    return (
        ErasureRequest.objects.exclude(status=ErasureStatus.REQUESTED)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
    )


def erasure_request_open_of(user: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, status=ErasureStatus.REQUESTED).first()


def account_erasure_problems(*, user: User | None, emails: list[str]) -> list[str]:
    """Staff are erased only once they hold no role: their roles are taken away on the staff
    people page first (and the last programme lead keeps theirs)."""
    if user is None:
        return []
    if user.is_superuser or user.groups.exists():
        return [
            "They hold a staff role: take their roles away at Staff → Staff and their roles first."
        ]
    return []
