"""Who may reach the SP managers' pages: staff only; anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.models import ApplicationEvent, ApplicationNote
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus

# name → (method, how to build the URL from the application, data, what staff get)
PAGES = {
    "queue": ("get", lambda a: reverse("staff:applications:queue"), None, 200),
    "export": ("get", lambda a: reverse("staff:applications:export"), None, 200),
    "detail": ("get", lambda a: reverse("staff:applications:detail", args=[a.pk]), None, 200),
    "decide_get": (
        "get",
        lambda a: reverse("staff:applications:decide", args=[a.pk, "reject"]),
        None,
        200,
    ),
    "decide_post": (
        "post",
        lambda a: reverse("staff:applications:decide", args=[a.pk, "reject"]),
        {"message": ""},
        302,
    ),
    "add_note": (
        "post",
        lambda a: reverse("staff:applications:add_note", args=[a.pk]),
        {"text": "A note"},
        302,
    ),
    "offer_next": (
        "post",
        lambda a: reverse("staff:applications:offer_next", args=[a.cohort_id]),
        None,
        302,
    ),
    # Nobody waits in these tests: the confirmation page goes back to the queue.
    "offer_next_get": (
        "get",
        lambda a: reverse("staff:applications:offer_next", args=[a.cohort_id]),
        None,
        302,
    ),
    # The application is not offered: staff reach the page and are refused there.
    "rescind_offer_get": (
        "get",
        lambda a: reverse("staff:applications:rescind_offer", args=[a.pk]),
        None,
        302,
    ),
    "rescind_offer_post": (
        "post",
        lambda a: reverse("staff:applications:rescind_offer", args=[a.pk]),
        {"reason": "A reason"},
        400,
    ),
}


@pytest.fixture
def application(link_worker):
    return ApplicationFactory(applicant=link_worker, status=S.AWAITING_ENDORSEMENT)


def visit(client, page: str, application):
    method, url, data, _ = PAGES[page]
    path = url(application)
    return path, getattr(client, method)(path, data or {})


def assert_nothing_changed(application) -> None:
    application.refresh_from_db()
    assert application.status == S.AWAITING_ENDORSEMENT
    assert ApplicationEvent.objects.count() == 0
    assert ApplicationNote.objects.count() == 0


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, application, page):
    path, response = visit(client, page, application)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path}"
    assert_nothing_changed(application)


@pytest.mark.parametrize("page", PAGES)
def test_the_applicant_is_forbidden(client, application, link_worker, page):
    client.force_login(link_worker)
    _, response = visit(client, page, application)
    assert response.status_code == 403
    assert_nothing_changed(application)


@pytest.mark.parametrize("page", PAGES)
def test_another_applicant_is_forbidden(client, application, page):
    other = UserFactory()
    ApplicationFactory(applicant=other, cohort=application.cohort, status=S.ENDORSED)
    client.force_login(other)
    _, response = visit(client, page, application)
    assert response.status_code == 403
    assert_nothing_changed(application)


@pytest.mark.parametrize("role", ["sp_manager", "programme_lead"])
@pytest.mark.parametrize("page", PAGES)
def test_staff_may_use_every_page(client, application, settings, request, role, page):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(request.getfixturevalue(role))
    _, response = visit(client, page, application)
    assert response.status_code == PAGES[page][3]
