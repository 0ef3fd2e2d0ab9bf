"""Every evaluation form in Chromium, as it first opens and after an empty submit (the
error summary and messages), with axe on each: the lead's testimonial, recognition and
report forms, a participant's module feedback and final evaluation, and the no-account
pages a testimonial request and an alumni update link open."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from evaluation.enums import SurveyKind
from evaluation.services import testimonials as testimonial_services
from evaluation.services.alumni import alumni_update_link, alumni_updates_request
from modules.models import Module
from tests.browser.test_application_journey import log_in, log_out
from tests.factories import (
    ApprovedTestimonialFactory,
    EnrolmentFactory,
    RecognitionFactory,
    StaffFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _empty_submit(page, assert_accessible, button: str) -> None:
    assert_accessible(page)
    page.get_by_role("button", name=button).click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)


def test_every_evaluation_form_with_and_without_errors_is_accessible(
    page, live_server, assert_accessible, settings
):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    settings.SITE_URL = live_server.url
    base = live_server.url
    participant = UserFactory(full_name="Aisha Khan")
    enrolment = EnrolmentFactory(
        participant=participant, graduated_on=timezone.localdate() - datetime.timedelta(days=200)
    )
    module_feedback = SurveyFactory(
        cohort=enrolment.cohort,
        kind=SurveyKind.MODULE_FEEDBACK,
        module=Module.objects.get(slug="coaching"),
    )
    final = SurveyFactory(cohort=enrolment.cohort, kind=SurveyKind.FINAL_EVALUATION)
    lead = StaffFactory(email="lead@example.nhs.uk", role="Programme leads")
    testimonial = ApprovedTestimonialFactory(status="awaiting_approval")
    recognition = RecognitionFactory()
    with transaction.atomic():
        requested = testimonial_services.testimonial_request(
            actor=lead,
            name="Marcus Reid",
            email="marcus.reid@example.org",
            role="Lead facilitator",
            organisation="Leadership Academy London",
            source="training_partner",
            cohort=None,
        )
        assert alumni_updates_request() == 1
    update = enrolment.alumni_updates.get()

    log_in(page, base, participant.email)
    for survey in (module_feedback, final):
        page.goto(f"{base}/surveys/{survey.pk}/")
        _empty_submit(page, assert_accessible, "Save your answers")
    log_out(page)

    log_in(page, base, lead.email)
    for address, button in (
        ("testimonials/record/", "Record the testimonial"),
        ("testimonials/request/", "Send the request"),
        ("recognition/new/", "Record it"),
        ("reports/new/", "Make the report"),
    ):
        page.goto(f"{base}/staff/evaluation/{address}")
        _empty_submit(page, assert_accessible, button)
    for address in (
        f"testimonials/{testimonial.pk}/",
        f"testimonials/{testimonial.pk}/edit/",
        f"recognition/{recognition.pk}/edit/",
        f"recognition/{recognition.pk}/delete/",
        f"cohorts/{enrolment.cohort.pk}/surveys/",
    ):
        page.goto(f"{base}/staff/evaluation/{address}")
        assert_accessible(page)
    log_out(page)

    # The no-account pages: each link swaps its token for a token-free address.
    page.goto(testimonial_services.testimonial_link(requested))
    page.get_by_role("heading", name="Your testimonial").wait_for()
    _empty_submit(page, assert_accessible, "Send your testimonial")
    page.goto(alumni_update_link(update))
    page.get_by_role("heading", name="How are things 6 months on?").wait_for()
    _empty_submit(page, assert_accessible, "Send your update")
    page.goto(f"{base}/testimonials/not-a-real-token/")
    assert_accessible(page)
