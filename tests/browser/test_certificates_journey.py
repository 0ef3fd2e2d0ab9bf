"""Journey 5's second half in Chromium: the lead issues Cohort 1's certificates and prints
them as one PDF, watching the progress until it is ready (a real Celery worker renders it;
the page polls); a graduate downloads theirs; the verification page its QR code opens says
it is valid. axe on every page."""

from __future__ import annotations

import datetime
import io

import pytest

from cohorts.models import Certificate
from tests.browser.test_application_journey import log_in, log_out
from tests.factories import (
    EnrolmentFactory,
    StaffFactory,
    UserFactory,
    certificate_cohort,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

NAMES = [
    "Aisha Khan",
    "Ben Okafor",
    "Chloe Murphy",
    "Dev Sharma",
    "Ella Thompson",
    "Farah Ali",
    "George Mensah",
    "Hannah Lewis",
    "Imran Hussain",
    "Jade Wilson",
    "Kofi Boateng",
]


def test_lead_issues_and_prints_cohort_1_and_a_graduate_downloads_and_verifies(
    page, live_server, assert_accessible, settings, celery_worker
):
    from pypdf import PdfReader

    settings.ELLW_STAFF_MFA_REQUIRED = False
    settings.SITE_URL = live_server.url
    base = live_server.url
    cohort = certificate_cohort()
    graduates = [
        EnrolmentFactory(
            cohort=cohort,
            participant=UserFactory(full_name=name),
            graduated_on=datetime.date(2022, 3, 29),
        )
        for name in NAMES
    ]
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")

    log_in(page, base, lead.email)
    page.goto(f"{base}/staff/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Certificates").click()
    page.get_by_role("heading", name="Certificates", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Issue certificates (11)").click()
    page.get_by_role("heading", name="Issue 11 certificates?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Issue 11 certificates").click()
    page.get_by_text("11 certificates issued").wait_for()
    assert_accessible(page)
    assert Certificate.objects.filter(enrolment__cohort=cohort).count() == 11

    page.get_by_role("button", name="Print all (11) as one PDF").click()
    page.get_by_role("heading", name="Certificates – Cohort 1").wait_for()
    assert_accessible(page)
    # The page polls its progress until the PDF is ready, without reloading.
    page.get_by_text("Ready.").wait_for(timeout=60_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 11
    assert "Aisha Khan" in reader.pages[0].extract_text()
    log_out(page)

    graduate = graduates[0]
    certificate = graduate.certificates.get()
    log_in(page, base, graduate.participant.email)
    page.goto(f"{base}/my-programme/")
    page.get_by_role("heading", name="Your certificate").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Add to your LinkedIn profile (opens in a new tab)").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    log_out(page)

    # The QR code's address, opened by anyone.
    page.goto(f"{base}/verify/{certificate.display_code}/")
    page.get_by_role("heading", name="This certificate is valid").wait_for()
    assert "Aisha Khan" in page.content()
    assert_accessible(page)
    page.goto(f"{base}/verify/")
    assert_accessible(page)
    page.get_by_label("Certificate code").fill(certificate.code.lower())
    page.get_by_role("button", name="Check certificate").click()
    page.get_by_role("heading", name="This certificate is valid").wait_for()
    page.goto(f"{base}/verify/")
    page.get_by_label("Certificate code").fill("NOT-A-CODE")
    page.get_by_role("button", name="Check certificate").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
