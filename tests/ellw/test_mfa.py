"""Staff powers need a session that passed MFA, everywhere; MFA secrets are encrypted at rest."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps as django_apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from applications.enums import ApplicationStatus
from ellw import crypto
from ellw.accounts.mfa import session_mfa_mark
from ellw.accounts.models import User
from ellw.accounts.rules import (
    SESSION_PASSED_MFA_ATTRIBUTE,
    has_staff_role,
    is_programme_lead,
    is_sp_manager,
    is_staff_member,
    must_use_mfa,
    session_passed_mfa,
)
from ellw.mail.models import OutboundEmail
from tests.factories import PASSWORD, ApplicationFactory, StaffFactory, UserFactory
from tests.mfa import log_in_with_mfa, totp_activate, totp_code

pytestmark = pytest.mark.django_db

encrypt_migration = importlib.import_module("ellw.accounts.migrations.0003_encrypt_mfa_secrets")


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True


def _endorser_form(email="someone.else@outside.example.com"):
    return {"clinical_director_name": "Dr Outside", "clinical_director_email": email}


def _log_in_with_password_and_code(client, user, secret, *, code=None):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": code or totp_code(secret)})


# --- Views: staff powers without an MFA session are refused ------------------------------


@pytest.mark.parametrize("with_authenticator", [False, True], ids=["no-authenticator", "totp"])
def test_sp_manager_without_mfa_session_cannot_see_others_application(
    client, sp_manager, with_authenticator
):
    if with_authenticator:
        totp_activate(sp_manager)
    application = ApplicationFactory()
    client.force_login(sp_manager)  # a password alone: the session never passed MFA
    response = client.get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == 403


def test_sp_manager_without_mfa_session_cannot_reroute_the_endorsement_link(
    client, sp_manager, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=ApplicationStatus.AWAITING_ENDORSEMENT)
    before = application.clinical_director_email
    client.force_login(sp_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:change_endorser", args=[application.pk]), _endorser_form()
        )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.clinical_director_email == before
    assert OutboundEmail.objects.count() == 0


def test_sp_manager_with_mfa_session_can_reroute_the_endorsement_link(
    client, sp_manager, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=ApplicationStatus.AWAITING_ENDORSEMENT)
    log_in_with_mfa(client, sp_manager)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:change_endorser", args=[application.pk]),
            _endorser_form("dr.new@nhs.net"),
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.clinical_director_email == "dr.new@nhs.net"


def test_programme_lead_without_mfa_session_cannot_open_the_review_queue(client, programme_lead):
    totp_activate(programme_lead)
    client.force_login(programme_lead)
    response = client.get(reverse("staff:applications:queue"))
    # On staff pages the refusal becomes a way forward: enter a code, then come back.
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('mfa_reauthenticate')}?next=%2Fstaff%2Fapplications%2F"
    )


def test_superuser_without_mfa_session_has_no_staff_powers_in_views(client):
    superuser = _superuser()
    application = ApplicationFactory()
    client.force_login(superuser)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 403
    log_in_with_mfa(client, superuser)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200


# --- The admin ---------------------------------------------------------------------------


def _superuser():
    # As `createsuperuser` makes one, with the verified address allauth's log-in asks for.
    return UserFactory(is_staff=True, is_superuser=True)


def _staff_without_role():
    return UserFactory(is_staff=True)


ADMIN_PEOPLE = {"superuser": _superuser, "is_staff without a role": _staff_without_role}


@pytest.mark.parametrize("person", ADMIN_PEOPLE)
def test_admin_users_without_an_authenticator_are_sent_to_set_one_up(client, person):
    client.force_login(ADMIN_PEOPLE[person]())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("person", ADMIN_PEOPLE)
def test_admin_users_whose_session_did_not_pass_mfa_are_asked_for_a_code(client, person):
    user = ADMIN_PEOPLE[person]()
    totp_activate(user)
    client.force_login(user)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Faccounts%2Fuser%2F"
    )


@pytest.mark.parametrize("person", ADMIN_PEOPLE)
def test_admin_site_refuses_a_session_that_did_not_pass_mfa(person):
    """The admin's own gate, behind the middleware's redirect."""
    user = ADMIN_PEOPLE[person]()
    request = RequestFactory().get("/admin/")
    request.user = user
    assert admin.site.has_permission(request) is False
    setattr(user, SESSION_PASSED_MFA_ATTRIBUTE, True)
    assert admin.site.has_permission(request) is True


def test_superuser_reaches_the_admin_after_logging_in_with_a_code(client):
    superuser = _superuser()
    secret = totp_activate(superuser)
    response = _log_in_with_password_and_code(client, superuser, secret)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_staff_without_role_reaches_the_admin_with_an_mfa_session(client):
    user = _staff_without_role()
    log_in_with_mfa(client, user)
    assert client.get("/admin/").status_code == 200


def test_admin_log_in_page_sends_people_to_the_service_log_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_admin_log_in_form_cannot_be_used_to_skip_mfa(client):
    superuser = _superuser()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": superuser.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


# --- Predicates ----------------------------------------------------------------------------


def test_user_objects_outside_a_request_have_no_staff_powers(sp_manager, programme_lead):
    application = ApplicationFactory()
    superuser = _superuser()
    for user in (sp_manager, programme_lead, superuser):
        fresh = User.objects.get(pk=user.pk)  # as a Celery task or the shell would load it
        assert has_staff_role(fresh) is True
        assert is_staff_member(fresh) is False
        assert fresh.has_perm("accounts.access_staff_area") is False
        assert fresh.has_perm("applications.view_application", application) is False
        assert fresh.has_perm("cohorts.view_cohort") is False
        assert fresh.has_module_perms("cohorts") is False
    assert is_sp_manager(User.objects.get(pk=sp_manager.pk)) is False
    assert is_programme_lead(User.objects.get(pk=programme_lead.pk)) is False


def test_marked_session_gives_each_role_its_powers(sp_manager, programme_lead):
    for user in (sp_manager, programme_lead):
        setattr(user, SESSION_PASSED_MFA_ATTRIBUTE, True)
    assert (is_sp_manager(sp_manager), is_programme_lead(sp_manager)) == (True, False)
    assert (is_sp_manager(programme_lead), is_programme_lead(programme_lead)) == (False, True)
    assert is_staff_member(sp_manager) is True
    assert sp_manager.has_perm("accounts.access_staff_area") is True


def test_mfa_turned_off_needs_no_mark(settings, sp_manager):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    fresh = User.objects.get(pk=sp_manager.pk)
    assert session_passed_mfa(fresh) is True
    assert is_sp_manager(fresh) is True


def test_must_use_mfa_covers_roles_superusers_and_admin_users(link_worker, sp_manager):
    assert must_use_mfa(link_worker) is False
    assert must_use_mfa(sp_manager) is True
    assert must_use_mfa(_superuser()) is True
    assert must_use_mfa(_staff_without_role()) is True
    assert has_staff_role(_staff_without_role()) is False


def test_another_users_mfa_record_does_not_count(client, sp_manager, programme_lead):
    log_in_with_mfa(client, sp_manager)
    request = RequestFactory().get("/")
    request.session = client.session
    session_mfa_mark(request=request, user=programme_lead)
    assert session_passed_mfa(programme_lead) is False


# --- Log-in journeys ---------------------------------------------------------------------


def test_sp_manager_logging_in_with_a_code_has_staff_powers(client, sp_manager):
    secret = totp_activate(sp_manager)
    application = ApplicationFactory()
    response = _log_in_with_password_and_code(client, sp_manager, secret)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200


@pytest.mark.parametrize("periods_from_now", [-1, 0, 1], ids=["previous", "current", "next"])
def test_a_totp_code_works_once(client, sp_manager, periods_from_now):
    secret = totp_activate(sp_manager)
    code = totp_code(secret, periods_from_now=periods_from_now)
    assert _log_in_with_password_and_code(client, sp_manager, secret, code=code).status_code == 302
    client.logout()
    response = _log_in_with_password_and_code(client, sp_manager, secret, code=code)
    assert response.status_code == 200
    assert b"Incorrect code" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("periods_from_now", [-2, 2], ids=["a minute old", "a minute ahead"])
def test_a_totp_code_two_periods_away_is_refused(client, sp_manager, periods_from_now):
    secret = totp_activate(sp_manager)
    code = totp_code(secret, periods_from_now=periods_from_now)
    response = _log_in_with_password_and_code(client, sp_manager, secret, code=code)
    assert response.status_code == 200
    assert b"Incorrect code" in response.content
    assert "_auth_user_id" not in client.session


# Transactional: allauth sends authenticator_added on commit, which in a real request is the
# end of the view's transaction (ATOMIC_REQUESTS), before the session is saved.
@pytest.mark.django_db(transaction=True)
def test_staff_setting_up_totp_after_a_password_log_in_go_on_to_staff_pages(client):
    sp_manager = StaffFactory(role="SP managers")
    application = ApplicationFactory()
    client.post(reverse("account_login"), {"login": sp_manager.email, "password": PASSWORD})
    assert client.get(reverse("staff:dashboard"))["Location"] == reverse("mfa_activate_totp")
    reauthenticate = (
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    client.post(reauthenticate, {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    # Activating proved the code: this session passed MFA.
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200


# --- Secrets at rest -----------------------------------------------------------------------


def test_totp_secret_is_stored_encrypted_and_log_in_still_works(client, sp_manager):
    secret = totp_activate(sp_manager)
    stored = Authenticator.objects.get(user=sp_manager, type=Authenticator.Type.TOTP)
    assert secret not in str(stored.data)
    assert crypto.is_encrypted(stored.data["secret"]) is True
    assert crypto.decrypt(stored.data["secret"]) == secret
    assert _log_in_with_password_and_code(client, sp_manager, secret)["Location"] == (
        reverse("staff:dashboard")
    )


def test_recovery_code_seed_is_stored_encrypted_and_codes_still_work(sp_manager):
    codes = RecoveryCodes.activate(sp_manager)
    stored = Authenticator.objects.get(user=sp_manager, type=Authenticator.Type.RECOVERY_CODES)
    assert crypto.is_encrypted(stored.data["seed"]) is True
    first = codes.generate_codes()[0]
    assert RecoveryCodes(stored).validate_code(first) is True


def test_migration_encrypts_secrets_stored_in_clear(sp_manager):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    totp = Authenticator.objects.create(
        user=sp_manager, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    codes = Authenticator.objects.create(
        user=sp_manager,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    encrypt_migration.encrypt_secrets(django_apps, None)
    encrypt_migration.encrypt_secrets(django_apps, None)  # running twice changes nothing
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert secret not in str(totp.data)
    assert crypto.decrypt(totp.data["secret"]) == secret
    assert crypto.decrypt(codes.data["seed"]) == "ab" * 40
    assert [crypto.decrypt(c) for c in codes.data["migrated_codes"]] == ["12345678"]
    assert codes.data["used_mask"] == 0
    assert TOTP(totp).validate_code(totp_code(secret)) is True

    encrypt_migration.decrypt_secrets(django_apps, None)
    totp.refresh_from_db()
    assert totp.data == {"secret": secret}


def test_staff_cannot_turn_off_their_authenticator(sp_manager, link_worker, settings):
    """Turning it off would leave the session's MFA record standing (allauth's deactivate
    form asks the adapter)."""
    from allauth.mfa.adapter import get_adapter

    settings.ELLW_STAFF_MFA_REQUIRED = True
    totp_activate(sp_manager)
    totp_activate(link_worker)
    staff_totp = Authenticator.objects.get(user=sp_manager)
    worker_totp = Authenticator.objects.get(user=link_worker)
    assert get_adapter().can_delete_authenticator(staff_totp) is False
    assert get_adapter().can_delete_authenticator(worker_totp) is True
