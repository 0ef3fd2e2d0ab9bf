import re

import pytest
from django.urls import reverse

from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from tests.factories import PASSWORD
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db


def test_sign_up_verify_and_log_in(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "new.worker@example.nhs.uk", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    email = OutboundEmail.objects.get()
    assert email.to == ["new.worker@example.nhs.uk"]
    assert email.status == OutboundEmailStatus.SENT
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]  # the outbox row keeps no body once sent
    assert "Confirm your e-mail address" in sent.alternatives[0][0]
    confirm_path = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", sent.body)[1]

    # Mandatory verification: no log in before the address is confirmed.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new.worker@example.nhs.uk", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path)
    assert response.status_code == 302

    response = client.post(
        reverse("account_login"),
        {"login": "new.worker@example.nhs.uk", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"].email == "new.worker@example.nhs.uk"


def test_sign_up_with_mismatched_passwords_shows_error_summary(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.nhs.uk", "password1": PASSWORD, "password2": "other-password-1"},
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"nhsuk-form-group--error" in response.content
    assert OutboundEmail.objects.count() == 0


def test_password_reset_email_goes_through_the_outbox(
    client, link_worker, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": link_worker.email})
    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert email.to == [link_worker.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_staff_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/staff/"


def test_staff_page_is_forbidden_to_link_workers(client, link_worker):
    client.force_login(link_worker)
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


@pytest.mark.parametrize("path", ["/staff/", "/admin/"])
def test_staff_without_mfa_are_sent_to_set_it_up(client, sp_manager, settings, path):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    client.force_login(sp_manager)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_mfa_reach_staff_pages(client, programme_lead, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    log_in_with_mfa(client, programme_lead)
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert client.get("/admin/cohorts/cohort/").status_code == 200


def test_mfa_requirement_can_be_turned_off(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_sp_manager_cannot_add_cohorts_in_admin(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    assert client.get("/admin/cohorts/cohort/").status_code == 200
    assert client.get("/admin/cohorts/cohort/add/").status_code == 403


def test_link_worker_mfa_not_required(client, link_worker, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    client.force_login(link_worker)
    assert client.get(reverse("home")).status_code == 200


def test_staff_log_in_lands_on_staff_dashboard(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    response = client.post(
        reverse("account_login"), {"login": sp_manager.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")


def test_staff_logging_in_without_mfa_land_on_its_set_up_page(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    response = client.post(
        reverse("account_login"),
        {"login": sp_manager.email, "password": PASSWORD},
        follow=True,
    )
    # allauth asks for the password again before any change to MFA.
    reauthenticate = (
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert response.redirect_chain == [
        (reverse("staff:dashboard"), 302),
        (reverse("mfa_activate_totp"), 302),
        (reauthenticate, 302),
    ]
    assert b"Set up an authenticator app before you use staff pages" in response.content
    response = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain == [(reverse("mfa_activate_totp"), 302)]
    assert b"<h1>Set up an authenticator app</h1>" in response.content
