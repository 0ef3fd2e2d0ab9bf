"""Public pages for visitors who are not signed in: each web process answers them from its
copy of the page until what the page shows changes (ellw.cache.public_page)."""

import datetime

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Role
from ellw.cache import public_page
from modules.models import Module
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "cohorts:open", "programme"]


def _selects(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for query in queries.captured_queries if query["sql"].startswith("SELECT"))


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_second_visitor_is_answered_from_the_copy(client, name):
    url = reverse(name)
    first = client.get(url)
    assert _selects(client, url) == 0
    assert client.get(url).content == first.content


def test_a_new_cohort_shows_at_once_when_its_change_commits(
    client, django_capture_on_commit_callbacks
):
    assert b"Cohort of the national offer" not in client.get(reverse("home")).content
    with django_capture_on_commit_callbacks(execute=True):
        CohortFactory(name="Cohort of the national offer")
    for name in ("home", "cohorts:open"):
        assert b"Cohort of the national offer" in client.get(reverse(name)).content


def test_a_cohort_closing_and_a_role_renamed_show_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cohort = CohortFactory(name="Cohort closing today")
    assert b"Cohort closing today" in client.get(reverse("cohorts:open")).content
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        cohort.applications_close_on = yesterday
        cohort.save()
    assert b"Cohort closing today" not in client.get(reverse("cohorts:open")).content

    with django_capture_on_commit_callbacks(execute=True):
        cohort.applications_close_on = timezone.localdate()
        cohort.save()
    with django_capture_on_commit_callbacks(execute=True):
        Role.objects.filter(slug="social-prescribing-link-worker").get().save()
        cohort.eligible_roles.add(
            Role.objects.create(name="Health and wellbeing coach", slug="hwc")
        )
    assert b"Health and wellbeing coach" in client.get(reverse("cohorts:open")).content


def test_a_module_renamed_shows_on_the_programme_page_at_once(
    client, django_capture_on_commit_callbacks
):
    client.get(reverse("programme"))
    module = Module.objects.order_by("position").first()
    with django_capture_on_commit_callbacks(execute=True):
        module.name = "Coaching for system change"
        module.save()
    assert b"Coaching for system change" in client.get(reverse("programme")).content


def test_a_change_not_yet_committed_leaves_the_copy(client):
    # Bumped before its commit, a request in between could keep the old page as new.
    client.get(reverse("home"))
    CohortFactory(name="Cohort still in its transaction")
    assert b"Cohort still in its transaction" not in client.get(reverse("home")).content


def test_a_signed_in_visitor_gets_their_own_page(client, link_worker):
    anonymous = client.get(reverse("home")).content
    client.force_login(link_worker)
    mine = client.get(reverse("home"))
    assert mine.content != anonymous
    assert link_worker.email.encode() in mine.content
    client.logout()  # a session cookie may remain: such visitors get the view itself
    assert link_worker.email.encode() not in client.get(reverse("home")).content


def test_a_query_string_is_never_kept(client):
    client.get(reverse("home"))
    assert _selects(client, reverse("home") + "?utm_source=newsletter") > 0
    assert _selects(client, reverse("home") + "?utm_source=newsletter") > 0


def test_a_page_is_kept_for_each_host_separately(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "ellw.example.nhs.uk"]
    client.get(reverse("home"))
    assert _selects(client, reverse("home")) == 0
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"), HTTP_HOST="ellw.example.nhs.uk")
    assert any(query["sql"].startswith("SELECT") for query in queries.captured_queries)


def test_a_page_with_a_csrf_token_or_a_cookie_is_never_kept():
    calls = []

    @public_page
    def with_form(request):
        calls.append("form")
        template = engines["django"].from_string("<form>{% csrf_token %}</form>")
        return HttpResponse(template.render({}, request))

    @public_page
    def with_cookie(request):
        calls.append("cookie")
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    for view, path in ((with_form, "/form/"), (with_cookie, "/cookie/")):
        for _ in range(2):
            request = RequestFactory().get(path)
            assert view(request).status_code == 200
    assert calls == ["form", "form", "cookie", "cookie"]


def test_an_error_page_is_never_kept():
    calls = []

    @public_page
    def failing(request):
        calls.append(1)
        return HttpResponse("try later", status=503)

    for _ in range(2):
        assert failing(RequestFactory().get("/failing/")).status_code == 503
    assert len(calls) == 2


def test_the_copy_is_for_the_day_it_was_made(client, django_capture_on_commit_callbacks):
    # Which cohorts are open depends on the day: tomorrow's visitor gets tomorrow's page.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        CohortFactory(name="Cohort opening tomorrow", applications_open_on=tomorrow)
    assert b"Cohort opening tomorrow" not in client.get(reverse("cohorts:open")).content
    real_localdate = timezone.localdate

    def localdate_tomorrow(*args, **kwargs):
        return real_localdate(*args, **kwargs) + datetime.timedelta(days=1)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", localdate_tomorrow)
        assert b"Cohort opening tomorrow" in client.get(reverse("cohorts:open")).content


def test_a_visitor_with_a_message_waiting_gets_the_view_itself(client):
    client.get(reverse("home"))
    assert _selects(client, reverse("home")) == 0
    client.cookies["messages"] = "a message from the last page"
    assert _selects(client, reverse("home")) > 0
