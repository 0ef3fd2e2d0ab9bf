"""Account pages and e-mails in the service's words; signing up on the way to apply; the cap on
e-mail addresses."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlencode

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client, RequestFactory
from django.urls import reverse

from ellw.accounts.models import User
from ellw.mail.models import OutboundEmail
from tests.factories import PASSWORD, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db

# Sentences from allauth's own templates that must never reach a page or an e-mail.
STOCK_PHRASES = [
    "Hello from",
    "Thank you for using",
    "Make Primary",
    "Please Confirm Your Email Address",
    "is an email address for user",
    "Re-send Verification",
    "Sign In",
    "Sign Out",
    "Email Addresses",
    "Password Reset",
    "Two-Factor Authentication",
    "Authenticator App",
    "Bad Token",
    "You're receiving this",
    "You are receiving this",
    "Please reauthenticate",
    "example.com",
]

LONG_EMAIL = "a" * 60 + "." + "b" * 60 + "@" + ("c" * 60 + ".") * 3 + "nhs.uk"  # 311 characters
CAP_MESSAGE = "E-mail address must be 254 characters or fewer (you have 311)"


def _assert_no_stock_text(text: str, where: str) -> None:
    found = [phrase for phrase in STOCK_PHRASES if phrase in text]
    assert found == [], f"{where}: {found}"


def _fresh_session(client, user: User, *methods: str) -> None:
    """Logged in just now (allauth's record), so pages that ask for the password again don't."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": method, "at": time.time(), "email": user.email, "reauthenticated": True}
        for method in methods
    ]
    session.save()


def _confirmation_link(body: str) -> str:
    return re.search(r"http://testserver(/accounts/confirm-email/\S+)", body)[1]


# --- 3. after confirming an e-mail, signed in and back where they were going -------------------


def test_sign_up_on_the_way_to_apply_lands_signed_in_on_the_apply_form(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    apply_url = reverse("applications:apply", args=[cohort.slug])

    # Logged out, "Apply" asks them to log in; the log-in page offers to create an account.
    response = client.get(apply_url)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url == f"{reverse('account_login')}?next={apply_url}"
    signup_url = client.get(login_url).context["signup_url"]
    assert signup_url == f"{reverse('account_signup')}?{urlencode({'next': apply_url})}"
    page = client.get(signup_url)
    assert f'name="next" value="{apply_url}"'.encode() in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            signup_url,
            {
                "email": "new.worker@example.nhs.uk",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": apply_url,
            },
        )
    assert response["Location"] == reverse("account_email_verification_sent")
    [sent] = mailoutbox
    link = _confirmation_link(sent.body)
    assert link.endswith(f"?{urlencode({'next': apply_url})}")

    page = client.get(link)
    assert page.status_code == 200
    assert f'name="next" value="{apply_url}"'.encode() in page.content
    response = client.post(link.split("?")[0], {"next": apply_url}, follow=True)
    assert response.redirect_chain[-1] == (apply_url, 302)
    assert response.status_code == 200
    assert response.context["user"].email == "new.worker@example.nhs.uk"
    assert response.templates[0].name == "applications/drafting/form.html"


def test_confirming_in_another_browser_leads_to_log_in_then_the_apply_form(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    apply_url = reverse("applications:apply", args=[cohort.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{reverse('account_signup')}?next={apply_url}",
            {
                "email": "w@example.nhs.uk",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": apply_url,
            },
        )
    link = _confirmation_link(mailoutbox[0].body)

    other = Client()  # another browser: allauth does not sign in a session that did not sign up
    response = other.post(link.split("?")[0], {"next": apply_url}, follow=True)
    assert EmailAddress.objects.get(email="w@example.nhs.uk").verified is True
    assert response.context["user"].is_authenticated is False
    login_url = response.redirect_chain[-1][0]
    assert login_url == f"{reverse('account_login')}?next={apply_url}"
    response = other.post(
        login_url, {"login": "w@example.nhs.uk", "password": PASSWORD, "next": apply_url}
    )
    assert response["Location"] == apply_url


def test_confirmation_link_ignores_a_next_that_leaves_the_site(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "w@example.nhs.uk",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": "https://evil.example/",
            },
        )
    assert "next=" not in _confirmation_link(mailoutbox[0].body)


# --- 4. an e-mail address over 254 characters is refused, not cut short ------------------------


def test_sign_up_refuses_an_email_over_254_characters(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": LONG_EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [CAP_MESSAGE]
    assert CAP_MESSAGE.encode() in response.content
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_email_of_exactly_254_characters_is_accepted(client):
    email = "a" * 64 + "@" + "c" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".uk"
    assert len(email) == 254
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get().email == email


def test_password_reset_and_log_in_refuse_an_email_over_254_characters(client):
    response = client.post(reverse("account_reset_password"), {"email": LONG_EMAIL})
    assert response.context["form"].errors["email"] == [CAP_MESSAGE]
    response = client.post(reverse("account_login"), {"login": LONG_EMAIL, "password": PASSWORD})
    assert CAP_MESSAGE in response.context["form"].errors["login"]
    assert OutboundEmail.objects.count() == 0


def test_adding_an_email_over_254_characters_is_refused(client, link_worker):
    client.force_login(link_worker)
    response = client.post(reverse("account_email"), {"email": LONG_EMAIL, "action_add": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "New e-mail address must be 254 characters or fewer (you have 311)"
    ]
    assert EmailAddress.objects.filter(user=link_worker).count() == 1


def test_adapter_refuses_an_email_over_254_characters_wherever_it_comes_from():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        get_adapter().clean_email(LONG_EMAIL)
    assert raised.value.messages == [CAP_MESSAGE]


# --- 2. the service's words on every page -----------------------------------------------------


def _pages_for_anonymous(client, mailoutbox, capture) -> dict[str, str]:
    worker = UserFactory(email="reader@example.nhs.uk")
    pages = {}
    for name in [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_email_verification_sent",
    ]:
        pages[name] = client.get(reverse(name))
    unconfirmed = User.objects.create_user(email="unconfirmed@example.nhs.uk", password=PASSWORD)
    address = EmailAddress.objects.create(user=unconfirmed, email=unconfirmed.email)
    with capture(execute=True):
        address.send_confirmation(RequestFactory().get("/"), signup=True)
    link = _confirmation_link(mailoutbox[-1].body)
    pages["confirm e-mail"] = client.get(link)
    pages["confirm e-mail, bad key"] = client.get("/accounts/confirm-email/not-a-key/")
    key = f"{user_pk_to_url_str(worker)}-{default_token_generator.make_token(worker)}"
    response = client.get(
        reverse(
            "account_reset_password_from_key", args=[key.split("-", 1)[0], key.split("-", 1)[1]]
        )
    )
    pages["reset from key"] = client.get(response["Location"])
    pages["reset from key, bad key"] = client.get(
        reverse("account_reset_password_from_key", args=["1", "bad-key"])
    )
    return pages


def test_account_pages_for_visitors_are_in_the_services_words(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    pages = _pages_for_anonymous(client, mailoutbox, django_capture_on_commit_callbacks)
    for name, response in pages.items():
        assert response.status_code == 200, name
        _assert_no_stock_text(response.content.decode(), name)
    assert b"Confirm my e-mail address" in pages["confirm e-mail"].content
    assert b"This link has expired or was used" in pages["confirm e-mail, bad key"].content
    assert b"Choose a password" in pages["reset from key"].content
    assert b"This link has expired or was used" in pages["reset from key, bad key"].content


def test_account_pages_for_a_signed_in_person_are_in_the_services_words(client, link_worker):
    _fresh_session(client, link_worker, "password")
    pages = {
        name: client.get(reverse(name))
        for name in [
            "account_email",
            "account_change_password",
            "account_logout",
            "account_reauthenticate",
            "mfa_index",
            "mfa_activate_totp",
        ]
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        _assert_no_stock_text(response.content.decode(), name)
    email_page = pages["account_email"].content.decode()
    assert "Log in with this address" in email_page
    assert "Used to log in" in email_page
    assert "data-allauth-onload" not in email_page  # allauth's inline script, refused by CSP
    assert b"Set up an authenticator app" in pages["mfa_activate_totp"].content
    assert b"<svg" in pages["mfa_activate_totp"].content  # the QR code, no data: image
    assert b"<?xml" not in pages["mfa_activate_totp"].content


def test_password_set_page_is_in_the_services_words(client):
    invited = User.objects.create_user(email="invited@example.nhs.uk", password=None)
    EmailAddress.objects.create(user=invited, email=invited.email, verified=True, primary=True)
    _fresh_session(client, invited, "password_reset")
    response = client.get(reverse("account_set_password"))
    assert response.status_code == 200
    assert b"Choose a password" in response.content
    _assert_no_stock_text(response.content.decode(), "set password")


def test_mfa_pages_are_in_the_services_words(client, link_worker):
    TOTP.activate(link_worker, generate_totp_secret())
    RecoveryCodes.activate(link_worker)
    _fresh_session(client, link_worker, "password", "mfa")
    pages = {
        name: client.get(reverse(name))
        for name in [
            "mfa_index",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_reauthenticate",
        ]
    }
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": link_worker.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    pages["mfa_authenticate"] = client.get(reverse("mfa_authenticate"))
    for name, response in pages.items():
        assert response.status_code == 200, name
        _assert_no_stock_text(response.content.decode(), name)
    assert b"Enter the code from your authenticator app" in pages["mfa_authenticate"].content
    assert b"unused recovery codes" in pages["mfa_index"].content


def test_messages_after_account_actions_are_in_the_services_words(client, link_worker):
    response = client.post(
        reverse("account_login"), {"login": link_worker.email, "password": PASSWORD}, follow=True
    )
    assert f"You are logged in as {link_worker.email}.".encode() in response.content
    response = client.post(reverse("account_logout"), follow=True)
    assert b"You have logged out." in response.content


# --- 2. ... and in every e-mail -----------------------------------------------------------------


def _allauth_email_prefixes() -> list[str]:
    """Every account and MFA e-mail allauth can send with our settings (not the login-by-code,
    password-reset-by-code or security-key ones: those features are off)."""
    root = Path(allauth.__file__).parent / "templates"
    off = ("login_code", "password_reset_code", "webauthn", "base_")
    prefixes = sorted(
        str(path.relative_to(root)).removesuffix("_subject.txt")
        for app in ("account", "mfa")
        for path in root.glob(f"{app}/email/*_subject.txt")
    )
    return [p for p in prefixes if not any(p.split("/")[-1].startswith(o) for o in off)]


def test_the_list_of_allauth_emails_is_complete():
    assert _allauth_email_prefixes() == [
        "account/email/account_already_exists",
        "account/email/email_changed",
        "account/email/email_confirm",
        "account/email/email_confirmation",
        "account/email/email_confirmation_signup",
        "account/email/email_deleted",
        "account/email/password_changed",
        "account/email/password_reset",
        "account/email/password_reset_key",
        "account/email/password_set",
        "account/email/unknown_account",
        "mfa/email/recovery_codes_generated",
        "mfa/email/totp_activated",
        "mfa/email/totp_deactivated",
    ]


@pytest.mark.parametrize("prefix", _allauth_email_prefixes())
def test_every_account_email_is_in_the_services_words(
    prefix, link_worker, mailoutbox, django_capture_on_commit_callbacks, rf
):
    from allauth.core import context as allauth_context

    request = rf.get("/", HTTP_USER_AGENT="Firefox")
    request.user = link_worker
    context = {
        "user": link_worker,
        "activate_url": "http://testserver/accounts/confirm-email/KEY/",
        "password_reset_url": "http://testserver/accounts/password/reset/key/1-KEY/",
        "signup_url": "http://testserver/accounts/signup/",
        "from_email": "old@example.nhs.uk",
        "to_email": "new@example.nhs.uk",
        "deleted_email": "gone@example.nhs.uk",
        "timestamp": "2026-11-25 10:00",
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
    }
    with allauth_context.request_context(request), django_capture_on_commit_callbacks(execute=True):
        get_adapter(request).send_mail(prefix, link_worker.email, context)
    [sent] = mailoutbox
    html = sent.alternatives[0][0]
    for part, text in [("subject", sent.subject), ("text", sent.body), ("html", html)]:
        _assert_no_stock_text(text, f"{prefix} {part}")
    assert "ELLW Cohorts" in sent.subject
    assert sent.body.startswith("Hello,")
    assert "ellw.programme@example.nhs.uk" in sent.body
    assert "NHS &middot; ELLW Cohorts" in html


def test_allauth_emails_name_the_site_as_the_service(
    link_worker, mailoutbox, django_capture_on_commit_callbacks, rf, settings
):
    from allauth.core import context as allauth_context

    settings.SITE_URL = "https://ellw.example.nhs.uk"
    request = rf.get("/", HTTP_HOST="attacker.example")
    with allauth_context.request_context(request), django_capture_on_commit_callbacks(execute=True):
        get_adapter(request).send_mail("account_tests/site_name", link_worker.email, {})
    assert mailoutbox[0].subject == "ELLW Cohorts"
    assert mailoutbox[0].body.strip() == "ELLW Cohorts at ellw.example.nhs.uk"


def test_sign_up_confirmation_email_is_in_the_services_words(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "new@example.nhs.uk", "password1": PASSWORD, "password2": PASSWORD},
        )
    [sent] = mailoutbox
    assert sent.subject == "Confirm your e-mail address for ELLW Cohorts"
    assert sent.body.startswith(
        "Hello,\n\nYou created an account for the Emerging Leaders Link Worker programme"
    )
    _assert_no_stock_text(sent.body, "signup confirmation")


def test_changing_the_password_emails_a_notice(
    client, link_worker, mailoutbox, django_capture_on_commit_callbacks
):
    _fresh_session(client, link_worker, "password")
    new = "another-long-password-7"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )
    assert response.status_code == 302
    [sent] = mailoutbox
    assert sent.subject == "Your ELLW Cohorts password was changed"
    assert "The password of your ELLW Cohorts account was changed." in sent.body
    assert "reset your password now at http://testserver/accounts/password/reset/" in sent.body
