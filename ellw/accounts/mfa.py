"""allauth MFA hooks: secrets encrypted at rest, and which sessions count as having passed MFA."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages

from ellw import crypto

from .rules import SESSION_PASSED_MFA_ATTRIBUTE, must_use_mfa
from .selectors import session_has_mfa_record


def session_mfa_mark(*, request, user) -> None:
    """Mark `user` (the request's signed-in person) with whether this session passed MFA;
    ellw.accounts.rules.session_passed_mfa reads the mark."""
    if user.is_authenticated:
        setattr(user, SESSION_PASSED_MFA_ATTRIBUTE, session_has_mfa_record(request, user))


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (ellw.crypto): a database
    dump alone gives no working second factor."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff keep their authenticator: turning it off would leave this session's MFA
        record standing and the next log-in without a second factor."""
        return not (settings.ELLW_STAFF_MFA_REQUIRED and must_use_mfa(authenticator.user))


def record_mfa_on_totp_activation(sender, request, user, authenticator, **kwargs) -> None:
    """allauth records an MFA authentication when a code is used to log in or re-authenticate,
    not when one activates TOTP. Activating needs the password again and a valid code from
    the new authenticator, which proves the same possession, so record it: staff who set MFA
    up after a password-only log-in go straight on to staff pages, not through a second code.
    (Connected to allauth.mfa.signals.authenticator_added, sent once the row is committed.)"""
    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    if request.user.is_authenticated and request.user.pk == user.pk:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
        )
        session_mfa_mark(request=request, user=request.user)


def mark_user_on_log_in(sender, request, user, **kwargs) -> None:
    """`login()` replaces request.user with an unmarked object; mark it at once, so the rest
    of the log-in request sees the same staff powers as the next request."""
    if request is not None and hasattr(request, "session"):
        session_mfa_mark(request=request, user=user)


def end_other_sessions_on_authenticator_change(sender, request, user, **kwargs) -> None:
    """Setting up, turning off or renewing an authenticator (TOTP, recovery codes) signs the
    person out everywhere else: a session opened with the password alone, before there was
    a second factor, must not outlive it. (Connected to allauth.mfa's authenticator_added,
    authenticator_removed and authenticator_reset.)"""
    from .services import user_other_sessions_end

    if user_other_sessions_end(user=user, request=request):
        messages.info(
            request, "You were signed out of this account in every other browser and device."
        )
