"""Long unbroken words (a 190-character name, a pasted link) wrap inside their box instead of
running off the screen: the pages that show them are no wider than a phone's at 375 px."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from cohorts.models import Certificate
from cohorts.services.certificates import enrolment_certificate_issue
from tests.browser.test_application_journey import log_in
from tests.factories import EnrolmentFactory, StaffFactory, UserFactory, certificate_cohort

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = "Aisha" + "K" * 185


@pytest.mark.parametrize("width", [375, 1280])
def test_a_190_character_name_wraps_on_the_pages_that_show_it(page, live_server, settings, width):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    cohort = certificate_cohort()
    enrolment = EnrolmentFactory(
        cohort=cohort,
        participant=UserFactory(full_name=LONG_NAME),
        graduated_on=datetime.date(2022, 3, 29),
    )
    with transaction.atomic():
        enrolment_certificate_issue(enrolment=enrolment, actor=None)
    certificate = Certificate.objects.get()
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")
    page.set_viewport_size({"width": width, "height": 800})

    pages = [f"/verify/{certificate.display_code}/"]
    log_in(page, live_server.url, lead.email)
    pages.append(f"/staff/cohorts/{cohort.pk}/certificates/")
    for path in pages:
        page.goto(live_server.url + path)
        page.get_by_text(LONG_NAME[:5], exact=False).first.wait_for()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow} px wider than the {width} px window"
