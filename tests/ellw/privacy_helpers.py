"""A graduate with something in every table that can hold personal data, for the rights
tests; and a search of every text column of every model."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from applications.enums import EndorsementOutcome
from applications.models import ApplicationEvent, ApplicationNote, EndorsementRequest
from cohorts.enums import AttendanceStatus
from cohorts.models import Attendance
from cohorts.services.certificates import enrolment_certificate_issue
from ellw.documents.enums import DocumentStatus
from ellw.mail.models import OutboundEmail
from evaluation.models import AlumniUpdate
from tests.factories import (
    ApprovedTestimonialFactory,
    EnrolmentFactory,
    SessionFactory,
    SurveyFactory,
    UserFactory,
    certificate_cohort,
    self_assessment,
)

NAME = "Zanele Okonkwo-Baptiste"
EMAIL = "zanele.okonkwo@example.nhs.uk"
CD_NAME = "Dr Tobias Whitcombe"
CD_EMAIL = "tobias.whitcombe@nhs.net"


def graduate_with_everything(lead):
    """A Cohort 1 graduate: application (history, a staff note, an endorsement by CD_NAME),
    attendance, both self-assessments with words, an alumni update, a certificate with its
    PDF, a testimonial and an e-mail; and another graduate beside them, for the figures."""
    person = UserFactory(full_name=NAME, email=EMAIL)
    cohort = certificate_cohort()
    enrolment = EnrolmentFactory(
        cohort=cohort,
        participant=person,
        graduated_on=datetime.date(2022, 3, 29),
        application__clinical_director_name=CD_NAME,
        application__clinical_director_email=CD_EMAIL,
        graduation_override_reason=f"{NAME} missed one session for a family matter",
    )
    other = EnrolmentFactory(cohort=cohort, graduated_on=datetime.date(2022, 3, 29))
    application = enrolment.application
    now = timezone.now()
    EndorsementRequest.objects.create(
        application=application,
        endorser_name=CD_NAME,
        endorser_email=CD_EMAIL,
        link_nonce="n" * 32,
        token_hash="h" * 64,
        created_at=now,
        expires_at=now + datetime.timedelta(days=14),
        outcome=EndorsementOutcome.ENDORSED,
        comment=f"{NAME} is ready to lead.",
        decided_at=now,
    )
    ApplicationEvent.objects.create(
        application=application,
        actor=person,
        actor_label=f"{NAME} (applicant)",
        description=f"Endorsement link sent to {CD_NAME} ({CD_EMAIL})",
    )
    ApplicationNote.objects.create(
        application=application, author=lead, text=f"Spoke to {NAME} on the phone."
    )
    session = SessionFactory(cohort=cohort)
    for who in (enrolment, other):
        Attendance.objects.create(
            session=session, enrolment=who, status=AttendanceStatus.PRESENT, recorded_at=now
        )
    baseline = SurveyFactory(cohort=cohort, kind="baseline")
    end = SurveyFactory(cohort=cohort, kind="end_of_programme")
    for who, before, after in ((enrolment, 2, 4), (other, 3, 3)):
        self_assessment(baseline, who, coaching=before, leading_change=before)
        response = self_assessment(end, who, coaching=after, leading_change=after)
    response = enrolment.survey_responses.get(survey=end)
    response.practice_change = "I now run a peer group for link workers in Hackney."
    response.quote_consent = "named"
    response.save()
    AlumniUpdate.objects.create(
        enrolment=enrolment,
        months_after=6,
        requested_at=now,
        submitted_at=now,
        current_role="Lead link worker",
        organisation="Hackney GP Confederation",
        promoted=True,
        qi_projects_led=2,
        link_nonce="a" * 32,
        token_hash="b" * 64,
        link_expires_at=now,
    )
    certificate = enrolment_certificate_issue(enrolment=enrolment, actor=lead)
    certificate.document.file.save("rights.pdf", ContentFile(b"%PDF-1.7 " + NAME.encode()))
    certificate.document.status = DocumentStatus.READY
    certificate.document.save()
    ApprovedTestimonialFactory(
        source="participant", author_name=NAME, email=EMAIL, consent="named", cohort=cohort
    )
    OutboundEmail.objects.create(
        to=[EMAIL], subject="Your place on Cohort 1", template="place_offered", status="sent"
    )
    return person, enrolment, certificate


def rows_naming(*words: str) -> list[str]:
    """Every model, text column and word where a row holds one of `words`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            for word in words:
                if model._default_manager.filter(**{f"{field.name}__icontains": word}).exists():
                    found.append(f"{model._meta.label}.{field.name}: {word}")
    return found
