"""The personal calendar feed and the per-session calendar file: they parse with
icalendar, hold the participant's own sessions at the right London times, and a reset
address stops working."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import EnrolmentEventKind, SessionKind
from cohorts.models import Enrolment, EnrolmentEvent
from modules.models import Speaker
from tests.factories import ActionLearningSetFactory, EnrolmentFactory, SessionFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _feed_path(client, enrolment) -> str:
    """The feed address shown on the participant's page, as a path."""
    client.force_login(enrolment.participant)
    (programme,) = client.get("/my-programme/").context["programmes"]
    return programme.feed_url.removeprefix("http://testserver")


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_feed_holds_own_sessions_at_london_times_across_the_clock_change(client):
    enrolment = EnrolmentFactory()
    cohort = enrolment.cohort
    alset = ActionLearningSetFactory(cohort=cohort, name="Set A")
    other_set = ActionLearningSetFactory(cohort=cohort, name="Set B")
    enrolment.action_learning_set = alset
    enrolment.save()
    winter = SessionFactory(
        cohort=cohort,
        title="Winter",
        starts_at=datetime.datetime(2022, 1, 10, 10, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 1, 10, 13, 0, tzinfo=UTC),
    )
    SessionFactory(
        cohort=cohort,
        title="Summer",
        kind=SessionKind.SET_MEETING,
        action_learning_set=alset,
        online_link="https://teams.example/meet",
        venue="",
        starts_at=datetime.datetime(2022, 3, 28, 9, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 3, 28, 11, 0, tzinfo=UTC),
    )
    SessionFactory(
        cohort=cohort,
        title="Other set",
        kind=SessionKind.SET_MEETING,
        action_learning_set=other_set,
    )
    SessionFactory(title="Another cohort")
    path = _feed_path(client, enrolment)
    client.logout()

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-wr-calname"]) == f"ELLW {cohort.name}"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = _events(response.content)
    assert sorted(events) == ["ELLW: Summer", "ELLW: Winter"]
    winter_event, summer_event = events["ELLW: Winter"], events["ELLW: Summer"]
    assert winter_event["dtstart"].params["TZID"] == "Europe/London"
    assert winter_event["dtstart"].dt.replace(tzinfo=None) == datetime.datetime(2022, 1, 10, 10)
    assert summer_event["dtstart"].dt.replace(tzinfo=None) == datetime.datetime(2022, 3, 28, 10)
    assert summer_event["dtend"].dt.replace(tzinfo=None) == datetime.datetime(2022, 3, 28, 12)
    assert summer_event["dtstart"].dt.astimezone(UTC) == datetime.datetime(
        2022, 3, 28, 9, 0, tzinfo=UTC
    )
    assert str(summer_event["location"]) == "https://teams.example/meet"
    assert str(winter_event["uid"]) == f"session-{winter.pk}@testserver"
    assert "ellw-" in response["Content-Disposition"]


def test_feed_address_is_the_same_on_every_view(client):
    enrolment = EnrolmentFactory()

    assert _feed_path(client, enrolment) == _feed_path(client, enrolment)
    enrolment.refresh_from_db()
    assert len(enrolment.calendar_feed_token_hash) == 64


def test_feed_of_unknown_or_tampered_address_is_not_found(client):
    enrolment = EnrolmentFactory()
    path = _feed_path(client, enrolment)

    tampered = path.replace(".ics", "x.ics")

    assert client.get(tampered).status_code == 404
    assert client.get("/calendar/nonsense.ics").status_code == 404


def test_reset_feed_address_stops_the_old_one_and_is_recorded(client):
    enrolment = EnrolmentFactory()
    old = _feed_path(client, enrolment)
    reset = reverse("programme:calendar_feed_reset", kwargs={"pk": enrolment.pk})

    assert client.get(reset).status_code == 200
    response = client.post(reset)

    assert response.status_code == 302
    new = _feed_path(client, enrolment)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    event = EnrolmentEvent.objects.get(enrolment=enrolment)
    assert (event.kind, event.actor) == (EnrolmentEventKind.FEED_RESET, enrolment.participant)


def test_someone_else_cannot_reset_a_feed(client):
    enrolment = EnrolmentFactory()
    other = EnrolmentFactory()
    _feed_path(client, enrolment)
    before = Enrolment.objects.get(pk=enrolment.pk).calendar_feed_token_hash
    client.force_login(other.participant)

    response = client.post(reverse("programme:calendar_feed_reset", kwargs={"pk": enrolment.pk}))

    assert response.status_code == 403
    assert Enrolment.objects.get(pk=enrolment.pk).calendar_feed_token_hash == before


def test_withdrawn_participants_feed_is_empty(client):
    enrolment = EnrolmentFactory()
    SessionFactory(cohort=enrolment.cohort)
    path = _feed_path(client, enrolment)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        withdrawn_at=datetime.datetime(2022, 1, 1, tzinfo=UTC)
    )

    response = client.get(path)

    assert response.status_code == 200
    assert _events(response.content) == {}


def test_session_calendar_file_for_the_participant_expected_at_it(client):
    enrolment = EnrolmentFactory()
    session = SessionFactory(cohort=enrolment.cohort, title="Induction day")
    client.force_login(enrolment.participant)

    response = client.get(reverse("programme:session_ics", kwargs={"pk": session.pk}))

    assert response.status_code == 200
    assert list(_events(response.content)) == ["ELLW: Induction day"]


def test_session_calendar_file_refused_to_another_participant(client):
    session = SessionFactory()
    other = EnrolmentFactory()
    client.force_login(other.participant)

    response = client.get(reverse("programme:session_ics", kwargs={"pk": session.pk}))

    assert response.status_code == 403


def test_session_calendar_file_of_another_sets_meeting_is_refused(client):
    enrolment = EnrolmentFactory()
    other_set = ActionLearningSetFactory(cohort=enrolment.cohort)
    meeting = SessionFactory(
        cohort=enrolment.cohort, kind=SessionKind.SET_MEETING, action_learning_set=other_set
    )
    client.force_login(enrolment.participant)

    response = client.get(reverse("programme:session_ics", kwargs={"pk": meeting.pk}))

    assert response.status_code == 403


def test_session_calendar_file_for_staff(client, sp_manager):
    session = SessionFactory()
    log_in_with_mfa(client, sp_manager)

    response = client.get(reverse("programme:session_ics", kwargs={"pk": session.pk}))

    assert response.status_code == 200


def test_session_calendar_file_needs_log_in(client):
    session = SessionFactory()

    response = client.get(reverse("programme:session_ics", kwargs={"pk": session.pk}))

    assert response.status_code == 302


def test_a_feed_fetched_again_is_the_same_file_until_a_session_changes(client, monkeypatch):
    # The rendered file is kept under a digest of what it says: fetched again, an hour
    # later, it is the same file (DTSTAMP included), and any change to a session or a
    # speaker shows at once.
    enrolment = EnrolmentFactory()
    session = SessionFactory(cohort=enrolment.cohort, title="Coaching")
    path = _feed_path(client, enrolment)
    client.logout()
    first = client.get(path).content
    an_hour_later = timezone.now() + datetime.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: an_hour_later)
    assert client.get(path).content == first

    session.venue = "Barking Learning Centre, IG11"
    session.save()
    moved = client.get(path).content
    assert moved != first
    assert str(_events(moved)["ELLW: Coaching"]["location"]) == "Barking Learning Centre, IG11"

    speaker = Speaker.objects.create(full_name="Dr Ada Mensah", kind="trainer")
    session.speakers.add(speaker)
    assert "Dr Ada Mensah" in str(
        _events(client.get(path).content)["ELLW: Coaching"]["description"]
    )
    speaker.full_name = "Dr Ada Mensah-Boateng"
    speaker.save()
    described = str(_events(client.get(path).content)["ELLW: Coaching"]["description"])
    assert "Dr Ada Mensah-Boateng" in described
