"""The register in Chromium, as the lead takes it: "Apologies excused" appears only under
"Sent apologies" (and is no Tab stop otherwise), everyone not yet marked can be marked
present at once, and after saving the focus is on the confirmation. axe on each state."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cohorts.models import Attendance
from tests.browser.test_application_journey import log_in
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ["Aisha Khan", "Ben Okafor", "Chloe Murphy"]


def test_lead_takes_a_register_with_everyone_present_but_one_who_sent_apologies(
    page, live_server, assert_accessible, settings
):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    cohort = CohortFactory(name="Cohort 3")
    for name in NAMES:
        EnrolmentFactory(cohort=cohort, participant=UserFactory(full_name=name))
    session = SessionFactory(cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=1))
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")

    log_in(page, live_server.url, lead.email)
    page.goto(f"{live_server.url}/staff/cohorts/sessions/{session.pk}/register/")
    excused = page.get_by_label("Apologies excused for Ben Okafor")
    assert not excused.is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Mark everyone not yet marked as present").click()
    page.get_by_text("Everyone not yet marked is shown as present").wait_for()
    group = page.get_by_role("group", name="Ben Okafor")
    group.get_by_label("Sent apologies").check()
    assert excused.is_visible()
    excused.check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the register").click()

    page.get_by_text("Register saved: 3 changes.").wait_for()
    focused = page.evaluate("document.activeElement.textContent")
    assert "Register saved: 3 changes." in focused
    statuses = {
        a.enrolment.participant.full_name: (a.status, a.apologies_excused)
        for a in Attendance.objects.select_related("enrolment__participant")
    }
    assert statuses == {
        "Aisha Khan": ("present", False),
        "Ben Okafor": ("apologies", True),
        "Chloe Murphy": ("present", False),
    }
    assert_accessible(page)
