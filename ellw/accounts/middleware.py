"""Sends staff without multi-factor authentication to set it up before any staff page."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from .selectors import user_must_set_up_mfa


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.ELLW_STAFF_PATH_PREFIXES) and user_must_set_up_mfa(
            request.user
        ):
            messages.info(
                request,
                "Set up an authenticator app before you use staff pages. "
                "Staff pages hold applicants' personal data.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
