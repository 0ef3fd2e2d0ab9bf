from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "ellw.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import (
            authenticator_added,
            authenticator_removed,
            authenticator_reset,
        )
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the system checks)
        from .mfa import (
            end_other_sessions_on_authenticator_change,
            mark_user_on_log_in,
            record_mfa_on_totp_activation,
        )
        from .sessions import staff_session_start

        authenticator_added.connect(record_mfa_on_totp_activation, dispatch_uid="ellw.mfa")
        for change in (authenticator_added, authenticator_removed, authenticator_reset):
            change.connect(end_other_sessions_on_authenticator_change, dispatch_uid="ellw.sessions")
        user_logged_in.connect(mark_user_on_log_in, dispatch_uid="ellw.mfa")
        user_logged_in.connect(staff_session_start, dispatch_uid="ellw.sessions")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site: only staff whose session passed MFA get in."""

    default = False
    default_site = "ellw.accounts.admin_site.AdminSite"
