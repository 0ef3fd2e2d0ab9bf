"""Every applicant-side page of the application journey, for every kind of visitor."""

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from tests.factories import ApplicationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus

VISITORS = ["anonymous", "applicant", "another applicant", "sp manager", "programme lead"]


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False


def visit(client, visitor: str, application, method: str, url: str):
    people = {
        "applicant": application.applicant,
        "another applicant": UserFactory(),
        "sp manager": StaffFactory(role="SP managers"),
        "programme lead": StaffFactory(role="Programme leads"),
    }
    if visitor != "anonymous":
        client.force_login(people[visitor])
    return getattr(client, method)(url)


# (url name, status the application is in, method, expected status per visitor)
PAGES = [
    ("applications:detail", S.AWAITING_ENDORSEMENT, "get", [302, 200, 403, 200, 200]),
    ("applications:edit", S.DRAFT, "get", [302, 200, 403, 403, 403]),
    ("applications:withdraw", S.AWAITING_ENDORSEMENT, "get", [302, 200, 403, 403, 403]),
    ("applications:change_endorser", S.AWAITING_ENDORSEMENT, "get", [302, 200, 403, 200, 200]),
    ("applications:change_endorser", S.NOT_ENDORSED, "get", [302, 200, 403, 200, 200]),
    ("applications:resend_endorsement", S.NOT_ENDORSED, "post", [302, 403, 403, 403, 403]),
    ("applications:resend_endorsement", S.AWAITING_ENDORSEMENT, "post", [302, 302, 403, 302, 302]),
    ("applications:respond_to_offer", S.OFFERED, "get", [302, 200, 403, 403, 403]),
]


@pytest.mark.parametrize(("name", "status", "method", "expected"), PAGES)
@pytest.mark.parametrize("visitor_index", range(len(VISITORS)), ids=VISITORS)
def test_page_access(client, name, status, method, expected, visitor_index):
    application = ApplicationFactory(status=status)
    url = reverse(name, args=[application.pk])
    response = visit(client, VISITORS[visitor_index], application, method, url)
    assert response.status_code == expected[visitor_index]
    if VISITORS[visitor_index] == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_my_applications_needs_log_in(client):
    response = client.get(reverse("applications:mine"))
    assert response["Location"] == f"{reverse('account_login')}?next=/applications/"


def test_apply_needs_log_in(client):
    application = ApplicationFactory.build()
    url = reverse("applications:apply", args=["cohort-2"])
    assert client.get(url)["Location"] == f"{reverse('account_login')}?next={url}"
    assert application.pk is None


def test_unknown_application_is_not_found(client, link_worker):
    client.force_login(link_worker)
    assert client.get(reverse("applications:detail", args=[999999])).status_code == 404


def test_endorsement_link_shows_only_its_own_application(client):
    from applications.services import endorsement_resend
    from tests.applications.helpers import endorsement_page

    mine = ApplicationFactory(full_name="Mine Person", clinical_director_email="cd@nhs.net")
    ApplicationFactory(full_name="Other Person", clinical_director_email="cd@nhs.net")
    endorsement_resend(application=mine, actor=mine.applicant)
    content = client.get(endorsement_page(client, "cd@nhs.net")).content
    assert b"Mine Person" in content
    assert b"Other Person" not in content
