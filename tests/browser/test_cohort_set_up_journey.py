"""Journey 4's start in Chromium, as the lead does it: set up a cohort through its form (one
pass of errors, the date rules with the rest), then timetable two modules through the pages
("Save and add another" opens a copy a week later). axe on each page at 1280 and 375 px."""

from __future__ import annotations

import datetime

import pytest

from cohorts.models import Cohort, Session
from tests.browser.test_application_journey import log_in
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 375)


@pytest.fixture
def assert_accessible_at_each_width(assert_accessible):
    def check(page):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert_accessible(page)
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    return check


def _date(page, legend: str, value: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def test_lead_sets_up_a_cohort_and_timetables_two_modules(
    page, live_server, assert_accessible_at_each_width, settings
):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    base = live_server.url
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")
    log_in(page, base, lead.email)

    page.goto(f"{base}/staff/")
    page.get_by_role("link", name="Set up a new cohort").click()
    page.get_by_role("heading", name="Set up a new cohort").wait_for()
    assert_accessible_at_each_width(page)
    # Ends before it starts, applications closing after it starts, and no name: all at once.
    _date(page, "Applications open on", datetime.date(2027, 1, 4))
    _date(page, "Applications close on", datetime.date(2027, 3, 8))
    _date(page, "Starts on", datetime.date(2027, 3, 1))
    _date(page, "Ends on", datetime.date(2027, 2, 26))
    page.get_by_label("Places on the cohort").fill("12")
    page.get_by_label("Social Prescribing Link Worker").check()
    page.get_by_role("button", name="Set up the cohort").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "Enter the cohort's name" in text
    assert "The cohort must end on or after the day it starts, 1 March 2027." in text
    assert "Applications must close by the day the cohort starts, 1 March 2027" in text
    assert_accessible_at_each_width(page)

    page.get_by_label("Name", exact=True).fill("Cohort 4")
    _date(page, "Applications close on", datetime.date(2027, 2, 12))
    _date(page, "Ends on", datetime.date(2027, 5, 28))
    page.get_by_role("button", name="Set up the cohort").click()
    page.get_by_text("Cohort 4 is set up.").wait_for()
    assert_accessible_at_each_width(page)
    cohort = Cohort.objects.get(name="Cohort 4")

    page.get_by_role("link", name="Timetable of Cohort 4").click()
    page.get_by_role("heading", name="Timetable").wait_for()
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_role("heading", name="Schedule a session").wait_for()
    assert page.get_by_text("For example, 1 3 2027").is_visible()
    assert_accessible_at_each_width(page)
    page.get_by_label("Kind of session").select_option("module")
    page.get_by_label("Module", exact=True).select_option(label="Coaching")
    _date(page, "Date", datetime.date(2027, 3, 22))
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("12:30")
    page.get_by_label("Venue").fill("Stratford Library, London E15")
    page.get_by_role("button", name="Save and add another").click()

    page.get_by_text("a copy of Coaching, a week later").wait_for()
    assert_accessible_at_each_width(page)
    page.get_by_label("Module", exact=True).select_option(label="Mentoring")
    page.get_by_role("button", name="Save session").click()
    page.get_by_role("heading", name="Timetable").wait_for()
    assert_accessible_at_each_width(page)

    sessions = Session.objects.filter(cohort=cohort).order_by("starts_at")
    assert [(s.module.name, s.starts_at) for s in sessions] == [
        ("Coaching", datetime.datetime(2027, 3, 22, 9, 30, tzinfo=datetime.UTC)),
        # A week later, after the clock change: 09:30 in London is 08:30 UTC.
        ("Mentoring", datetime.datetime(2027, 3, 29, 8, 30, tzinfo=datetime.UTC)),
    ]
    assert {s.venue for s in sessions} == {"Stratford Library, London E15"}
