"""The staff people page: programme leads give and remove staff roles, inviting new people."""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from ellw.accounts.enums import StaffRoleAction
from ellw.accounts.models import StaffRoleChange, User
from ellw.accounts.roles import PROGRAMME_LEADS, SP_MANAGERS
from ellw.accounts.services import StaffRoleError, staff_member_add, staff_role_remove
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

PEOPLE = reverse("staff:people:list")


@pytest.fixture(autouse=True)
def _mfa_off(settings):
    # Most tests are about roles; the MFA ones turn it back on.
    settings.ELLW_STAFF_MFA_REQUIRED = False


def _remove_url(user: User, slug: str) -> str:
    return reverse("staff:people:remove", args=[user.pk, slug])


def _give(client, mailoutbox_capture, **data):
    with mailoutbox_capture(execute=True):
        return client.post(PEOPLE, {"full_name": "", **data})


def _link(body: str) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", body)[1]


# --- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["list", "remove"])
def test_people_pages_send_anonymous_visitors_to_log_in(client, sp_manager, url):
    path = PEOPLE if url == "list" else _remove_url(sp_manager, "sp-manager")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('account_login')}?next=")


@pytest.mark.parametrize("who", ["link_worker", "sp_manager"])
def test_people_pages_are_forbidden_to_link_workers_and_sp_managers(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(PEOPLE).status_code == 403
    assert client.get(_remove_url(user, "sp-manager")).status_code == 403
    response = client.post(PEOPLE, {"email": "x@example.nhs.uk", "role": PROGRAMME_LEADS})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.nhs.uk").exists()


def test_people_page_is_open_to_a_programme_lead(client, programme_lead):
    client.force_login(programme_lead)
    response = client.get(PEOPLE)
    assert response.status_code == 200
    assert b"Staff and their roles" in response.content


def test_people_page_needs_a_session_that_passed_mfa(client, programme_lead, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    client.force_login(programme_lead)
    response = client.get(PEOPLE)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_people_page_is_open_to_a_programme_lead_with_mfa(client, programme_lead, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    log_in_with_mfa(client, programme_lead)
    assert client.get(PEOPLE).status_code == 200
    assert client.get(_remove_url(programme_lead, "programme-lead")).status_code == 200


def test_sp_manager_with_mfa_cannot_reach_people_page(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    log_in_with_mfa(client, sp_manager)
    assert client.get(PEOPLE).status_code == 403


def test_staff_dashboard_links_to_people_page_only_for_leads(client, programme_lead, sp_manager):
    client.force_login(programme_lead)
    assert PEOPLE.encode() in client.get(reverse("staff:dashboard")).content
    client.force_login(sp_manager)
    assert PEOPLE.encode() not in client.get(reverse("staff:dashboard")).content


# --- the list and its history ------------------------------------------------------------------


def test_people_page_lists_staff_with_roles_and_status(client, programme_lead):
    both = StaffFactory(email="both@example.nhs.uk", full_name="Ada Both", role=SP_MANAGERS)
    Group.objects.get(name=PROGRAMME_LEADS).user_set.add(both)
    UserFactory(email="applicant@example.nhs.uk")
    client.force_login(programme_lead)
    response = client.get(PEOPLE)
    rows = {person.email: person for person in response.context["page"].object_list}
    assert set(rows) == {"both@example.nhs.uk", programme_lead.email}
    assert [role.label for role in rows["both@example.nhs.uk"].staff_roles] == [
        "SP manager",
        "Programme lead",
    ]
    assert rows["both@example.nhs.uk"].status == "Has not set up an authenticator app yet"
    assert _remove_url(both, "programme-lead").encode() in response.content


def test_people_page_paginates_in_a_fixed_number_of_queries(
    client, programme_lead, django_assert_num_queries
):
    for _ in range(3):
        StaffFactory()
    client.force_login(programme_lead)
    client.get(PEOPLE)  # warm the session and the content types
    with django_assert_num_queries(9) as small:
        client.get(PEOPLE)
    for _ in range(30):
        StaffFactory()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(PEOPLE)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 34


# --- giving a role -----------------------------------------------------------------------------


def test_giving_a_role_to_an_existing_account_grants_it_and_emails_them(
    client, programme_lead, mailoutbox, django_capture_on_commit_callbacks
):
    worker = UserFactory(email="ben@example.nhs.uk", full_name="Ben Okafor")
    client.force_login(programme_lead)
    response = _give(
        client,
        django_capture_on_commit_callbacks,
        email="Ben@Example.NHS.uk",
        role=SP_MANAGERS,
    )
    assert response.status_code == 302
    assert response["Location"] == PEOPLE
    worker.refresh_from_db()
    assert list(worker.groups.values_list("name", flat=True)) == [SP_MANAGERS]
    assert worker.is_staff is True
    assert worker.has_usable_password() is True
    change = StaffRoleChange.objects.get(user=worker)
    assert (change.action, change.role, change.changed_by, change.email) == (
        StaffRoleAction.GRANTED,
        SP_MANAGERS,
        programme_lead,
        "ben@example.nhs.uk",
    )
    [sent] = mailoutbox
    assert sent.to == ["ben@example.nhs.uk"]
    assert sent.subject == "You are now an SP manager on ELLW Cohorts"
    assert "Hello Ben Okafor," in sent.body
    assert "http://testserver/staff/" in sent.body
    page = client.get(PEOPLE)
    assert b"ben@example.nhs.uk is now an SP manager. We have e-mailed them." in page.content
    assert b"Gave the role" in page.content


def test_giving_a_role_someone_already_holds_is_refused(client, programme_lead, sp_manager):
    client.force_login(programme_lead)
    response = client.post(PEOPLE, {"email": sp_manager.email, "role": SP_MANAGERS})
    assert response.status_code == 200
    assert f"{sp_manager.email} is already an SP manager".encode() in response.content
    assert response.context["form"].errors["email"] == [
        f"{sp_manager.email} is already an SP manager"
    ]
    assert StaffRoleChange.objects.filter(changed_by=programme_lead).count() == 0


def test_inviting_someone_without_an_account_lets_them_choose_a_password_once(
    client, programme_lead, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    response = _give(
        client,
        django_capture_on_commit_callbacks,
        email="new.lead@example.nhs.uk",
        full_name="Grace New",
        role=PROGRAMME_LEADS,
    )
    assert response.status_code == 302
    invited = User.objects.get(email="new.lead@example.nhs.uk")
    assert invited.full_name == "Grace New"
    assert invited.has_usable_password() is False
    assert invited.is_staff is True
    assert list(invited.groups.values_list("name", flat=True)) == [PROGRAMME_LEADS]
    address = EmailAddress.objects.get(user=invited)
    assert (address.email, address.verified, address.primary) == (
        "new.lead@example.nhs.uk",
        True,
        True,
    )
    assert StaffRoleChange.objects.get(user=invited).action == StaffRoleAction.INVITED
    [sent] = mailoutbox
    assert sent.subject == "You are invited to be a programme lead on ELLW Cohorts"
    assert "Hello Grace New," in sent.body
    link = _link(sent.body)

    # allauth's own reset-key page: it keeps the key in the session and redirects.
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    set_password = response["Location"]
    response = client.get(set_password)
    assert b"Choose a password" in response.content
    new_password = "a-long-new-password-42"
    response = client.post(set_password, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(new_password)

    # Single use: the same link no longer works.
    client.logout()
    response = client.get(link, follow=True)
    assert b"This link has expired or was used" in response.content

    # They log in and are walked to set up an authenticator app.
    response = client.post(
        reverse("account_login"), {"login": invited.email, "password": new_password}
    )
    assert response["Location"] == reverse("staff:dashboard")


def test_invitation_link_expires_as_a_password_reset_link_does(
    client, programme_lead, mailoutbox, django_capture_on_commit_callbacks, settings
):
    client.force_login(programme_lead)
    _give(client, django_capture_on_commit_callbacks, email="late@example.nhs.uk", role=SP_MANAGERS)
    link = _link(mailoutbox[0].body)
    client.logout()
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(link, follow=True)
    assert b"This link has expired or was used" in response.content


def test_reinviting_the_same_address_within_ten_minutes_is_refused(
    client, programme_lead, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    _give(client, django_capture_on_commit_callbacks, email="new@example.nhs.uk", role=SP_MANAGERS)
    response = _give(
        client, django_capture_on_commit_callbacks, email="new@example.nhs.uk", role=SP_MANAGERS
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["email"]
    assert error.startswith(
        "We sent an invitation to new@example.nhs.uk less than 10 minutes ago. "
        "You can send another after "
    )
    assert len(mailoutbox) == 1
    assert StaffRoleChange.objects.filter(email="new@example.nhs.uk").count() == 1


def test_reinviting_after_ten_minutes_sends_a_new_link_and_kills_the_old_one(
    client, programme_lead, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_member_add(email="new@example.nhs.uk", role=SP_MANAGERS, changed_by=programme_lead)
    StaffRoleChange.objects.update(changed_at=timezone.now() - datetime.timedelta(minutes=11))
    first_link = _link(mailoutbox[0].body)
    client.force_login(programme_lead)
    response = _give(
        client, django_capture_on_commit_callbacks, email="new@example.nhs.uk", role=SP_MANAGERS
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    assert _link(mailoutbox[1].body) != first_link
    client.logout()
    assert b"This link has expired or was used" in client.get(first_link, follow=True).content
    assert client.get(_link(mailoutbox[1].body)).status_code == 302


def test_inviting_an_unconfirmed_account_locks_out_whoever_signed_up_with_it(
    client, programme_lead, mailoutbox, django_capture_on_commit_callbacks
):
    squatter = User.objects.create_user(email="real.person@example.nhs.uk", password=PASSWORD)
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        change = staff_member_add(
            email="real.person@example.nhs.uk", role=PROGRAMME_LEADS, changed_by=programme_lead
        )
    assert change.action == StaffRoleAction.INVITED
    squatter.refresh_from_db()
    assert squatter.has_usable_password() is False
    assert mailoutbox[0].subject == "You are invited to be a programme lead on ELLW Cohorts"


def test_giving_a_role_to_a_switched_off_account_is_refused(client, programme_lead, mailoutbox):
    UserFactory(email="gone@example.nhs.uk", is_active=False)
    client.force_login(programme_lead)
    response = client.post(PEOPLE, {"email": "gone@example.nhs.uk", "role": SP_MANAGERS})
    assert response.context["form"].errors["email"] == [
        "The account for gone@example.nhs.uk is switched off, so it cannot be given a role."
    ]
    assert User.objects.get(email="gone@example.nhs.uk").groups.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "role": SP_MANAGERS}, "email", "Enter their e-mail address"),
        (
            {"email": "not-an-address", "role": SP_MANAGERS},
            "email",
            "Enter an e-mail address in the correct format, like name@example.nhs.uk",
        ),
        (
            {"email": "a" * 250 + "@example.nhs.uk", "role": SP_MANAGERS},
            "email",
            "E-mail address must be 254 characters or fewer (you have 265)",
        ),
        ({"email": "x@example.nhs.uk"}, "role", "Choose a role"),
        (
            {"email": "x@example.nhs.uk", "role": "Superusers"},
            "role",
            "Choose SP manager or programme lead",
        ),
        (
            {"email": "x@example.nhs.uk", "role": SP_MANAGERS, "full_name": "n" * 201},
            "full_name",
            "Full name must be 200 characters or fewer (you have 201)",
        ),
    ],
)
def test_giving_a_role_validates_and_changes_nothing(
    client, programme_lead, mailoutbox, data, field, message
):
    client.force_login(programme_lead)
    response = client.post(PEOPLE, data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert b"There is a problem" in response.content
    assert response.context["form"]["email"].value() == data["email"]
    assert User.objects.count() == 1
    assert StaffRoleChange.objects.filter(changed_by=programme_lead).count() == 0
    assert mailoutbox == []


# --- removing a role ----------------------------------------------------------------------------


def test_removing_a_role_asks_first_then_removes_and_records_it(client, programme_lead):
    manager = StaffFactory(email="m@example.nhs.uk", role=SP_MANAGERS)
    client.force_login(programme_lead)
    url = _remove_url(manager, "sp-manager")
    response = client.get(url)
    assert response.status_code == 200
    assert b"Remove the SP manager role from m@example.nhs.uk?" in response.content
    assert manager.groups.filter(name=SP_MANAGERS).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == PEOPLE
    manager.refresh_from_db()
    assert manager.groups.count() == 0
    assert manager.is_staff is False
    change = StaffRoleChange.objects.get(action=StaffRoleAction.REMOVED)
    assert (change.user, change.role, change.changed_by) == (manager, SP_MANAGERS, programme_lead)
    page = client.get(PEOPLE)
    assert b"m@example.nhs.uk is no longer an SP manager." in page.content
    assert b"Removed the role" in page.content


def test_removing_one_of_two_roles_keeps_staff_access(programme_lead):
    both = StaffFactory(role=SP_MANAGERS)
    Group.objects.get(name=PROGRAMME_LEADS).user_set.add(both)
    staff_role_remove(user=both, role=SP_MANAGERS, changed_by=programme_lead)
    both.refresh_from_db()
    assert list(both.groups.values_list("name", flat=True)) == [PROGRAMME_LEADS]
    assert both.is_staff is True


def test_the_last_programme_lead_cannot_remove_their_own_role(client, programme_lead):
    client.force_login(programme_lead)
    url = _remove_url(programme_lead, "programme-lead")
    response = client.get(url)
    assert b"is the only programme lead" in response.content
    assert b"Remove the role</button>" not in response.content
    response = client.post(url)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"{programme_lead.email} is the only programme lead. Give someone else the programme "
        "lead role first: someone must be able to give staff roles."
    ]
    assert programme_lead.groups.filter(name=PROGRAMME_LEADS).exists()
    assert StaffRoleChange.objects.filter(action=StaffRoleAction.REMOVED).count() == 0


def test_a_lead_can_remove_their_own_role_when_another_lead_remains(client, programme_lead):
    StaffFactory(role=PROGRAMME_LEADS)
    client.force_login(programme_lead)
    response = client.post(_remove_url(programme_lead, "programme-lead"))
    assert response.status_code == 302
    assert not programme_lead.groups.filter(name=PROGRAMME_LEADS).exists()
    # Without the role the page is closed to them at once.
    assert client.get(PEOPLE).status_code == 403


def test_removing_a_role_the_person_does_not_hold_is_not_found(client, programme_lead):
    manager = StaffFactory(role=SP_MANAGERS)
    client.force_login(programme_lead)
    assert client.get(_remove_url(manager, "programme-lead")).status_code == 404
    assert client.get(_remove_url(manager, "superuser")).status_code == 404
    assert (
        client.post(reverse("staff:people:remove", args=[999999, "sp-manager"])).status_code == 404
    )


def test_staff_role_remove_refuses_the_last_lead_in_the_service(programme_lead):
    with pytest.raises(StaffRoleError):
        staff_role_remove(user=programme_lead, role=PROGRAMME_LEADS, changed_by=programme_lead)


def test_a_new_installations_superuser_can_give_the_first_staff_roles(client, settings):
    from tests.mfa import log_in_with_mfa

    settings.ELLW_STAFF_MFA_REQUIRED = True
    admin = User.objects.create_superuser(email="first@nhs.net", password="x" * 12)
    client.force_login(admin)
    assert client.get(reverse("staff:people:list")).status_code == 302  # MFA first
    log_in_with_mfa(client, admin)
    assert client.get(reverse("staff:people:list")).status_code == 200
