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


def connect() -> None:
    user_logged_in.connect(_staff_logged_in, dispatch_uid="audit_staff_logged_in")
    user_login_failed.connect(_staff_login_failed, dispatch_uid="audit_staff_login_failed")
    auditlog.register(
        get_user_model(),
        include_fields=["is_active", "is_staff", "is_superuser"],
        m2m_fields={"groups"},
    )
