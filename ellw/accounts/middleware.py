"""Marks the signed-in user with whether this session passed MFA (the staff-power predicates
read the mark), and walks staff who cannot pass it yet to the page where they can."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import get_user
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from .decorators import mfa_reauthenticate_redirect
from .mfa import session_mfa_mark
from .rules import must_use_mfa, session_passed_mfa
from .selectors import user_must_set_up_mfa


def _marked_user(request):
    user = get_user(request)  # AuthenticationMiddleware's loader, cached on the request
    session_mfa_mark(request=request, user=user)
    return user


class StaffMFAMiddleware:
    """After AuthenticationMiddleware. Staff powers themselves are refused by the predicates
    in ellw.accounts.rules; on staff pages this only turns the refusal into a way forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _marked_user(request))
        if request.path.startswith(settings.ELLW_STAFF_PATH_PREFIXES):
            response = self._way_forward(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _way_forward(self, request):
        user = request.user
        if not user.is_authenticated or session_passed_mfa(user) or not must_use_mfa(user):
            return None
        if user_must_set_up_mfa(user):
            messages.info(
                request,
                "Set up an authenticator app before you use staff pages. "
                "Staff pages hold applicants' personal data.",
            )
            return redirect("mfa_activate_totp")
        # Has an authenticator, but this session did not use it: ask for a code.
        return mfa_reauthenticate_redirect(request)
