"""Marks the signed-in user with whether this session passed MFA (the staff-power predicates
read the mark), walks staff who cannot pass it yet to the page where they can, and ends
staff sessions left idle too long."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import get_user
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .decorators import mfa_reauthenticate_redirect
from .mfa import session_mfa_mark
from .rules import must_use_mfa, session_passed_mfa
from .selectors import user_must_set_up_mfa
from .sessions import is_staff_session, session_activity_record, session_is_idle_too_long


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


class StaffIdleTimeoutMiddleware:
    """After AuthenticationMiddleware. A staff session whose last request was
    ELLW_STAFF_IDLE_MINUTES or more ago is signed out here, on the server, whatever the
    browser does; the person is shown why, with a way to sign in again. Otherwise the
    request counts as activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_staff_session(request.user):
            if session_is_idle_too_long(request):
                logout(request)
                return redirect("signed_out_idle")
            # The page a tab's timer opens is not activity: it must not keep the session.
            if request.path != reverse("signed_out_idle"):
                session_activity_record(request)
        return self.get_response(request)
