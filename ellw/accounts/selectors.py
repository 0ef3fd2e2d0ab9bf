"""Reads for accounts."""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from .enums import StaffRole, StaffRoleAction
from .models import StaffRoleChange, User
from .roles import PROGRAMME_LEADS
from .rules import must_use_mfa


def account_ids_with_email(email: str) -> set[int]:
    """The accounts that hold this address, as their login or as any address allauth keeps
    for them, compared without case. Two index lookups (UPPER(email) on both tables), not a
    join, so the cost does not grow with the number of accounts."""
    from allauth.account.models import EmailAddress

    logins = User.objects.filter(email__iexact=email).order_by().values_list("pk", flat=True)
    addresses = (
        EmailAddress.objects.filter(email__iexact=email)
        .order_by()
        .values_list("user_id", flat=True)
    )
    return set(logins.union(addresses))


def account_with_email(email: str) -> User | None:
    """The account that holds this address (as its login or another of its addresses)."""
    return User.objects.filter(pk__in=account_ids_with_email(email)).order_by("pk").first()


def session_has_mfa_record(request, user: User) -> bool:
    """allauth recorded, in this session and for this user, an MFA authentication: a code at
    log-in or re-authentication, or (ellw.accounts.mfa) the code that activated TOTP."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def user_must_set_up_mfa(user: User) -> bool:
    """Staff (a role, or admin access) without an authenticator must set one up before they
    reach staff pages (unless staff MFA is turned off)."""
    if not settings.ELLW_STAFF_MFA_REQUIRED or not user.is_authenticated:
        return False
    if not must_use_mfa(user):
        return False
    return not is_mfa_enabled(user)


# --- the staff people page ------------------------------------------------------------------


def _holds(role: str) -> Exists:
    return Exists(User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=role))


def staff_member_list() -> QuerySet[User]:
    """Everyone holding a staff role, with which roles, whether they have accepted an
    invitation (set a password) and set up an authenticator app: one query per page."""
    return (
        User.objects.annotate(
            holds_sp_manager=_holds(StaffRole.SP_MANAGER),
            holds_programme_lead=_holds(StaffRole.PROGRAMME_LEAD),
            invitation_pending=ExpressionWrapper(
                Q(password__startswith=UNUSABLE_PASSWORD_PREFIX), output_field=BooleanField()
            ),
            has_authenticator=Exists(
                Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
        )
        .filter(Q(holds_sp_manager=True) | Q(holds_programme_lead=True))
        .only("id", "email", "full_name")
        .order_by("email", "id")
    )


def staff_emails_to_tell(*, leaving_out: User | None = None) -> list[str]:
    """The addresses of everyone holding a staff role who has an account in use (not an
    invitation still pending), to be told of something in a cohort: one query."""
    people = (
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in StaffRole])
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(pk=getattr(leaving_out, "pk", None))
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(people)


def staff_member_roles(person: User) -> list[StaffRole]:
    """The roles of a person from `staff_member_list`."""
    held = {
        StaffRole.SP_MANAGER: person.holds_sp_manager,
        StaffRole.PROGRAMME_LEAD: person.holds_programme_lead,
    }
    return [role for role, holds in held.items() if holds]


def staff_member_status(person: User) -> str:
    """Where a person from `staff_member_list` stands, in words for the page."""
    if person.invitation_pending:
        return "Invited: has not chosen a password yet"
    if not person.has_authenticator:
        return "Has not set up an authenticator app yet"
    return "Active"


def staff_role_change_list() -> QuerySet[StaffRoleChange]:
    return StaffRoleChange.objects.select_related("changed_by").order_by("-changed_at", "-id")


def staff_role_removal_problem(*, user: User, role: str) -> str:
    """Why this role cannot be taken from this person, or "" if it can."""
    if not user.groups.filter(name=role).exists():
        return f"{user.email} is not {StaffRole(role).with_article}."
    if role == PROGRAMME_LEADS and not (
        User.objects.filter(groups__name=PROGRAMME_LEADS).exclude(pk=user.pk).exists()
    ):
        return (
            f"{user.email} is the only programme lead. Give someone else the programme lead "
            "role first: someone must be able to give staff roles."
        )
    return ""


def staff_invitation_next_allowed_at(*, email: str, now: datetime) -> datetime | None:
    """When the next invitation to this address may go, if it may not go now."""
    interval = timedelta(minutes=settings.ELLW_STAFF_INVITATION_INTERVAL_MINUTES)
    last = (
        StaffRoleChange.objects.filter(
            email=email.lower(), action=StaffRoleAction.INVITED, changed_at__gt=now - interval
        )
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    return last + interval if last else None


def sessions_past_retention(now: datetime) -> QuerySet:
    """Sessions (Django's, in the database) that expired at least ELLW_RETENTION_SESSION_DAYS
    ago: nobody can use them any more."""
    from django.contrib.sessions.models import Session

    cutoff = now - timedelta(days=settings.ELLW_RETENTION_SESSION_DAYS)
    return Session.objects.filter(expire_date__lte=cutoff)
