"""Writes for accounts: giving people staff roles."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import STAFF_ROLES


@transaction.atomic
def staff_role_grant(*, user: User, role: str) -> User:
    """Put the user in a staff role group. Staff roles may use the admin, so is_staff is set."""
    if role not in STAFF_ROLES:
        raise ValueError(f"Unknown staff role: {role}")
    user.groups.add(Group.objects.get(name=role))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user
