"""Journeys 1–3 in Chromium: apply, endorse by link, admit, accept — with axe on every page."""

import re

import pytest

from applications.models import Application
from tests.applications.helpers import last_email_to
from tests.factories import (
    PASSWORD,
    CohortFactory,
    PrimaryCareNetworkFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def test_apply_endorse_admit_accept(page, live_server, assert_accessible, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    base = live_server.url
    cohort = CohortFactory(name="Cohort 2")
    PrimaryCareNetworkFactory(name="Hackney Marshes PCN")
    applicant = UserFactory(email="aisha@example.nhs.uk", full_name="Aisha Khan")
    manager = StaffFactory(email="manager@example.nhs.uk", role="SP managers")

    # 1. Apply
    page.goto(base + "/accounts/login/")
    assert_accessible(page)
    log_in(page, base, applicant.email)
    page.goto(f"{base}/cohorts/")
    page.get_by_role("link", name="Apply to Cohort 2").click()
    page.get_by_role(
        "heading", name="Apply to the Emerging Leaders Link Worker programme"
    ).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Submit application").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Work phone number").fill("020 7946 0123")
    page.get_by_label("Social Prescribing Link Worker").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill(str(cohort.starts_on.year - 2))
    page.get_by_label("Employer").fill("Hackney GP Confederation")
    page.get_by_label("Hackney").check()
    page.get_by_label("Primary care network (PCN)").select_option(label="Hackney Marshes PCN")
    page.get_by_label("Why do you want to join the programme?").fill("To lead change.")
    # The NHS character count counts words as they type.
    page.get_by_text("You have 247 words remaining").first.wait_for()
    page.get_by_label("What do you hope to take back to your workplace?").fill("Coaching.")
    page.get_by_label("Clinical director's full name").fill("Dr Priya Shah")
    page.get_by_label("Clinical director's e-mail address").fill("priya.shah@nhs.net")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Submit application").click()
    page.get_by_role("heading", name="Your application").wait_for()
    assert page.get_by_text("Awaiting endorsement").first.is_visible()
    assert_accessible(page)
    log_out(page)

    # 2. Endorse, from the link in the clinical director's e-mail
    link = re.search(r"(http://\S+/endorse/\S+/)", last_email_to("priya.shah@nhs.net").body_text)[1]
    page.goto(link.replace("http://testserver", base))
    assert_accessible(page)
    page.get_by_label("Yes, I endorse this application").check()
    page.get_by_label("Comment").fill("A natural leader.")
    page.get_by_role("button", name="Send your answer").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert_accessible(page)

    # 3. Review and admit
    application = Application.objects.get()
    log_in(page, base, manager.email)
    page.goto(f"{base}/staff/applications/")
    assert_accessible(page)
    page.get_by_role("link", name="Aisha Khan").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.goto(f"{base}/staff/applications/{application.pk}/decide/admit/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.get_by_text("has been offered a place").wait_for()
    assert_accessible(page)
    log_out(page)

    # 4. Accept the place
    log_in(page, base, applicant.email)
    page.goto(f"{base}/applications/{application.pk}/")
    page.get_by_role("link", name="Accept or decline your place").click()
    assert_accessible(page)
    page.get_by_label("Yes, I accept my place").check()
    page.get_by_role("button", name="Send your reply").click()
    page.get_by_text("You have accepted your place").wait_for()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == "accepted"
