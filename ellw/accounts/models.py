"""The custom user: e-mail is the login. Roles are Django groups (see ellw.accounts.roles)."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .enums import StaffRole, StaffRoleAction
from .rules import session_passed_mfa


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField("full name", max_length=200, blank=True)
    # Part of the session hash (as the password is): raising it ends every session of this
    # person but the one that raised it (ellw.accounts.services.user_other_sessions_end).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        # Case-insensitive look-ups by address (iexact is UPPER(email) = UPPER(%s)).
        indexes = [models.Index(Upper("email"), name="user_email_upper")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django ends a session whose stored hash no longer matches (as after a change of
        password); mixing the generation in makes raising it do the same. (Django's
        get_session_auth_hash and its SECRET_KEY_FALLBACKS variant both call this.)
        Generation 0 keeps Django's own hash, so sessions from before it stay signed in."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "ellw.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def has_perm(self, perm: str, obj=None) -> bool:
        # Django lets an active superuser (and model permissions) pass any check before the
        # rules are asked. Those are staff powers: without a session that passed MFA only
        # the rules speak, and they give staff powers only with MFA (ellw.accounts.rules).
        if not session_passed_mfa(self):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return session_passed_mfa(self) and super().has_module_perms(app_label)


class StaffRoleChange(models.Model):
    """Who gave or removed a staff role, to whom and when; shown on the staff people page.

    The address is kept as it was, so the record still reads if the account goes.
    """

    user = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="staff_role_changes"
    )
    email = models.EmailField("e-mail address", max_length=254)
    role = models.CharField(max_length=50, choices=StaffRole.choices)
    action = models.CharField(max_length=10, choices=StaffRoleAction.choices)
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["-changed_at", "-id"], name="staffrolechange_recent"),
            models.Index(fields=["email", "action", "changed_at"], name="staffrolechange_email"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.get_role_display()}, {self.email}"
