"""The staff idle warning in Chromium, with the page's clock moved on: nothing shows while
the lead works; a few minutes before the end the warning appears with the focus on "Stay
signed in"; pressing it keeps the session and hides the warning; past the end the page goes
to the signed-out address. axe on the warning."""

from __future__ import annotations

import pytest

from tests.browser.test_application_journey import log_in
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_warning_comes_before_the_end_and_stay_signed_in_keeps_the_session(
    page, live_server, assert_accessible, settings
):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")
    log_in(page, live_server.url, lead.email)
    page.clock.install()
    page.goto(f"{live_server.url}/staff/")
    warning = page.locator("#staff-idle-warning")
    assert warning.is_hidden()

    page.clock.run_for("26:00")
    assert warning.is_hidden()
    page.clock.run_for("01:10")  # inside the last three minutes
    assert warning.is_visible()
    stay = page.get_by_role("button", name="Stay signed in")
    assert stay.evaluate("element => element === document.activeElement")
    assert "signed out in 3 minutes" in warning.inner_text()
    assert_accessible(page)

    with page.expect_response("**/session/keep-alive/") as kept:
        stay.click()
    assert kept.value.status == 204
    page.wait_for_function("() => document.getElementById('staff-idle-warning').hidden")
    page.clock.run_for("20:00")  # the last activity is the keep-alive now
    assert warning.is_hidden()

    # Past the end the page goes to the signed-out address (which, as the server's own clock
    # has not moved, finds the session alive and sends the lead back to their page).
    with page.expect_request("**/session/signed-out/?next=%2Fstaff%2F"):
        page.clock.run_for("11:00")
