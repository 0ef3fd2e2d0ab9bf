"""View decorators: anonymous people go to log in; signed-in people lacking the permission, 403
(or, where a code from their authenticator would give it, a page to enter one)."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

import rules
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from rules.contrib.views import permission_required as rules_permission_required

CHANGE_AUTHENTICATORS = "accounts.change_authenticators"


def permission_required(perm: str, fn: Callable | None = None) -> Callable:
    def decorator(view: Callable) -> Callable:
        return login_required(rules_permission_required(perm, fn=fn, raise_exception=True)(view))

    return decorator


def mfa_reauthenticate_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Ask for a code from the person's authenticator, then come back to this page."""
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")


def authenticator_change_required(view: Callable) -> Callable:
    """allauth's authenticator pages, behind accounts.change_authenticators. (rules.has_perm,
    not user.has_perm: Django lets an active superuser pass any user.has_perm.)"""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if not rules.has_perm(CHANGE_AUTHENTICATORS, request.user):
            return mfa_reauthenticate_redirect(request)
        return view(request, *args, **kwargs)

    guarded.ellw_guard = CHANGE_AUTHENTICATORS
    return guarded
