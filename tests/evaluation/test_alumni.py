"""Alumni progress: requests due exactly N calendar months after graduating (not a day
short), never twice; the graduate's link (tampered, expired, reused) and short form; the
lead's outcomes page."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from ellw.mail.models import OutboundEmail
from evaluation.models import AlumniUpdate
from evaluation.selectors.alumni import alumni_updates_submitted
from evaluation.services.alumni import (
    alumni_link_check,
    alumni_updates_request,
    graduated_by,
)
from evaluation.tasks import alumni_updates_request_task
from tests.applications.helpers import last_email_to
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Midday in London on the day the requests are checked.
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=LONDON)
GRADUATE_EMAIL = "aisha.khan@example.nhs.uk"


def graduate(graduated_on: datetime.date, **kwargs):
    participant = kwargs.pop("participant", None) or UserFactory(
        full_name="Aisha Khan", email=GRADUATE_EMAIL
    )
    cohort = kwargs.pop("cohort", None) or CohortFactory(name="Cohort 1")
    return EnrolmentFactory(
        cohort=cohort, participant=participant, graduated_on=graduated_on, **kwargs
    )


def link_path() -> str:
    return re.search(r"http://testserver(/alumni/\S+/)", last_email_to(GRADUATE_EMAIL).body_text)[1]


def at(monkeypatch, moment: datetime.datetime) -> None:
    """Stop the clock at this moment (the outside world's time, not our code)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- when a request is due --------------------------------------------------------------------


def test_the_update_is_due_exactly_six_calendar_months_after_graduating():
    enrolment = graduate(datetime.date(2026, 5, 25))
    assert alumni_updates_request(now=NOW) == 1
    update = AlumniUpdate.objects.get()
    assert (update.enrolment, update.months_after, update.requested_at) == (enrolment, 6, NOW)
    assert update.link_expires_at == NOW + datetime.timedelta(days=60)
    email = last_email_to(GRADUATE_EMAIL)
    assert email.subject == (
        "6 months on from the Emerging Leaders Link Worker programme: how are things?"
    )
    assert "It is 6 months since you graduated from Cohort 1" in email.body_text
    assert "Please answer by 24 January 2027" in email.body_text


def test_the_update_is_not_due_one_day_short_of_six_months():
    graduate(datetime.date(2026, 5, 26))
    assert alumni_updates_request(now=NOW) == 0
    assert AlumniUpdate.objects.count() == 0
    assert alumni_updates_request(now=NOW + datetime.timedelta(days=1)) == 1


def test_a_request_about_three_months_overdue_is_not_sent():
    """The first run after a deploy does not ask graduates of long ago about their first
    six months (and their twelve are not due yet)."""
    # Six months ago is 25 May 2026: a graduate of 89 days before that is asked now (late),
    # one of 90 days before it is not.
    first = graduate(datetime.date(2026, 2, 25))
    graduate(
        datetime.date(2026, 2, 24),
        participant=UserFactory(email="ben@example.nhs.uk"),
        cohort=first.cohort,
    )
    assert alumni_updates_request(now=NOW) == 1
    assert AlumniUpdate.objects.get().enrolment == first


def test_the_end_of_a_longer_month_is_due_on_the_last_day_of_a_shorter_one():
    graduate(datetime.date(2026, 8, 31))
    feb_27 = datetime.datetime(2027, 2, 27, 12, tzinfo=LONDON)
    assert alumni_updates_request(now=feb_27) == 0
    assert alumni_updates_request(now=feb_27 + datetime.timedelta(days=1)) == 1
    assert graduated_by(datetime.date(2027, 2, 28), 6) == datetime.date(2026, 8, 31)
    assert graduated_by(datetime.date(2027, 2, 27), 6) == datetime.date(2026, 8, 27)


def test_the_date_is_london_time_not_utc():
    graduate(datetime.date(2026, 5, 25))
    # 00:30 on 25 November in London is still the 25th; 23:30 on the 24th is not due.
    assert alumni_updates_request(now=datetime.datetime(2026, 11, 24, 23, 30, tzinfo=LONDON)) == 0
    assert alumni_updates_request(now=datetime.datetime(2026, 11, 25, 0, 30, tzinfo=LONDON)) == 1


def test_a_request_is_never_sent_twice():
    graduate(datetime.date(2026, 5, 25))
    assert alumni_updates_request(now=NOW) == 1
    assert alumni_updates_request(now=NOW) == 0
    assert alumni_updates_request(now=NOW + datetime.timedelta(days=3)) == 0
    assert AlumniUpdate.objects.count() == 1
    assert OutboundEmail.objects.filter(template="alumni_update_request").count() == 1


def test_the_database_refuses_a_second_row_for_the_same_interval():
    enrolment = graduate(datetime.date(2026, 5, 25))
    alumni_updates_request(now=NOW)
    with pytest.raises(IntegrityError):
        AlumniUpdate.objects.create(
            enrolment=enrolment,
            months_after=6,
            requested_at=NOW,
            link_nonce="x",
            token_hash="y",
            link_expires_at=NOW,
        )


def test_at_twelve_months_the_second_update_is_asked_and_the_first_is_not_asked_late():
    at_six = graduate(datetime.date(2026, 5, 25))  # six months today
    at_twelve = graduate(
        datetime.date(2025, 11, 25),  # twelve months today: its six are not asked late
        participant=UserFactory(email="ben@example.nhs.uk"),
        cohort=at_six.cohort,
    )
    assert alumni_updates_request(now=NOW) == 2
    assert set(AlumniUpdate.objects.values_list("enrolment", "months_after")) == {
        (at_six.pk, 6),
        (at_twelve.pk, 12),
    }
    # The first graduate's twelve months fall due on 25 May 2027.
    assert alumni_updates_request(now=NOW + datetime.timedelta(days=180)) == 0
    assert alumni_updates_request(now=NOW + datetime.timedelta(days=181)) == 1
    assert alumni_updates_request(now=NOW + datetime.timedelta(days=400)) == 0


def test_withdrawn_and_not_yet_graduated_are_not_asked():
    graduate(datetime.date(2026, 1, 5), withdrawn_at=NOW - datetime.timedelta(days=400))
    EnrolmentFactory(graduated_on=None)
    assert alumni_updates_request(now=NOW) == 0


def test_the_task_asks_everyone_who_is_due(settings):
    graduate(timezone.localdate() - datetime.timedelta(days=200))
    alumni_updates_request_task()
    assert AlumniUpdate.objects.get().months_after == 6
    assert settings.CELERY_BEAT_SCHEDULE["alumni-update-requests"]["task"] == (
        alumni_updates_request_task.name
    )


# --- the graduate's link ---------------------------------------------------------------------


@pytest.fixture
def asked():
    enrolment = graduate(timezone.localdate() - datetime.timedelta(days=200))
    alumni_updates_request()
    return AlumniUpdate.objects.get(enrolment=enrolment)


ANSWERS = {
    "current_role": "Lead social prescribing link worker",
    "organisation": "Hackney GP Confederation",
    "promoted": "yes",
    "new_responsibilities": "I supervise three link workers.",
    "leadership_activities": "",
    "qi_projects_led": "2",
    "mentoring_others": "no",
}


def test_the_graduate_opens_the_link_and_sends_the_update_once(client, asked):
    path = link_path()
    token = path.split("/")[2]
    opened = client.get(path)
    page_url = reverse("alumni:update", args=[asked.pk])
    assert (opened.status_code, opened["Location"]) == (302, page_url)
    assert page_url == f"/alumni/update/{asked.pk}/"
    assert opened["Referrer-Policy"] == "no-referrer"
    stored = client.session["alumni_update_links"]
    assert list(stored) == [str(asked.pk)] and token not in stored[str(asked.pk)]

    page = client.get(page_url)
    assert page.status_code == 200
    assert token not in page.content.decode()
    assert "How are things 6 months on?" in page.content.decode()

    empty = client.post(page_url, {})
    assert empty.status_code == 400
    assert "Answer at least one question" in empty.content.decode()
    bad = client.post(page_url, {**ANSWERS, "qi_projects_led": "lots"})
    assert bad.status_code == 400
    assert "Enter the number of projects as a whole number, like 2" in bad.content.decode()
    assert "I supervise three link workers." in bad.content.decode()  # nothing typed is lost
    asked.refresh_from_db()
    assert asked.submitted_at is None

    sent = client.post(page_url, ANSWERS)
    assert sent.status_code == 200
    assert b"We have your update." in sent.content
    asked.refresh_from_db()
    assert (
        asked.current_role,
        asked.organisation,
        asked.promoted,
        asked.new_responsibilities,
        asked.leadership_activities,
        asked.qi_projects_led,
        asked.mentoring_others,
    ) == (
        "Lead social prescribing link worker",
        "Hackney GP Confederation",
        True,
        "I supervise three link workers.",
        "",
        2,
        False,
    )
    assert asked.submitted_at is not None

    again = client.get(path)
    assert again.status_code == 410
    assert b"You have already sent this update" in again.content
    resent = client.post(page_url, {**ANSWERS, "current_role": "Changed"})
    assert resent.status_code == 410
    asked.refresh_from_db()
    assert asked.current_role == "Lead social prescribing link worker"


def test_one_answer_is_enough_and_unanswered_yes_no_stays_unknown(client, asked):
    client.get(link_path())
    response = client.post(reverse("alumni:update", args=[asked.pk]), {"mentoring_others": "yes"})
    assert response.status_code == 200
    asked.refresh_from_db()
    assert (asked.mentoring_others, asked.promoted, asked.qi_projects_led, asked.current_role) == (
        True,
        None,
        None,
        "",
    )


def test_a_tampered_alumni_link_is_not_found(client, asked):
    path = link_path()
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 404
    assert b"This link is not valid" in response.content
    assert response["Referrer-Policy"] == "no-referrer"
    assert "alumni_update_links" not in client.session


def test_the_alumni_link_works_one_second_before_it_expires(client, asked, monkeypatch):
    path = link_path()
    at(monkeypatch, asked.link_expires_at - datetime.timedelta(seconds=1))
    assert client.get(path).status_code == 302


def test_the_alumni_link_is_gone_exactly_when_it_expires(client, asked, monkeypatch):
    path = link_path()
    at(monkeypatch, asked.link_expires_at)
    response = client.get(path)
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert alumni_link_check(path.split("/")[2]).state == "expired"


def test_the_update_page_in_another_browser_shows_how_to_open_it(client, asked):
    client.get(link_path())
    client.cookies.clear()
    response = client.post(reverse("alumni:update", args=[asked.pk]), ANSWERS)
    assert response.status_code == 404
    assert b"Open the link in your e-mail again" in response.content
    asked.refresh_from_db()
    assert asked.submitted_at is None


# --- the lead's page ---------------------------------------------------------------------


def test_the_lead_sees_outcomes_per_interval_and_the_updates_received(client, programme_lead):
    cohort_1, cohort_2 = CohortFactory(name="Cohort 1"), CohortFactory(name="Cohort 2")
    submitted = timezone.now()
    for n, (cohort, months, promoted, projects) in enumerate(
        [(cohort_1, 6, True, 2), (cohort_1, 6, False, 1), (cohort_2, 12, True, 3)]
    ):
        AlumniUpdate.objects.create(
            enrolment=EnrolmentFactory(cohort=cohort, participant=UserFactory(full_name=f"G{n}")),
            months_after=months,
            requested_at=submitted,
            link_nonce=f"n{n}",
            token_hash=f"h{n}",
            link_expires_at=submitted,
            submitted_at=submitted,
            current_role="Senior link worker",
            organisation=f"Org {n}",
            promoted=promoted,
            qi_projects_led=projects,
            new_responsibilities="A long answer that the list does not show.",
        )
    AlumniUpdate.objects.create(  # asked, not answered
        enrolment=EnrolmentFactory(cohort=cohort_1),
        months_after=6,
        requested_at=submitted,
        link_nonce="n9",
        token_hash="h9",
        link_expires_at=submitted,
    )
    log_in_with_mfa(client, programme_lead)
    url = reverse("staff:evaluation:alumni")
    page = client.get(url).content.decode()
    assert "across every cohort" in page
    six = re.search(r"6 months</th>(.*?)</tr>", page, re.S)[1]
    cells = re.findall(r"</span>([^<]*)</td>", six)
    assert cells == ["3", "2 (67%)", "1 (50%)", "2", "0", "3", "0 (0%)"]
    assert "Showing 1 to 3 of 3 updates, newest first." in page
    assert "A long answer that the list does not show." not in page
    # Each update opens in full, written answers included; an unanswered one has no page.
    first = AlumniUpdate.objects.filter(submitted_at__isnull=False).order_by("pk").first()
    detail = reverse("staff:evaluation:alumni_update", args=[first.pk])
    assert f'href="{detail}"' in page
    full = client.get(detail).content.decode()
    assert "A long answer that the list does not show." in full
    assert "Org 0" in full
    unanswered = AlumniUpdate.objects.get(submitted_at__isnull=True)
    assert (
        client.get(reverse("staff:evaluation:alumni_update", args=[unanswered.pk])).status_code
        == 404
    )

    only_2 = client.get(url, {"cohort": cohort_2.pk}).content.decode()
    assert "Showing 1 to 1 of 1 update, newest first." in only_2
    assert "6 months</th>" not in only_2 and "12 months</th>" in only_2
    assert "Org 2" in only_2 and "Org 0" not in only_2


def test_the_outcomes_list_defers_the_long_answers(asked):
    AlumniUpdate.objects.update(submitted_at=timezone.now(), current_role="Lead")
    update = alumni_updates_submitted().get()
    assert {"new_responsibilities", "leadership_activities", "link_nonce", "token_hash"} <= (
        update.get_deferred_fields()
    )


def test_only_the_programme_lead_sees_alumni_outcomes(client, sp_manager, link_worker):
    url = reverse("staff:evaluation:alumni")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    log_in_with_mfa(client, sp_manager)
    assert client.get(url).status_code == 403
    client.force_login(link_worker)
    assert client.get(url).status_code == 403


# --- the lead sees who was asked, and sends a request again ----------------------------------


def test_the_lead_sees_each_waiting_request_and_sends_it_again_with_a_new_link(
    client, programme_lead, asked, django_capture_on_commit_callbacks
):
    first_link = link_path()
    AlumniUpdate.objects.filter(pk=asked.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=3)
    )
    log_in_with_mfa(client, programme_lead)
    url = reverse("staff:evaluation:alumni")

    page = client.get(url).content.decode()
    waiting = page.split("Requests waiting for an answer", 1)[1].split("Updates received", 1)[0]
    assert "Aisha Khan" in waiting and GRADUATE_EMAIL in waiting
    assert "Works until" in waiting and "Send again" in waiting

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:evaluation:alumni_resend", args=[asked.pk]), follow=True
        )

    assert "The request is sent again to Aisha Khan with a new link" in response.content.decode()
    new_link = link_path()
    assert new_link != first_link
    assert client.get(first_link).status_code == 404  # the old link stops working
    assert client.get(new_link).status_code == 302  # opens the update form
    asked.refresh_from_db()
    assert asked.last_sent_at is not None
    assert OutboundEmail.objects.filter(template="alumni_update_request").count() == 2


def test_sending_again_is_held_back_for_a_day(client, programme_lead, asked):
    log_in_with_mfa(client, programme_lead)
    url = reverse("staff:evaluation:alumni_resend", args=[asked.pk])

    response = client.post(url, follow=True)

    assert "was sent less than 24 hours ago" in response.content.decode()
    assert OutboundEmail.objects.filter(template="alumni_update_request").count() == 1


def test_an_answered_request_is_not_sent_again(programme_lead, asked):
    from evaluation.services.alumni import AlumniRuleError, alumni_update_resend

    AlumniUpdate.objects.filter(pk=asked.pk).update(
        submitted_at=timezone.now(), requested_at=timezone.now() - datetime.timedelta(days=9)
    )

    with pytest.raises(AlumniRuleError, match="Aisha Khan has already answered"):
        alumni_update_resend(update=asked, actor=programme_lead)


def test_sp_managers_cannot_send_a_request_again(client, sp_manager, asked):
    log_in_with_mfa(client, sp_manager)

    response = client.post(reverse("staff:evaluation:alumni_resend", args=[asked.pk]))

    assert response.status_code == 403
    assert OutboundEmail.objects.filter(template="alumni_update_request").count() == 1
