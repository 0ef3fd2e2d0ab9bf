"""allauth hooks: its e-mails go through our outbox like every other e-mail, name the service,
and carry the page the person was going to; its messages are in the service's words."""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from ellw.mail.services import email_queue_message
from ellw.text import max_chars_message

from .rules import has_staff_role


@dataclass(frozen=True)
class ServiceSite:
    """What allauth's templates read as `current_site`: our name, SITE_URL's host. (Without
    django.contrib.sites allauth would name the site after the request's Host header.)"""

    name: str
    domain: str


def service_site() -> ServiceSite:
    return ServiceSite(name=settings.ELLW_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account is switched off. Contact the programme team.",
        "cannot_remove_primary_email": (
            "You cannot remove the address you log in with. Make another address the one you "
            "log in with first."
        ),
        "duplicate_email": "This e-mail address is already on your account",
        "email_password_mismatch": "The e-mail address or password is not right",
        "email_taken": "An account with this e-mail address already exists",
        "enter_current_password": "Enter your current password",
        "incorrect_password": "The password is not right",
        "invalid_password_reset": "This link to choose a password has expired or was used",
        "max_email_addresses": "You cannot add more than %d e-mail addresses",
        "too_many_login_attempts": (
            "Too many failed attempts to log in. Wait a few minutes, then try again, or "
            "reset your password."
        ),
        "unknown_email": "There is no account with this e-mail address",
        "unverified_primary_email": "Confirm the address you log in with first",
        "same_as_current": "Enter an address different from your current one",
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {
            "current_site": service_site(),
            "site_url": settings.SITE_URL,
            "email": email,
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        email_queue_message(message=message, template=template_prefix)

    def clean_email(self, email: str) -> str:
        # allauth cuts an address to the column's length when it saves it, which turned a
        # long one into a different, invalid address: refuse it instead, wherever typed.
        cap = settings.ELLW_EMAIL_MAX_LENGTH
        if len(email) > cap:
            raise ValidationError(max_chars_message("E-mail address", cap, len(email)))
        return super().clean_email(email)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The link carries the page the person was going to (for example the apply form),
        so confirming in another browser still leads there, after logging in. (In the same
        browser allauth signs them in and sends them there itself.)"""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = get_next_redirect_url(request) if request is not None else None
        if next_url:
            url = f"{url}?{urlencode({'next': next_url})}"
        return url

    def get_login_redirect_url(self, request) -> str:
        # By role, not by staff powers: staff who have not set MFA up yet go to the staff
        # dashboard too, which sends them to set it up (ellw.accounts.middleware).
        if has_staff_role(request.user):
            return reverse("staff:dashboard")
        return super().get_login_redirect_url(request)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """An account with an authenticator re-authenticates with it, never with the password
        alone: the password is what the second factor is there to back up. (allauth would
        offer the password first, and its MFA pages accept any recent re-authentication.)"""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and is_mfa_enabled(user):
            return [method for method in methods if method["id"].startswith("mfa_")]
        return methods
