"""Periodic tasks run twice at the same moment (two beat instances by mistake): each task
function runs in two threads released together, each on its own PostgreSQL connection,
against data that is due; nobody is e-mailed twice and no document is rendered twice.
(SQLite takes one writer at a time, so these run on PostgreSQL only.)"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, EndorsementRequest
from applications.tasks import endorsement_reminders_send_task, offers_lapse_expired_task
from cohorts.services.certificates import cohort_certificates_issue
from cohorts.tasks import session_reminders_send_task
from ellw.dates import add_months
from ellw.documents.enums import DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.documents.tasks import documents_render_pending_task
from ellw.links import link_keys_new
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.mail.services import email_queue
from ellw.mail.tasks import outbound_emails_resend_pending_task
from evaluation.models import AlumniUpdate, Survey
from evaluation.tasks import alumni_updates_request_task, surveys_open_and_remind_task
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    SurveyFactory,
)
from tests.faults.services import document_files, graduated_cohort, needs_postgresql, run_at_once

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _postgresql():
    needs_postgresql("two writers at once (SQLite takes one at a time)")


def emails_sent(template: str) -> Counter:
    """Outbox rows of one template, counted per recipient; and each one sent once."""
    rows = OutboundEmail.objects.filter(template=template)
    assert set(rows.values_list("status", "attempts")) == {(OutboundEmailStatus.SENT, 1)}
    return Counter(tuple(to) for to in rows.values_list("to", flat=True))


def delivered_to() -> Counter:
    return Counter(tuple(message.to) for message in mail.outbox)


def participants(cohort, count: int) -> list[str]:
    return [EnrolmentFactory(cohort=cohort).participant.email for _ in range(count)]


def test_surveys_open_and_remind_twice_at_once_e_mails_each_participant_once():
    today = timezone.localdate()
    opening = CohortFactory(starts_on=today + 10 * DAY, ends_on=today + 90 * DAY)
    opening_people = participants(opening, 3)
    reminding = CohortFactory(starts_on=today + 10 * DAY, ends_on=today + 90 * DAY)
    reminding_people = participants(reminding, 2)
    survey = SurveyFactory(cohort=reminding, opened_at=timezone.now() - 5 * DAY)

    run_at_once(surveys_open_and_remind_task)

    assert Survey.objects.filter(cohort=opening).count() == 1
    assert emails_sent("survey_open") == Counter((to,) for to in opening_people)
    assert emails_sent("survey_reminder") == Counter((to,) for to in reminding_people)
    assert set(delivered_to().values()) == {1}
    survey.refresh_from_db()
    assert survey.reminders_sent == 1


def test_session_reminders_twice_at_once_remind_each_participant_once():
    cohort = CohortFactory()
    people = participants(cohort, 3)
    SessionFactory(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(hours=12))

    run_at_once(session_reminders_send_task)

    assert emails_sent("session_reminder") == Counter((to,) for to in people)
    assert delivered_to() == Counter((to,) for to in people)


def test_endorsement_reminders_twice_at_once_remind_each_clinical_director_once():
    endorsers = []
    for _ in range(2):
        application = ApplicationFactory(status=ApplicationStatus.AWAITING_ENDORSEMENT)
        keys = link_keys_new("applications.endorsement")
        EndorsementRequest.objects.create(
            application=application,
            endorser_name="Dr Priya Shah",
            endorser_email=application.clinical_director_email,
            link_nonce=keys.nonce,
            token_hash=keys.token_hash,
            created_at=timezone.now() - 4 * DAY,
            expires_at=timezone.now() + 10 * DAY,
        )
        endorsers.append(application.clinical_director_email)

    run_at_once(endorsement_reminders_send_task)

    assert emails_sent("endorsement_reminder") == Counter((to,) for to in endorsers)
    assert delivered_to() == Counter((to,) for to in endorsers)
    assert set(EndorsementRequest.objects.values_list("reminders_sent", flat=True)) == {1}


def test_offer_lapses_twice_at_once_lapse_each_offer_once_and_tell_the_applicant_once():
    offers = [ApplicationFactory(status=ApplicationStatus.OFFERED) for _ in range(2)]
    Application.objects.filter(pk__in=[a.pk for a in offers]).update(
        offer_expires_at=timezone.now() - datetime.timedelta(hours=1)
    )

    run_at_once(offers_lapse_expired_task)

    applicants = [a.work_email or a.applicant.email for a in offers]
    assert emails_sent("offer_lapsed") == Counter((to,) for to in applicants)
    assert delivered_to() == Counter((to,) for to in applicants)
    for application in offers:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.OFFER_LAPSED
        lapsed = application.events.filter(to_status=ApplicationStatus.OFFER_LAPSED)
        assert lapsed.count() == 1


def test_alumni_update_requests_twice_at_once_ask_each_graduate_once():
    cohort = CohortFactory()
    graduated_on = add_months(timezone.localdate(), -6) - 3 * DAY
    graduates = [
        EnrolmentFactory(cohort=cohort, graduated_on=graduated_on).participant.email
        for _ in range(3)
    ]

    run_at_once(alumni_updates_request_task)

    assert AlumniUpdate.objects.count() == 3
    assert emails_sent("alumni_update_request") == Counter((to,) for to in graduates)
    assert delivered_to() == Counter((to,) for to in graduates)


def test_documents_render_pending_twice_at_once_renders_each_document_once():
    cohort = graduated_cohort(2)
    with transaction.atomic():
        cohort_certificates_issue(cohort=cohort, actor=None)
    # As if the broker had been down when they were asked for: queued, never tried.
    GeneratedDocument.objects.update(
        status=DocumentStatus.QUEUED,
        file="",
        sha256="",
        attempts=0,
        requested_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    before = document_files()

    run_at_once(documents_render_pending_task)

    documents = GeneratedDocument.objects.all()
    assert set(documents.values_list("status", "attempts")) == {(DocumentStatus.READY, 1)}
    new_files = document_files() - before
    assert new_files <= {d.file.name for d in documents}


def test_mail_resend_pending_twice_at_once_sends_each_e_mail_once(unreachable_broker):
    # Queued while the broker was down: pending, past the grace period.
    with transaction.atomic():
        for n in range(3):
            email_queue(to=f"person{n}@example.nhs.uk", template="test_notice", context={})
    assert mail.outbox == []
    OutboundEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    run_at_once(outbound_emails_resend_pending_task)

    recipients = [f"person{n}@example.nhs.uk" for n in range(3)]
    assert emails_sent("test_notice") == Counter((to,) for to in recipients)
    assert delivered_to() == Counter((to,) for to in recipients)
