"""Reads for accounts."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from .models import User


def user_must_set_up_mfa(user: User) -> bool:
    """A staff member without an authenticator may not reach staff pages (unless turned off)."""
    if not settings.ELLW_STAFF_MFA_REQUIRED or not user.is_authenticated:
        return False
    if not user.has_perm("accounts.access_staff_area"):
        return False
    return not is_mfa_enabled(user)
