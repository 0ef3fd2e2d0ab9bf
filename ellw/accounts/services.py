"""Writes for accounts: giving people staff roles, taking them away, inviting new staff; ending
a person's other sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ellw.mail.services import email_queue

from . import selectors
from .enums import StaffRole, StaffRoleAction
from .models import StaffRoleChange, User
from .roles import STAFF_ROLES


class StaffRoleError(Exception):
    """A role change the rules refuse; the message says why, in words for the page."""


@transaction.atomic
def staff_role_grant(
    *,
    user: User,
    role: str,
    changed_by: User | None = None,
    action: StaffRoleAction = StaffRoleAction.GRANTED,
) -> User:
    """Put the user in a staff role group and record it. Staff roles may use the admin, so
    is_staff is set. `changed_by` is None when the system does it (demo data, set-up)."""
    if role not in STAFF_ROLES:
        raise ValueError(f"Unknown staff role: {role}")
    _staff_role_add(user=user, role=role, changed_by=changed_by, action=action)
    return user


@transaction.atomic
def staff_member_add(
    *, email: str, role: str, changed_by: User, full_name: str = "", now: datetime | None = None
) -> StaffRoleChange:
    """Give the person at `email` a staff role, e-mailing them.

    Someone who can already log in with this (confirmed) address gets the role and an e-mail
    saying so. Anyone else gets an invitation: an account is created if there is none, with
    no usable password and the address marked confirmed (only its owner can follow the link),
    and the e-mail carries allauth's own password-reset link to choose a password. An
    unconfirmed account's password is made unusable too: whoever signed up with an address
    they do not own cannot take the role. Invitations to one address are at most one per
    ELLW_STAFF_INVITATION_INTERVAL_MINUTES. Raises StaffRoleError, having changed nothing.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    if role not in STAFF_ROLES:
        raise ValueError(f"Unknown staff role: {role}")
    user = _user_for_email_locked(email)
    if user is not None and not user.is_active:
        raise StaffRoleError(
            f"The account for {email} is switched off, so it cannot be given a role."
        )
    if user is not None and user.has_usable_password() and _address_confirmed(user, email):
        if user.groups.filter(name=role).exists():
            raise StaffRoleError(f"{email} is already {StaffRole(role).with_article}")
        change = _staff_role_add(
            user=user, role=role, changed_by=changed_by, action=StaffRoleAction.GRANTED
        )
        email_queue(
            to=email,
            template="staff_role_granted",
            context={
                "person": user,
                "role": StaffRole(role),
                "changed_by": changed_by,
                "staff_url": settings.SITE_URL + reverse("staff:dashboard"),
            },
        )
        return change

    next_invitation_at = selectors.staff_invitation_next_allowed_at(email=email, now=now)
    if next_invitation_at is not None:
        raise StaffRoleError(
            f"We sent an invitation to {email} less than "
            f"{settings.ELLW_STAFF_INVITATION_INTERVAL_MINUTES} minutes ago. You can send "
            f"another after {date_format(timezone.localtime(next_invitation_at), 'H:i')}."
        )
    if user is None:
        user = _user_create_for_invitation(email=email, full_name=full_name)
    else:
        # Any earlier invitation link, or a password set by someone who does not own the
        # address, stops working.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    _email_address_confirm(user=user, email=email)
    # Inviting someone who already holds the role (never set a password) sends a new link.
    change = _staff_role_add(
        user=user, role=role, changed_by=changed_by, action=StaffRoleAction.INVITED
    )
    _staff_invitation_send(user=user, email=email, role=role, changed_by=changed_by, now=now)
    return change


@transaction.atomic
def staff_role_remove(*, user: User, role: str, changed_by: User) -> StaffRoleChange:
    """Take a staff role away. The last programme lead keeps theirs (someone must be able to
    give roles). Raises StaffRoleError, having changed nothing."""
    if role not in STAFF_ROLES:
        raise ValueError(f"Unknown staff role: {role}")
    # One removal at a time per role, so two leads removing each other cannot leave none.
    group = Group.objects.select_for_update().get(name=role)
    problem = selectors.staff_role_removal_problem(user=user, role=role)
    if problem:
        raise StaffRoleError(problem)
    user.groups.remove(group)
    if (
        user.is_staff
        and not user.is_superuser
        and not user.groups.filter(name__in=STAFF_ROLES).exists()
    ):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return _staff_role_change_record(
        user=user, role=role, action=StaffRoleAction.REMOVED, changed_by=changed_by
    )


def _staff_role_add(
    *, user: User, role: str, changed_by: User | None, action: StaffRoleAction
) -> StaffRoleChange:
    user.groups.add(Group.objects.get(name=role))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return _staff_role_change_record(user=user, role=role, action=action, changed_by=changed_by)


def _staff_role_change_record(
    *, user: User, role: str, action: StaffRoleAction, changed_by: User | None
) -> StaffRoleChange:
    return StaffRoleChange.objects.create(
        user=user, email=user.email, role=role, action=action, changed_by=changed_by
    )


def _user_for_email_locked(email: str) -> User | None:
    """The account that holds this address (as its login or a confirmed extra address),
    locked so two leads adding the same person queue up."""
    owner_ids = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    user = User.objects.select_for_update().filter(pk__in=owner_ids).first()
    if user is None:
        user = User.objects.select_for_update().filter(email__iexact=email).first()
    return user


def _address_confirmed(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _user_create_for_invitation(*, email: str, full_name: str) -> User:
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=None, full_name=full_name)
    except IntegrityError:
        # Someone created it between our look-up and now (another lead, or a sign-up).
        raise StaffRoleError(
            f"An account for {email} was created a moment ago. Try again."
        ) from None


def _email_address_confirm(*, user: User, email: str) -> None:
    """Only the address's owner can follow the invitation, so the address counts as confirmed;
    it becomes the login address."""
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        address = EmailAddress(email=email)
    address.user = user  # set_as_primary saves this very object's e-mail
    address.verified = True
    address.save()
    address.set_as_primary()


def _staff_invitation_send(
    *, user: User, email: str, role: str, changed_by: User, now: datetime
) -> None:
    # allauth's own reset link: the key is bound to the password hash, so it works once,
    # and for PASSWORD_RESET_TIMEOUT, exactly as a "forgotten password" link does.
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    email_queue(
        to=email,
        template="staff_invitation",
        context={
            "person": user,
            "role": StaffRole(role),
            "changed_by": changed_by,
            "set_password_url": settings.SITE_URL + path,
            "link_expires_at": now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
            "login_url": settings.SITE_URL + reverse("account_login"),
            "reset_url": settings.SITE_URL + reverse("account_reset_password"),
        },
    )


def user_other_sessions_end(*, user: User, request: HttpRequest | None = None) -> bool:
    """Sign the person out of every session but this request's own; True when the request is
    theirs (its session stays signed in). Each other session ends at its next request,
    whatever the session store, as Django ends them after a change of password."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    if request is None or not request.user.is_authenticated or request.user.pk != user.pk:
        return False
    request.user.session_generation = user.session_generation
    update_session_auth_hash(request, request.user)
    return True


def sessions_delete_past_retention(now: datetime) -> int:
    """Delete expired sessions past their retention (what `clearsessions` does, counted)."""
    deleted, _ = selectors.sessions_past_retention(now).delete()
    return deleted
