"""allauth's pages that set up, turn off or show an authenticator, at allauth's own addresses
and names (so its templates and redirects still find them), each behind
accounts.change_authenticators. Included before allauth's URLs, which they shadow."""

from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from django.urls import path

from ellw.accounts.decorators import authenticator_change_required as guard

urlpatterns = [
    path("totp/activate/", guard(totp.activate_totp), name="mfa_activate_totp"),
    path("totp/deactivate/", guard(totp.deactivate_totp), name="mfa_deactivate_totp"),
    path(
        "recovery-codes/", guard(recovery_codes.view_recovery_codes), name="mfa_view_recovery_codes"
    ),
    path(
        "recovery-codes/generate/",
        guard(recovery_codes.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "recovery-codes/download/",
        guard(recovery_codes.download_recovery_codes),
        name="mfa_download_recovery_codes",
    ),
]
