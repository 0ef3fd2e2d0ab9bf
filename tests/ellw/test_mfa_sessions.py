"""An authenticator protects itself: its pages need a session that used it, re-authenticating
never stands in for it, and setting it up or changing it ends the person's other sessions.

The first tests walk the attack found from outside over real HTTP (a live server, two
independent cookie jars): a session opened with the password before TOTP was set up must end
without recovery codes and without staff pages, whether it then tries an e-mailed code or the
password. The rest pin each rule with the test client.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import HASH_SESSION_KEY
from django.core import mail
from django.urls import reverse

from ellw.accounts.models import User
from ellw.mail.models import OutboundEmail
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.mfa import log_in_with_mfa, totp_activate, totp_code

MFA_PAGES = (
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
)


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True


@pytest.fixture
def client_factory():
    """A new browser each call (the test client's own cookie jar)."""
    from django.test import Client

    return Client


# --- Over HTTP, two browsers ----------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor: its own cookies, every response as it came (redirects not followed)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), _text(response)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx arrive here
            return error.code, error.headers.get("Location", ""), _text(error)

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        if not self._csrf_token():
            self.get(reverse("account_login"))  # any form page sets the CSRF cookie
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self._csrf_token(), **(data or {})})
        return self._open(urllib.request.Request(self.base_url + path, data=body.encode()))

    def _csrf_token(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def log_in(self, email: str, password: str = PASSWORD) -> tuple[int, str, str]:
        return self.post(reverse("account_login"), {"login": email, "password": password})


def _text(response) -> str:
    return response.read().decode("utf-8", "replace")


def _set_up_totp(browser: Browser) -> str:
    """As a new member of staff does after a password log-in: confirm the password, scan the
    code, enter a code from the app. Returns the TOTP secret."""
    next_query = urllib.parse.urlencode({"next": reverse("mfa_activate_totp")})
    status, location, _ = browser.post(
        f"{reverse('account_reauthenticate')}?{next_query}", {"password": PASSWORD}
    )
    assert (status, location) == (302, reverse("mfa_activate_totp"))
    status, _, page = browser.get(reverse("mfa_activate_totp"))
    assert status == 200
    secret = re.search(r"enter this key in the app instead: <code[^>]*>([A-Z2-7]+)</code>", page)
    status, location, _ = browser.post(
        reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))}
    )
    assert (status, location) == (302, reverse("mfa_view_recovery_codes"))
    return secret.group(1)


def _unused_recovery_codes(user: User) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


def _assert_no_codes_and_no_staff_pages(browser: Browser, user: User) -> None:
    codes = _unused_recovery_codes(user)
    for name in ("mfa_view_recovery_codes", "mfa_download_recovery_codes"):
        status, _, body = browser.get(reverse(name))
        assert status != 200, name
        assert not any(code in body for code in codes), name
    for path in (reverse("staff:dashboard"), reverse("staff:people:list")):
        status, location, _ = browser.get(path)
        assert status == 302
        assert location.startswith(reverse("account_login"))
    # The last resort of the attack: a recovery code it never saw cannot be guessed here.
    status, location, _ = browser.post(reverse("mfa_reauthenticate"), {"code": "00000000"})
    assert not (status == 302 and location.startswith(reverse("staff:dashboard")))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("then_tries", ["code", "password"])
def test_a_session_from_before_totp_ends_without_codes_or_staff_pages(live_server, then_tries):
    lead = StaffFactory(role="Programme leads")
    first, second = Browser(live_server.url), Browser(live_server.url)
    # S1: the invitation password alone, before TOTP exists.
    assert first.log_in(lead.email)[:2] == (302, reverse("staff:dashboard"))
    assert first.get(reverse("staff:dashboard"))[1] == reverse("mfa_activate_totp")
    # S2: the same person sets TOTP up in another browser, and carries on there.
    assert second.log_in(lead.email)[:2] == (302, reverse("staff:dashboard"))
    _set_up_totp(second)
    assert second.get(reverse("staff:people:list"))[0] == 200

    # S1 was signed out when TOTP was set up ...
    status, location, _ = first.get(reverse("staff:dashboard"))
    assert (status, location.split("?")[0]) == (302, reverse("account_login"))
    # ... so neither an e-mailed code nor the password gets it back in.
    if then_tries == "code":
        status, _, _ = first.post(reverse("account_request_reauthentication_code"))
        assert status != 200
        status, _, _ = first.post(
            reverse("account_confirm_reauthentication_code"), {"code": "ABCDEF"}
        )
        assert status != 200
        assert not OutboundEmail.objects.filter(subject__icontains="code").exists()
    else:
        status, location, _ = first.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert location != reverse("staff:dashboard")
    _assert_no_codes_and_no_staff_pages(first, lead)
    # Logging in again with the password now asks for a code from the app.
    assert first.log_in(lead.email)[:2] == (302, reverse("mfa_authenticate"))
    _assert_no_codes_and_no_staff_pages(first, lead)
    # S2 kept going throughout.
    assert second.get(reverse("staff:people:list"))[0] == 200


@pytest.mark.django_db(transaction=True)
def test_a_stolen_password_after_totp_gives_no_way_round_it(live_server):
    lead = StaffFactory(role="Programme leads")
    owner = Browser(live_server.url)
    owner.log_in(lead.email)
    _set_up_totp(owner)
    thief = Browser(live_server.url)
    assert thief.log_in(lead.email)[:2] == (302, reverse("mfa_authenticate"))
    for path in (
        reverse("account_request_reauthentication_code"),
        reverse("account_reauthenticate"),
    ):
        status, location, _ = thief.post(path, {"password": PASSWORD})
        assert location.split("?")[0] in (reverse("account_login"), "")
        assert status in (302, 403)
    _assert_no_codes_and_no_staff_pages(thief, lead)


# --- Re-authentication ----------------------------------------------------------------------


def _staff_with_authenticator(**kwargs) -> tuple[User, str]:
    user = StaffFactory(**kwargs)
    secret = totp_activate(user)
    RecoveryCodes.activate(user)
    return user, secret


@pytest.mark.django_db
def test_the_password_does_not_re_authenticate_an_account_with_an_authenticator(client):
    manager, _ = _staff_with_authenticator(role="SP managers")
    client.force_login(manager)  # a session that never used the authenticator
    next_query = urllib.parse.urlencode({"next": reverse("mfa_view_recovery_codes")})
    response = client.post(
        f"{reverse('account_reauthenticate')}?{next_query}", {"password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?{next_query}"
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not any(code in response.content.decode() for code in _unused_recovery_codes(manager))


@pytest.mark.django_db
@pytest.mark.parametrize("with_authenticator", [False, True], ids=["link-worker", "staff-totp"])
def test_nobody_can_re_authenticate_by_an_emailed_code(client, with_authenticator):
    person = _staff_with_authenticator()[0] if with_authenticator else UserFactory()
    client.force_login(person)
    emails_before = OutboundEmail.objects.count()
    assert client.get(reverse("account_request_reauthentication_code")).status_code == 403
    response = client.post(reverse("account_request_reauthentication_code"), {})
    assert response.status_code == 403
    assert client.post(reverse("account_confirm_reauthentication_code"), {}).status_code == 403
    assert OutboundEmail.objects.count() == emails_before
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_person_without_an_authenticator_re_authenticates_with_the_password(client):
    worker = UserFactory()
    client.force_login(worker)
    page = client.get(reverse("account_reauthenticate"))
    assert page.status_code == 200
    assert page.context["reauthentication_alternatives"] == []  # no e-mailed code offered
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", MFA_PAGES)
@pytest.mark.parametrize("staff_mfa_required", [True, False], ids=["production", "demo"])
def test_authenticator_pages_need_a_session_that_used_it(
    client, settings, name, staff_mfa_required
):
    """Also in the demo profile (staff MFA off) and for a superuser: whoever has an
    authenticator protects it."""
    settings.ELLW_STAFF_MFA_REQUIRED = staff_mfa_required
    superuser, _ = _staff_with_authenticator(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('mfa_reauthenticate')}?{urllib.parse.urlencode({'next': reverse(name)})}"
    )


@pytest.mark.django_db
def test_a_code_from_the_authenticator_unlocks_its_recovery_codes(client):
    manager, secret = _staff_with_authenticator(role="SP managers")
    client.force_login(manager)
    next_query = urllib.parse.urlencode({"next": reverse("mfa_view_recovery_codes")})
    response = client.post(
        f"{reverse('mfa_reauthenticate')}?{next_query}", {"code": totp_code(secret)}
    )
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    page = client.get(reverse("mfa_view_recovery_codes"))
    assert page.status_code == 200
    assert all(code in page.content.decode() for code in _unused_recovery_codes(manager))
    # ... and, with it, the staff pages.
    assert client.get(reverse("staff:dashboard")).status_code == 200


@pytest.mark.django_db
def test_the_mfa_page_offers_no_other_way_to_re_authenticate(client):
    manager, _ = _staff_with_authenticator(role="SP managers")
    client.force_login(manager)
    page = client.get(reverse("mfa_reauthenticate"))
    assert page.status_code == 200
    assert page.context["reauthentication_alternatives"] == []


def test_allauth_s_authenticator_pages_are_all_guarded():
    """Our guarded copies shadow allauth's at the same addresses and names."""
    from django.urls import resolve

    for name in MFA_PAGES:
        assert getattr(resolve(reverse(name)).func, "ellw_guard", None) == (
            "accounts.change_authenticators"
        ), name


# --- Other sessions end ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_setting_up_totp_ends_the_other_sessions_and_keeps_this_one(client_factory):
    manager = StaffFactory(role="SP managers")
    other, this = client_factory(), client_factory()
    other.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD})
    this.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD})
    assert other.get(reverse("account_email")).status_code == 200

    this.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = this.get(reverse("mfa_activate_totp")).context["form"].secret
    response = this.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)
    assert "You were signed out of this account in every other browser and device." in (
        response.content.decode()
    )

    assert other.get(reverse("account_email"))["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in other.session
    assert this.get(reverse("staff:dashboard")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_regenerating_recovery_codes_ends_the_other_sessions(client_factory):
    manager, secret = _staff_with_authenticator(role="SP managers")
    other, this = client_factory(), client_factory()
    for client in (other, this):
        log_in_with_mfa(client, manager)
        assert client.get(reverse("staff:dashboard")).status_code == 200
    this.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    assert this.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    assert other.get(reverse("staff:dashboard"))["Location"].startswith(reverse("account_login"))
    assert this.get(reverse("staff:dashboard")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_link_worker_turning_totp_off_ends_the_other_sessions(client_factory):
    worker = UserFactory()
    secret = totp_activate(worker)
    other, this = client_factory(), client_factory()
    for client in (other, this):
        log_in_with_mfa(client, worker)
    this.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    assert this.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=worker, type="totp").exists()
    assert other.get(reverse("account_email"))["Location"].startswith(reverse("account_login"))
    assert this.get(reverse("account_email")).status_code == 200


@pytest.mark.django_db
def test_sessions_from_before_the_generation_existed_stay_signed_in(client):
    """Generation 0 is Django's own session hash, so deploying this signs nobody out."""
    from django.contrib.auth.base_user import AbstractBaseUser

    worker = UserFactory()
    assert worker.session_generation == 0
    assert worker.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(worker)
    client.force_login(worker)
    assert client.session[HASH_SESSION_KEY] == AbstractBaseUser.get_session_auth_hash(worker)
    User.objects.filter(pk=worker.pk).update(session_generation=1)
    assert client.get(reverse("account_email"))["Location"].startswith(reverse("account_login"))
