"""Journeys 6 and 7 in Chromium: a participant answers the baseline self-assessment their
cohort opened before its first session; the lead reads the evaluation pages, makes the
influencing report (a real Celery worker renders it; the page polls) and downloads it. axe
on every page."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from cohorts.enums import SessionKind
from evaluation.enums import SurveyKind
from evaluation.models import SurveyResponse
from evaluation.services.surveys import surveys_open_due
from modules.models import Module
from tests.browser.test_application_journey import log_in, log_out
from tests.factories import (
    ApprovedTestimonialFactory,
    CohortFactory,
    EnrolmentFactory,
    RecognitionFactory,
    SessionFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def test_participant_answers_the_baseline_and_the_lead_makes_the_report(
    page, live_server, assert_accessible, settings, celery_worker
):
    from pypdf import PdfReader

    settings.ELLW_STAFF_MFA_REQUIRED = False
    settings.SITE_URL = live_server.url
    base = live_server.url
    today = timezone.localdate()
    cohort = CohortFactory(
        name="Cohort 3",
        starts_on=today + datetime.timedelta(days=14),
        ends_on=today + datetime.timedelta(days=104),
    )
    first = timezone.now() + datetime.timedelta(days=14)
    SessionFactory(
        cohort=cohort,
        kind=SessionKind.MODULE,
        module=Module.objects.get(slug="coaching"),
        starts_at=first,
        ends_at=first + datetime.timedelta(hours=3),
    )
    participant = UserFactory(full_name="Aisha Khan")
    EnrolmentFactory(cohort=cohort, participant=participant)
    EnrolmentFactory(cohort=cohort, participant=UserFactory(full_name="Ben Okafor"))
    ApprovedTestimonialFactory(cohort=cohort, author_name="Dr Priya Shah")
    RecognitionFactory()
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")
    assert surveys_open_due() == 1  # the baseline, before the first session

    log_in(page, base, participant.email)
    page.goto(f"{base}/my-programme/")
    page.get_by_role("link", name="Surveys and feedback").click()
    page.get_by_role("heading", name="Surveys and feedback").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Baseline self-assessment").click()
    page.get_by_role("heading", name="Baseline self-assessment").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save your answers").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    questions = page.get_by_role("group").filter(has_text="How confident are you")
    assert questions.count() == 8
    for index in range(8):
        questions.nth(index).get_by_label("Somewhat confident").check()
    page.get_by_label("What would you most like to develop through the programme?").fill(
        "Speaking up in meetings with GPs."
    )
    page.get_by_role("button", name="Save your answers").click()
    page.get_by_text("Your answers have been saved").wait_for()
    assert_accessible(page)
    response = SurveyResponse.objects.get(survey__kind=SurveyKind.BASELINE)
    assert response.enrolment.participant == participant
    assert response.ratings.count() == 8
    assert set(response.ratings.values_list("confidence", flat=True)) == {3}
    log_out(page)

    log_in(page, base, lead.email)
    page.goto(f"{base}/staff/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Evaluation").first.click()
    page.get_by_role("heading", name="Evaluation", exact=True).wait_for()
    assert_accessible(page)
    page.goto(f"{base}/staff/evaluation/cohorts/{cohort.pk}/surveys/")
    page.get_by_text("1 of 2").first.wait_for()
    assert_accessible(page)
    for address in ("", "testimonials/", "recognition/", "alumni/"):
        page.goto(f"{base}/staff/evaluation/{address}")
        assert_accessible(page)

    page.goto(f"{base}/staff/evaluation/reports/")
    page.get_by_role("heading", name="Influencing reports").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Make a new report").click()
    page.get_by_role("heading", name="Make an influencing report").wait_for()
    assert_accessible(page)
    page.get_by_label("Cohort 3 (").check()
    page.get_by_role("button", name="Make the report").click()
    # The page polls its progress until the PDF is ready, without reloading.
    page.get_by_text("Ready.").wait_for(timeout=90_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    with open(download_info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page_.extract_text() for page_ in reader.pages)
    assert "Influencing report" in text
    assert "Cohort 3" in text
    assert "Dr Priya Shah" in text
    page.goto(f"{base}/staff/evaluation/reports/")
    assert_accessible(page)
