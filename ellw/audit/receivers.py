"""What the trail records without a service asking: staff log-ins and failed log-ins, and
changes to staff roles and account flags however they are made (the people page, the
admin, the shell), through auditlog's model registration."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed


def _staff_logged_in(sender, request, user, **kwargs) -> None:
    from ellw.accounts.rules import has_staff_role

    from .enums import AuditEvent
    from .services import audit_record

    if has_staff_role(user):
        audit_record(event=AuditEvent.STAFF_LOGGED_IN, target=user, actor=user)


def _staff_login_failed(sender, credentials, request=None, **kwargs) -> None:
    from ellw.accounts.rules import has_staff_role

    from .enums import AuditEvent
    from .services import audit_record

    email = (credentials or {}).get("email") or (credentials or {}).get("username")
    if not isinstance(email, str) or not email:
        return
    user = get_user_model().objects.filter(email__iexact=email[:254]).first()
    # Failed log-ins to other accounts, or to addresses with no account, are not staff
    # actions; allauth's rate limits deal with those.
    if user is not None and has_staff_role(user):
        audit_record(event=AuditEvent.STAFF_LOGIN_FAILED, target=user)


AUTHENTICATOR_EVENTS = {
    "authenticator_added": "AUTHENTICATOR_ADDED",
    "authenticator_removed": "AUTHENTICATOR_REMOVED",
    "authenticator_reset": "AUTHENTICATOR_RESET",
}


def _authenticator_changed(signal_name: str):
    def receiver(sender, request, user, authenticator, **kwargs) -> None:
        from ellw.accounts.rules import must_use_mfa

        from .enums import AuditEvent
        from .services import audit_record

        if must_use_mfa(user):
            audit_record(
                event=getattr(AuditEvent, AUTHENTICATOR_EVENTS[signal_name]),
                target=user,
                actor=user,
                details={"type": authenticator.type},
            )

    return receiver


def _staff_code_failed(sender, request, user, **kwargs) -> None:
    from ellw.accounts.rules import must_use_mfa

    from .enums import AuditEvent
    from .services import audit_record

    if must_use_mfa(user):
        audit_record(event=AuditEvent.STAFF_CODE_FAILED, target=user)


def connect() -> None:
    from allauth.mfa import signals as mfa_signals

    for name in AUTHENTICATOR_EVENTS:
        getattr(mfa_signals, name).connect(
            _authenticator_changed(name), dispatch_uid=f"audit_{name}", weak=False
        )
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
