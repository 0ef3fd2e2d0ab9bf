"""What the trail records without a service asking: staff log-ins, failed log-ins and wrong
authenticator codes, staff authenticators set up, turned off or renewed, and changes to
staff roles and account flags however they are made (the people page, the admin, the
shell), through auditlog's model registration. "Staff" is anyone who must use MFA (a staff
role, or admin access): the same people the middleware names as actors."""

from __future__ import annotations

from allauth.mfa import signals as mfa_signals
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from ellw.accounts.rules import must_use_mfa
from ellw.accounts.selectors import account_with_email

from .enums import AuditEvent
from .services import audit_record

AUTHENTICATOR_EVENTS = {
    mfa_signals.authenticator_added: AuditEvent.AUTHENTICATOR_ADDED,
    mfa_signals.authenticator_removed: AuditEvent.AUTHENTICATOR_REMOVED,
    mfa_signals.authenticator_reset: AuditEvent.AUTHENTICATOR_RESET,
}


def _staff_logged_in(sender, request, user, **kwargs) -> None:
    if must_use_mfa(user):
        audit_record(event=AuditEvent.STAFF_LOGGED_IN, target=user, actor=user)


def _staff_login_failed(sender, credentials, request=None, **kwargs) -> None:
    email = (credentials or {}).get("email") or (credentials or {}).get("username")
    if not isinstance(email, str) or not email:
        return
    user = account_with_email(email[:254])
    # Failed log-ins to other accounts, or to addresses with no account, are not staff
    # actions; allauth's rate limits deal with those.
    if user is not None and must_use_mfa(user):
        audit_record(event=AuditEvent.STAFF_LOGIN_FAILED, target=user)


def _staff_code_failed(sender, request, user, **kwargs) -> None:
    if must_use_mfa(user):
        audit_record(event=AuditEvent.STAFF_CODE_FAILED, target=user)


def _authenticator_changed(sender, signal, request, user, authenticator, **kwargs) -> None:
    if must_use_mfa(user):
        audit_record(
            event=AUTHENTICATOR_EVENTS[signal],
            target=user,
            actor=user,
            details={"type": authenticator.type},
        )


def connect() -> None:
    for signal in AUTHENTICATOR_EVENTS:
        signal.connect(_authenticator_changed, dispatch_uid="audit_authenticator_changed")
    mfa_signals.authentication_failed.connect(
        _staff_code_failed, dispatch_uid="audit_staff_code_failed"
    )
    user_logged_in.connect(_staff_logged_in, dispatch_uid="audit_staff_logged_in")
    user_login_failed.connect(_staff_login_failed, dispatch_uid="audit_staff_login_failed")
    auditlog.register(
        get_user_model(),
        include_fields=["is_active", "is_staff", "is_superuser"],
        m2m_fields={"groups"},
    )
