import re

import pytest

from tests.applications.helpers import last_email_to
from tests.factories import PASSWORD, CohortFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_and_log_in_with_accessible_pages(page, live_server, assert_accessible):
    CohortFactory(name="Cohort 2")
    page.goto(live_server.url + "/")
    assert page.locator(".nhsuk-header__service-name").inner_text() == "ELLW Cohorts"
    assert_accessible(page)

    page.get_by_role("link", name="Cohorts", exact=True).click()
    page.get_by_role("heading", name="Cohorts open for applications").wait_for()
    assert page.get_by_role("heading", name="Cohort 2").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Create an account").first.click()
    # Submitting with nothing shows the NHS error summary; it must be accessible too.
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)

    page.get_by_label("E-mail address").fill("browser.worker@example.nhs.uk")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    email = last_email_to("browser.worker@example.nhs.uk")
    confirm_url = re.search(r"(http://\S+/accounts/confirm-email/\S+/)", email.body_text)[1]
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm").click()
    # Confirming in the browser that signed up signs the person in; log out to log in again.
    page.locator(".nhsuk-header__account-link", has_text="browser.worker@example.nhs.uk").wait_for()
    page.get_by_role("button", name="Log out").click()
    page.get_by_text("You have logged out.").wait_for()

    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("browser.worker@example.nhs.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator(".nhsuk-header__account-link", has_text="browser.worker@example.nhs.uk").wait_for()
    assert page.url == live_server.url + "/"
