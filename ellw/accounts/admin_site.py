"""The admin site: staff whose session passed MFA only, and log-in through allauth (with its
MFA step), never the admin's own password-only form."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from rules import has_perm


class AdminSite(admin.AdminSite):
    site_header = "ELLW Cohorts administration"
    site_title = "ELLW Cohorts"

    def has_permission(self, request) -> bool:
        # The rule itself, not user.has_perm: Django lets an active superuser pass any
        # has_perm, and a superuser is no exception to MFA.
        return has_perm("accounts.use_admin", request.user)

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)
