"""The cohort timetable: scheduling sessions in London time across the clock changes, the
rules a session keeps, clash warnings, deleting, and the page's queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.models import Attendance, Session
from modules.models import Module
from tests.factories import (
    ActionLearningSetFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
)
from tests.mfa import log_in_with_mfa

UTC = datetime.UTC

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(
        name="Cohort 1",
        applications_open_on=datetime.date(2021, 10, 1),
        applications_close_on=datetime.date(2021, 11, 30),
        starts_on=datetime.date(2022, 1, 10),
        ends_on=datetime.date(2022, 11, 30),
    )


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def _post(day: datetime.date, start="10:00", end="13:00", **fields) -> dict:
    data = {
        "kind": SessionKind.INDUCTION,
        "title": "",
        "date_0": str(day.day),
        "date_1": str(day.month),
        "date_2": str(day.year),
        "start_time": start,
        "end_time": end,
        "venue": "Stratford Library",
        "online_link": "",
        "notes": "",
    }
    data.update(fields)
    return data


def _new(cohort):
    return reverse("staff:cohorts:session_new", kwargs={"pk": cohort.pk})


def test_session_after_march_clock_change_is_stored_an_hour_earlier_in_utc(lead_client, cohort):
    response = lead_client.post(_new(cohort), _post(datetime.date(2022, 3, 28)))

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == datetime.datetime(2022, 3, 28, 9, 0, tzinfo=UTC)
    assert session.ends_at == datetime.datetime(2022, 3, 28, 12, 0, tzinfo=UTC)
    page = lead_client.get(reverse("staff:cohorts:timetable", kwargs={"pk": cohort.pk}))
    assert "Monday 28 March 2022, 10am to 1pm" in page.content.decode()


def test_session_in_winter_is_stored_at_the_same_hour_in_utc(lead_client, cohort):
    lead_client.post(_new(cohort), _post(datetime.date(2022, 1, 11), "10:00", "13:30"))

    session = Session.objects.get()
    assert session.starts_at == datetime.datetime(2022, 1, 11, 10, 0, tzinfo=UTC)
    page = lead_client.get(reverse("staff:cohorts:timetable", kwargs={"pk": cohort.pk}))
    assert "Tuesday 11 January 2022, 10am to 1:30pm" in page.content.decode()


def test_session_after_october_clock_change_is_stored_at_the_same_hour(lead_client, cohort):
    lead_client.post(_new(cohort), _post(datetime.date(2022, 10, 31)))

    session = Session.objects.get()
    assert session.starts_at == datetime.datetime(2022, 10, 31, 10, 0, tzinfo=UTC)


def test_session_at_a_time_the_spring_change_skips_is_refused(lead_client, cohort):
    response = lead_client.post(_new(cohort), _post(datetime.date(2022, 3, 27), "01:30", "03:00"))

    assert response.status_code == 400
    assert response.context["form"].errors["start_time"] == [
        "Start time 01:30 on 27 March 2022 does not exist in London: the clocks go forward "
        "from 01:00 to 02:00 that night. Choose a time before 01:00 or from 02:00."
    ]
    assert Session.objects.count() == 0


def test_session_at_a_time_the_autumn_change_repeats_takes_the_first_and_says_so(
    lead_client, cohort
):
    response = lead_client.post(
        _new(cohort), _post(datetime.date(2022, 10, 30), "01:30", "03:00"), follow=True
    )

    session = Session.objects.get()
    assert session.starts_at == datetime.datetime(2022, 10, 30, 0, 30, tzinfo=UTC)
    assert session.ends_at == datetime.datetime(2022, 10, 30, 3, 0, tzinfo=UTC)
    assert (
        "Start time 01:30 on 30 October 2022 happens twice in London (the clocks go back at "
        "02:00): we took the first, British Summer Time, which is 00:30 UTC."
    ) in response.content.decode()


def test_session_ending_before_it_starts_is_refused(lead_client, cohort):
    response = lead_client.post(_new(cohort), _post(datetime.date(2022, 1, 11), "13:00", "10:00"))

    assert response.status_code == 400
    assert response.context["form"].errors["end_time"] == [
        "The end time must be after the start time"
    ]
    assert Session.objects.count() == 0


def test_session_without_venue_or_link_is_refused(lead_client, cohort):
    response = lead_client.post(_new(cohort), _post(datetime.date(2022, 1, 11), venue=""))

    assert response.status_code == 400
    assert response.context["form"].errors["venue"] == ["Enter a venue or an online link (or both)"]


def test_module_session_without_module_is_refused(lead_client, cohort):
    response = lead_client.post(
        _new(cohort), _post(datetime.date(2022, 1, 11), kind=SessionKind.MODULE)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["module"] == ["Choose the module this session teaches"]


def test_module_session_with_module_is_saved(lead_client, cohort):
    module = Module.objects.first()
    lead_client.post(
        _new(cohort),
        _post(datetime.date(2022, 1, 11), kind=SessionKind.MODULE, module=module.pk),
    )

    assert Session.objects.get().module == module


def test_set_meeting_of_another_cohorts_set_is_refused(lead_client, cohort):
    other_set = ActionLearningSetFactory(name="Set X")

    response = lead_client.post(
        _new(cohort),
        _post(
            datetime.date(2022, 1, 11),
            kind=SessionKind.SET_MEETING,
            action_learning_set=other_set.pk,
        ),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["action_learning_set"] == [
        "Choose an action learning set of Cohort 1: that set is not one of its sets"
    ]
    assert Session.objects.count() == 0


def test_clash_is_warned_then_saved_when_confirmed(lead_client, cohort):
    SessionFactory(
        cohort=cohort,
        title="Induction day",
        starts_at=datetime.datetime(2022, 1, 11, 9, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 1, 11, 11, 0, tzinfo=UTC),
    )
    data = _post(datetime.date(2022, 1, 11), "10:30", "12:00", title="Welcome")

    first = lead_client.post(_new(cohort), data)

    assert first.status_code == 200
    assert first.context["warnings"] == [
        "It clashes with Induction day (Tuesday 11 January 2022, 9am to 11am), which every "
        "participant attends."
    ]
    assert Session.objects.count() == 1
    digest = first.context["form"]["warnings_seen"].value()

    second = lead_client.post(_new(cohort), {**data, "warnings_seen": digest, "save_anyway": "on"})

    assert second.status_code == 302
    assert Session.objects.filter(title="Welcome").count() == 1


def test_save_anyway_without_the_warnings_digest_does_not_save(lead_client, cohort):
    SessionFactory(
        cohort=cohort,
        starts_at=datetime.datetime(2022, 1, 11, 9, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 1, 11, 11, 0, tzinfo=UTC),
    )
    data = _post(datetime.date(2022, 1, 11), "10:30", "12:00", title="Welcome")

    response = lead_client.post(_new(cohort), {**data, "save_anyway": "on"})

    assert response.status_code == 200
    assert Session.objects.filter(title="Welcome").count() == 0


def test_meetings_of_two_different_sets_at_once_do_not_clash(lead_client, cohort):
    set_a = ActionLearningSetFactory(cohort=cohort, name="Set A")
    set_b = ActionLearningSetFactory(cohort=cohort, name="Set B")
    SessionFactory(
        cohort=cohort,
        kind=SessionKind.SET_MEETING,
        action_learning_set=set_a,
        starts_at=datetime.datetime(2022, 1, 11, 10, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 1, 11, 12, 0, tzinfo=UTC),
    )

    response = lead_client.post(
        _new(cohort),
        _post(
            datetime.date(2022, 1, 11),
            kind=SessionKind.SET_MEETING,
            action_learning_set=set_b.pk,
        ),
    )

    assert response.status_code == 302
    assert Session.objects.filter(action_learning_set=set_b).count() == 1


def test_set_meeting_clashing_with_cohort_session_is_warned(lead_client, cohort):
    set_a = ActionLearningSetFactory(cohort=cohort, name="Set A")
    SessionFactory(
        cohort=cohort,
        title="Induction day",
        starts_at=datetime.datetime(2022, 1, 11, 10, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 1, 11, 12, 0, tzinfo=UTC),
    )

    response = lead_client.post(
        _new(cohort),
        _post(
            datetime.date(2022, 1, 11), kind=SessionKind.SET_MEETING, action_learning_set=set_a.pk
        ),
    )

    assert response.context["warnings"] == [
        "It clashes with Induction day (Tuesday 11 January 2022, 10am to 12pm), which every "
        "participant attends."
    ]


def test_session_outside_the_cohort_dates_is_warned(lead_client, cohort):
    response = lead_client.post(_new(cohort), _post(datetime.date(2022, 12, 5)))

    assert response.context["warnings"] == [
        "It is outside the cohort's dates (10 January 2022 to 30 November 2022)."
    ]
    assert Session.objects.count() == 0


def test_editing_a_session_moves_it_and_allows_a_new_reminder(lead_client, cohort):
    session = SessionFactory(
        cohort=cohort,
        starts_at=datetime.datetime(2022, 1, 11, 10, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 1, 11, 12, 0, tzinfo=UTC),
        reminder_sent_at=datetime.datetime(2022, 1, 10, 10, 0, tzinfo=UTC),
    )

    response = lead_client.post(
        reverse("staff:cohorts:session_edit", kwargs={"pk": session.pk}),
        _post(datetime.date(2022, 1, 12), "14:00", "16:00"),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime.datetime(2022, 1, 12, 14, 0, tzinfo=UTC)
    assert session.reminder_sent_at is None


def test_edit_page_shows_london_times(lead_client, cohort):
    session = SessionFactory(
        cohort=cohort,
        starts_at=datetime.datetime(2022, 6, 7, 9, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 6, 7, 11, 0, tzinfo=UTC),
    )

    response = lead_client.get(reverse("staff:cohorts:session_edit", kwargs={"pk": session.pk}))

    form = response.context["form"]
    assert (form["start_time"].value(), form["end_time"].value()) == ("10:00", "12:00")


def test_session_is_deleted_after_confirmation(lead_client, cohort):
    session = SessionFactory(cohort=cohort)
    url = reverse("staff:cohorts:session_delete", kwargs={"pk": session.pk})

    assert lead_client.get(url).status_code == 200
    assert Session.objects.count() == 1
    response = lead_client.post(url)

    assert response.status_code == 302
    assert Session.objects.count() == 0


def test_session_with_attendance_cannot_be_deleted(lead_client, cohort, programme_lead):
    session = SessionFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort)
    Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        status=AttendanceStatus.PRESENT,
        recorded_by=programme_lead,
        recorded_at=session.ends_at,
    )

    response = lead_client.post(
        reverse("staff:cohorts:session_delete", kwargs={"pk": session.pk}), follow=True
    )

    assert Session.objects.count() == 1
    assert (
        "Induction cannot be deleted: attendance has been recorded for it. Change its details "
        "instead."
    ) in response.content.decode()


def test_sp_manager_sees_the_timetable_but_cannot_schedule(client, sp_manager, cohort):
    SessionFactory(cohort=cohort)
    log_in_with_mfa(client, sp_manager)

    page = client.get(reverse("staff:cohorts:timetable", kwargs={"pk": cohort.pk}))
    refused = client.post(_new(cohort), _post(datetime.date(2022, 1, 11)))

    assert page.status_code == 200
    assert "Schedule a session" not in page.content.decode()
    assert refused.status_code == 403
    assert Session.objects.count() == 1


def test_participant_cannot_see_the_staff_timetable(client, cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    client.force_login(enrolment.participant)

    response = client.get(reverse("staff:cohorts:timetable", kwargs={"pk": cohort.pk}))

    assert response.status_code == 403


@pytest.mark.parametrize("sessions", [5, 200])
def test_timetable_queries_do_not_grow_with_sessions(
    lead_client, cohort, django_assert_num_queries, sessions
):
    set_a = ActionLearningSetFactory(cohort=cohort)
    start = datetime.datetime(2022, 1, 11, 10, 0, tzinfo=UTC)
    for n in range(sessions):
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.SET_MEETING if n % 2 else SessionKind.MODULE,
            module=None if n % 2 else Module.objects.first(),
            action_learning_set=set_a if n % 2 else None,
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=2),
        )
    url = reverse("staff:cohorts:timetable", kwargs={"pk": cohort.pk})
    lead_client.get(url)

    with django_assert_num_queries(TIMETABLE_QUERIES):
        response = lead_client.get(url)

    assert len(response.context["sessions"]) == sessions


TIMETABLE_QUERIES = 8


# --- scheduling many sessions -----------------------------------------------------------


def test_the_date_hint_is_a_date_in_the_cohort_and_empty_choices_read_as_words(lead_client, cohort):
    content = lead_client.get(_new(cohort)).content.decode()

    assert "For example, 10 1 2022" in content
    assert "11 1 2022" not in content
    assert "---------" not in content
    assert "Not a module session" in content and "Not a set meeting" in content
    assert "No training partner" in content


def test_save_and_add_another_opens_a_copy_a_week_later(lead_client, cohort):
    module = Module.objects.first()
    data = _post(
        datetime.date(2022, 3, 22),
        "09:30",
        "12:30",
        kind=SessionKind.MODULE,
        module=module.pk,
        venue="Stratford Library",
        then="another",
    )

    response = lead_client.post(_new(cohort), data)

    saved = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_new(cohort)}?copy={saved.pk}"
    page = lead_client.get(response["Location"])
    form = page.context["form"]
    # A week later, across the clock change: the same time on the clock.
    assert form["date"].value() == datetime.date(2022, 3, 29)
    assert (form["start_time"].value(), form["end_time"].value()) == ("09:30", "12:30")
    assert form["venue"].value() == "Stratford Library"
    assert form["module"].value() == module.pk
    assert "a copy of" in page.content.decode()


def test_a_copy_of_another_cohorts_session_is_not_offered(lead_client, cohort):
    other = SessionFactory()

    page = lead_client.get(f"{_new(cohort)}?copy={other.pk}")

    assert page.context["copy_of"] is None
    assert page.context["form"]["venue"].value() in (None, "")


def test_a_weekly_series_keeps_the_london_time_across_the_clock_change(lead_client, cohort):
    data = _post(datetime.date(2022, 3, 15), "09:30", "12:30", repeat_weeks="3")

    response = lead_client.post(_new(cohort), data)

    assert response.status_code == 302
    starts = [
        s.starts_at.astimezone(datetime.timezone(datetime.timedelta(0)))
        for s in Session.objects.order_by("starts_at")
    ]
    assert [(s.day, s.month, s.hour, s.minute) for s in starts] == [
        (15, 3, 9, 30),
        (22, 3, 9, 30),
        (29, 3, 8, 30),  # British Summer Time: 09:30 in London
        (5, 4, 8, 30),
    ]


def test_a_weekly_series_asks_about_every_clash_at_once_and_saves_all_or_none(lead_client, cohort):
    SessionFactory(
        cohort=cohort,
        title="Coaching",
        starts_at=datetime.datetime(2022, 2, 8, 10, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2022, 2, 8, 12, 0, tzinfo=UTC),
    )
    data = _post(datetime.date(2022, 2, 1), "10:00", "11:00", title="Drop-in", repeat_weeks="2")

    first = lead_client.post(_new(cohort), data)

    assert first.status_code == 200
    assert first.context["warnings"] == [
        "8 February 2022: It clashes with Coaching (Tuesday 8 February 2022, 10am to 12pm), "
        "which every participant attends."
    ]
    assert Session.objects.count() == 1
    digest = first.context["form"]["warnings_seen"].value()
    second = lead_client.post(_new(cohort), {**data, "warnings_seen": digest, "save_anyway": "on"})
    assert second.status_code == 302
    assert Session.objects.filter(title="Drop-in").count() == 3


@pytest.mark.parametrize("weeks", ["12", "-1", "two"])
def test_a_weekly_series_refuses_a_number_of_weeks_out_of_range(lead_client, cohort, weeks):
    response = lead_client.post(_new(cohort), _post(datetime.date(2022, 2, 1), repeat_weeks=weeks))

    assert response.status_code == 400
    assert "Repeat weekly must be a whole number from 0 to 11" in response.content.decode()
    assert not Session.objects.exists()


def test_a_series_with_a_week_on_a_time_that_does_not_exist_saves_none(lead_client, cohort):
    # 01:30 on 27 March 2022 is skipped by the clocks going forward.
    data = _post(datetime.date(2022, 3, 20), "01:30", "03:30", repeat_weeks="1")

    response = lead_client.post(_new(cohort), data)

    assert response.status_code == 400
    assert "does not exist in London" in response.content.decode()
    assert not Session.objects.exists()


def test_changing_a_session_offers_no_series(lead_client, cohort):
    session = SessionFactory(cohort=cohort)

    page = lead_client.get(reverse("staff:cohorts:session_edit", args=[session.pk]))

    assert "repeat_weeks" not in page.context["form"].fields
    assert "Save and add another" not in page.content.decode()
