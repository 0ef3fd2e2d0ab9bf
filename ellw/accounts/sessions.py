"""Staff sessions: they end when the browser closes ("Keep me logged in" never applies to
them) and after ELLW_STAFF_IDLE_MINUTES without a request. The last request's time is kept
in the session; StaffIdleTimeoutMiddleware signs the person out when it is older, and
`session_activity_record` is what every request, and the warning's "Stay signed in", calls.
Link workers' sessions are left as they are."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .rules import must_use_mfa

LAST_ACTIVITY_KEY = "ellw_last_activity"
# A request refreshes the stored time at most this often, so a page's many requests do not
# each write the session; the ping always writes it.
ACTIVITY_WRITE_SECONDS = 60


def is_staff_session(user) -> bool:
    """Sessions held to the staff rules: anyone with a staff role, or admin access."""
    return user.is_authenticated and must_use_mfa(user)


def session_idle_seconds(request: HttpRequest) -> float | None:
    """Seconds since this session's last recorded request (None: nothing recorded yet)."""
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return None
    return timezone.now().timestamp() - float(last)


def session_is_idle_too_long(request: HttpRequest) -> bool:
    idle = session_idle_seconds(request)
    return idle is not None and idle >= settings.ELLW_STAFF_IDLE_MINUTES * 60


def session_activity_record(request: HttpRequest, *, always: bool = False) -> None:
    idle = session_idle_seconds(request)
    if always or idle is None or idle >= ACTIVITY_WRITE_SECONDS:
        request.session[LAST_ACTIVITY_KEY] = timezone.now().timestamp()


def staff_session_start(sender, request, user, **kwargs) -> None:
    """At log-in, however it happens (password, code, confirming an address, a new password:
    every login() sends user_logged_in): a staff session lasts until the browser closes, and
    its idle clock starts now, so its first page does not have to write the session. (The
    log-in form sets the expiry again after allauth applies "Keep me logged in".)
    Connected to django.contrib.auth's user_logged_in."""
    if request is not None and hasattr(request, "session") and is_staff_session(user):
        request.session.set_expiry(0)
        session_activity_record(request, always=True)
