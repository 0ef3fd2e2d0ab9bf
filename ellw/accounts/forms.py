"""allauth's forms in the service's words: plain labels, no placeholders standing in for labels,
every field capped with the cap in the message; and the staff people page's form."""

from __future__ import annotations

from allauth.account.forms import (
    AddEmailForm,
    ChangePasswordForm,
    LoginForm,
    ReauthenticateForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SetPasswordForm,
    SignupForm,
)
from allauth.mfa.base.forms import AuthenticateForm as MFAAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MFAReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.conf import settings

from ellw.forms import CappedForm, cap_text_field

from .enums import StaffRole
from .sessions import is_staff_session

# A new password longer than this is refused (hashing a megabyte costs real time); one typed
# to log in may be longer, so a password set before the cap still works.
NEW_PASSWORD_MAX_CHARS = 128
PASSWORD_MAX_CHARS = 1000
FULL_NAME_MAX_CHARS = 200


def _field(form, name: str, label: str, *, required: str, max_chars: int, help_text=None):
    field = form.fields[name]
    field.label = label
    field.widget.attrs.pop("placeholder", None)
    field.error_messages["required"] = required
    field.max_length = max_chars
    field.widget.attrs["maxlength"] = str(max_chars)
    cap_text_field(field, label)
    if help_text is not None:
        field.help_text = help_text
    return field


def _email(form, name: str = "email", label: str = "E-mail address", help_text=None) -> None:
    field = _field(
        form,
        name,
        label,
        required=f"Enter your {label.lower()}",
        max_chars=settings.ELLW_EMAIL_MAX_LENGTH,
        help_text=help_text,
    )
    field.error_messages["invalid"] = (
        "Enter an e-mail address in the correct format, like name@example.nhs.uk"
    )


def _new_password(form, name: str, label: str, required: str, help_text=None) -> None:
    _field(
        form, name, label, required=required, max_chars=NEW_PASSWORD_MAX_CHARS, help_text=help_text
    )


def _password(form, name: str, label: str, required: str) -> None:
    # allauth's "Forgot your password?" help is a link inside the hint; the pages link to it.
    _field(form, name, label, required=required, max_chars=PASSWORD_MAX_CHARS, help_text="")


NEW_PASSWORD_HINT = (
    "At least 8 characters. Not a common password, not all numbers, and not like your "
    "e-mail address."
)


class EllwSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email(form=self, help_text="Use your work e-mail address. We will send you a link.")
        _new_password(self, "password1", "Password", "Enter a password", NEW_PASSWORD_HINT)
        _new_password(self, "password2", "Confirm password", "Enter the password again")


class EllwLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email(self, "login")
        _password(self, "password", "Password", "Enter your password")
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"
            self.fields[
                "remember"
            ].help_text = (
                "Not for staff accounts: they are always logged out when the browser closes."
            )

    def login(self, request, redirect_url=None):
        # allauth applies "Keep me logged in" after the log-in itself (and, for staff with an
        # authenticator, before the code is entered): staff sessions end with the browser
        # whatever was ticked.
        response = super().login(request, redirect_url)
        if is_staff_session(self.user):
            request.session.set_expiry(0)
        return response


class EllwResetPasswordForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email(self, help_text="The address you log in with.")


class EllwAddEmailForm(AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email(self, label="New e-mail address", help_text="We will send a link to confirm it.")


class EllwChangePasswordForm(ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password(self, "oldpassword", "Current password", "Enter your current password")
        _new_password(self, "password1", "New password", "Enter a new password", NEW_PASSWORD_HINT)
        _new_password(self, "password2", "Confirm new password", "Enter the new password again")


class EllwSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password(self, "password1", "Password", "Enter a password", NEW_PASSWORD_HINT)
        _new_password(self, "password2", "Confirm password", "Enter the password again")


class EllwResetPasswordKeyForm(ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password(self, "password1", "New password", "Enter a new password", NEW_PASSWORD_HINT)
        _new_password(self, "password2", "Confirm new password", "Enter the new password again")


class EllwReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password(self, "password", "Password", "Enter your password")


# --- MFA (allauth.mfa): the code from the authenticator app --------------------------------

CODE_HINT = "The 6-digit code your authenticator app shows now, or one of your recovery codes."


def _code(form, help_text: str = CODE_HINT) -> None:
    _field(
        form,
        "code",
        "Code",
        required="Enter the code from your authenticator app",
        max_chars=100,
        help_text=help_text,
    )


class EllwMFAAuthenticateForm(MFAAuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code(self)


class EllwMFAReauthenticateForm(MFAReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code(self)


class EllwActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code(self, help_text="The 6-digit code your authenticator app shows for ELLW Cohorts.")


# --- the staff people page -----------------------------------------------------------------


class StaffRoleGrantForm(CappedForm):
    char_limit_labels = {"full_name": "Full name"}

    email = forms.EmailField(
        label="E-mail address",
        help_text="Their work e-mail address. If they have no account, we invite them to make one.",
        max_length=settings.ELLW_EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.nhs.uk",
        },
    )
    full_name = forms.CharField(
        label="Full name (optional)",
        help_text="Used in the invitation if they have no account yet.",
        required=False,
        max_length=FULL_NAME_MAX_CHARS,
    )
    role = forms.ChoiceField(
        label="Role",
        help_text=(
            "SP managers review applications and decide on them. Programme leads can also set "
            "up cohorts and give staff roles."
        ),
        choices=StaffRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose SP manager or programme lead",
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()


class StaffRoleRemoveForm(forms.Form):
    """No fields: it carries the refusal to the error summary."""
