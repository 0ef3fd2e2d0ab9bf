"""Staff sessions for tests: an authenticator, a current TOTP code, a session that passed MFA.

`log_in_with_mfa(client, user)` is `client.force_login(user)` plus the record allauth keeps
in the session when a code is entered at log-in; staff powers need both.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import RequestFactory


def totp_activate(user) -> str:
    """Give the user a TOTP authenticator, stored as allauth stores it; return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, periods_from_now: int = 0) -> str:
    """The code an authenticator app would show now (or that many periods away)."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD + periods_from_now
    return format_hotp_value(hotp_value(secret, counter))


def log_in_with_mfa(client, user) -> None:
    """Sign the user in with a session that passed MFA (adding an authenticator if none)."""
    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        totp_activate(user)
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
