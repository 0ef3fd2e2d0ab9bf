"""Journey 4 in Chromium: the lead sets up a cohort, schedules a session on its timetable and
takes the register; the participant sees the session and their attendance on their own
timetable. axe on every page."""

import datetime

import pytest

from cohorts.models import Attendance, Session
from tests.browser.test_application_journey import log_in, log_out
from tests.factories import CohortFactory, EnrolmentFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_lead_schedules_a_session_and_the_participant_sees_it(
    page, live_server, assert_accessible, settings
):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    base = live_server.url
    cohort = CohortFactory(
        name="Cohort 3",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 5, 31),
    )
    participant = UserFactory(email="ola@example.nhs.uk", full_name="Ola Adeyemi")
    EnrolmentFactory(cohort=cohort, participant=participant)
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")

    log_in(page, base, lead.email)
    page.goto(f"{base}/staff/")
    page.get_by_role("link", name="Set up a new cohort").click()
    assert_accessible(page)
    page.goto(f"{base}/staff/cohorts/{cohort.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Timetable").click()
    page.get_by_role("heading", name="Timetable").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_role("heading", name="Schedule a session").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Kind of session").select_option("induction")
    page.get_by_label("Title").fill("Welcome and induction")
    page.get_by_label("Day").fill("29")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("Venue").fill("Stratford Library, London E15")
    page.get_by_role("button", name="Save session").click()
    page.get_by_role("heading", name="Timetable").wait_for()
    assert_accessible(page)
    session = Session.objects.get(cohort=cohort)
    # 29 March 2027 is after the clock change: 10am in London is 9am UTC.
    assert session.starts_at == datetime.datetime(2027, 3, 29, 9, 0, tzinfo=datetime.UTC)

    page.get_by_role("link", name="Register for Welcome and induction").click()
    page.get_by_role("heading", name="Register: Welcome and induction").wait_for()
    assert_accessible(page)
    page.get_by_role("group", name="Ola Adeyemi").get_by_label("Late").check()
    page.get_by_role("button", name="Save the register").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert Attendance.objects.get(session=session).status == "late"
    log_out(page)

    log_in(page, base, participant.email)
    page.goto(f"{base}/my-programme/")
    page.get_by_role("heading", name="Your programme").wait_for()
    page.get_by_text("Welcome and induction").first.wait_for()
    assert "Monday 29 March 2027" in page.content()
    page.get_by_text("Late").first.wait_for()
    assert_accessible(page)
