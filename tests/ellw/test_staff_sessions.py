"""Staff sessions end after ELLW_STAFF_IDLE_MINUTES without activity (on the server), pages
carry the warning with "Stay signed in", and "Keep me logged in" never applies to staff;
link workers keep their sessions as before."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ellw.accounts.roles import PROGRAMME_LEADS
from ellw.accounts.sessions import LAST_ACTIVITY_KEY
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.mfa import log_in_with_mfa

SIGNED_OUT = "You were signed out after 30 minutes without activity."


@pytest.fixture
def lead(db, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    return StaffFactory(role=PROGRAMME_LEADS)


def _idle_for(client, minutes: float) -> None:
    """Move this session's last activity back by `minutes`."""
    session = client.session
    session[LAST_ACTIVITY_KEY] = timezone.now().timestamp() - minutes * 60
    session.save()


def test_staff_idle_29_minutes_stays_signed_in(client, lead):
    log_in_with_mfa(client, lead)
    _idle_for(client, 29)
    assert client.get(reverse("staff:dashboard")).status_code == 200
    # That request was activity: the clock starts again.
    assert timezone.now().timestamp() - client.session[LAST_ACTIVITY_KEY] < 5


def test_staff_idle_31_minutes_is_signed_out_and_told_why(client, lead):
    log_in_with_mfa(client, lead)
    _idle_for(client, 31)
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("signed_out_idle")
    page = client.get(response["Location"])
    assert SIGNED_OUT in page.content.decode()
    assert reverse("account_login") in page.content.decode()
    again = client.get(reverse("staff:dashboard"))
    assert again["Location"].startswith(reverse("account_login"))


def test_idle_period_is_a_setting(client, lead, settings):
    settings.ELLW_STAFF_IDLE_MINUTES = 10
    log_in_with_mfa(client, lead)
    _idle_for(client, 11)
    assert client.get(reverse("home"))["Location"] == reverse("signed_out_idle")
    assert (
        "after 10 minutes without activity"
        in client.get(reverse("signed_out_idle")).content.decode()
    )


def test_link_workers_are_not_timed_out(client, db):
    worker = UserFactory()
    client.force_login(worker)
    _idle_for(client, 600)
    assert client.get(reverse("applications:mine")).status_code == 200


def test_stay_signed_in_refreshes_the_activity(client, lead):
    log_in_with_mfa(client, lead)
    _idle_for(client, 29)
    assert client.post(reverse("session_keep_alive")).status_code == 204
    assert timezone.now().timestamp() - client.session[LAST_ACTIVITY_KEY] < 5
    _idle_for(client, 2)  # 31 minutes after the page, 2 after the ping
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_stay_signed_in_too_late_is_signed_out(client, lead):
    log_in_with_mfa(client, lead)
    _idle_for(client, 31)
    response = client.post(reverse("session_keep_alive"))
    assert response["Location"] == reverse("signed_out_idle")


def test_the_timer_page_is_not_activity(client, lead):
    """A tab whose timer ran out opens the signed-out page; if the person was busy in another
    tab they go back to their page, and the visit does not move the clock."""
    log_in_with_mfa(client, lead)
    _idle_for(client, 20)
    before = client.session[LAST_ACTIVITY_KEY]
    response = client.get(reverse("signed_out_idle"), {"next": "/staff/"})
    assert response["Location"] == "/staff/"
    assert client.session[LAST_ACTIVITY_KEY] == before


def test_staff_pages_carry_the_warning_and_link_workers_do_not(client, lead):
    log_in_with_mfa(client, lead)
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert 'id="staff-idle-warning"' in html
    assert 'data-idle-seconds="1800"' in html and 'data-warn-seconds="180"' in html
    assert "js/idle-warning.mjs" in html
    assert f'action="{reverse("session_keep_alive")}"' in html
    client.logout()
    client.force_login(UserFactory())
    assert "staff-idle-warning" not in client.get(reverse("home")).content.decode()


def _log_in(client, user, remember: bool):
    data = {"login": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    return client.post(reverse("account_login"), data)


def test_remember_me_is_ignored_for_staff(client, db):
    manager = StaffFactory()  # no authenticator yet: logged in by the password alone
    response = _log_in(client, manager, remember=True)
    assert response.status_code == 302
    assert client.session.get_expire_at_browser_close() is True
    assert LAST_ACTIVITY_KEY in client.session


def test_remember_me_is_ignored_for_staff_who_log_in_with_a_code(client, lead):
    from allauth.mfa.models import Authenticator

    from tests.mfa import totp_activate, totp_code

    secret = totp_activate(lead)
    assert Authenticator.objects.filter(user=lead).exists()
    response = _log_in(client, lead, remember=True)
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(lead.pk)
    assert client.session.get_expire_at_browser_close() is True


@pytest.mark.parametrize("remember", [True, False])
def test_remember_me_is_honoured_for_link_workers(client, db, remember):
    worker = UserFactory()
    assert _log_in(client, worker, remember=remember).status_code == 302
    assert client.session.get_expire_at_browser_close() is (not remember)
    assert LAST_ACTIVITY_KEY not in client.session
