"""Leaving a cohort: a participant withdraws themselves, or the programme lead withdraws
them, with the reason kept on the enrolment and in its history; the freed place leads to
the "offer the next place" confirmation. And an applicant deletes an unsent draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent
from cohorts.enums import EnrolmentEventKind
from cohorts.models import EnrolmentEvent
from tests.applications.helpers import last_email_to
from tests.factories import ApplicationFactory, CohortFactory, EnrolmentFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 1", capacity=1)


@pytest.fixture
def enrolment(cohort):
    return EnrolmentFactory(cohort=cohort)


def test_participant_withdraws_with_a_reason(client, enrolment):
    client.force_login(enrolment.participant)
    url = reverse("applications:withdraw", kwargs={"pk": enrolment.application_id})

    page = client.get(url)
    response = client.post(url, {"reason": "A new job in Leeds"})

    assert "Are you sure you want to leave Cohort 1?" in page.content.decode()
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is not None
    assert enrolment.withdrawal_reason == "A new job in Leeds"
    event = EnrolmentEvent.objects.get(enrolment=enrolment)
    assert (event.kind, event.actor, event.note, event.description) == (
        EnrolmentEventKind.WITHDRAWN,
        enrolment.participant,
        "A new job in Leeds",
        "Withdrew from the cohort",
    )
    assert Application.objects.get(pk=enrolment.application_id).status == (
        ApplicationStatus.WITHDRAWN
    )
    email = last_email_to(enrolment.application.work_email)
    assert email.subject == "You have withdrawn your application to Cohort 1"


def test_lead_withdraws_a_participant_with_a_reason(client, enrolment, programme_lead, cohort):
    waiting = ApplicationFactory(cohort=cohort, status=ApplicationStatus.WAITLISTED)
    log_in_with_mfa(client, programme_lead)
    detail = reverse("staff:applications:detail", kwargs={"pk": enrolment.application_id})
    url = reverse("staff:applications:withdraw", kwargs={"pk": enrolment.application_id})

    before = client.get(detail)
    response = client.post(url, {"reason": "Moved out of north east London"})
    after = client.get(detail)

    assert url in before.content.decode()
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.withdrawal_reason == "Moved out of north east London"
    event = EnrolmentEvent.objects.get(enrolment=enrolment)
    assert (event.kind, event.actor, event.note, event.description) == (
        EnrolmentEventKind.WITHDRAWN,
        programme_lead,
        "Moved out of north east London",
        "Withdrawn from the cohort",
    )
    assert ApplicationEvent.objects.filter(
        application_id=enrolment.application_id, description="Withdrawn by the programme lead"
    ).exists()
    offer_next = reverse("staff:applications:offer_next", kwargs={"cohort_pk": cohort.pk})
    assert after.context["can_offer_freed_place"] is True
    assert offer_next in after.content.decode()
    assert "Moved out of north east London" in after.content.decode()
    email = last_email_to(enrolment.application.work_email)
    assert email.subject == "You have been withdrawn from Cohort 1"
    assert "Moved out of north east London" in email.body_text
    # The offer-the-next-place confirmation is reachable and names the person waiting.
    confirm = client.get(offer_next)
    assert confirm.status_code == 200
    assert confirm.context["candidate"] == waiting


def test_lead_withdrawal_needs_a_reason(client, enrolment, programme_lead):
    log_in_with_mfa(client, programme_lead)

    response = client.post(
        reverse("staff:applications:withdraw", kwargs={"pk": enrolment.application_id}),
        {"reason": ""},
    )

    assert response.status_code == 400
    assert "Enter why they are leaving the cohort" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is None


def test_lead_withdrawal_reason_over_the_cap_changes_nothing(client, enrolment, programme_lead):
    log_in_with_mfa(client, programme_lead)

    response = client.post(
        reverse("staff:applications:withdraw", kwargs={"pk": enrolment.application_id}),
        {"reason": "x" * 2001},
    )

    assert response.status_code == 400
    assert "2,000 characters or fewer" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is None


def test_sp_manager_cannot_withdraw_a_participant(client, enrolment, sp_manager):
    log_in_with_mfa(client, sp_manager)

    response = client.post(
        reverse("staff:applications:withdraw", kwargs={"pk": enrolment.application_id}),
        {"reason": "No"},
    )

    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is None


def test_lead_cannot_withdraw_an_application_without_an_enrolment(client, programme_lead):
    application = ApplicationFactory(status=ApplicationStatus.ENDORSED)
    log_in_with_mfa(client, programme_lead)

    response = client.post(
        reverse("staff:applications:withdraw", kwargs={"pk": application.pk}), {"reason": "No"}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDORSED


def test_withdrawn_participant_is_not_withdrawn_twice(client, enrolment, programme_lead):
    log_in_with_mfa(client, programme_lead)
    url = reverse("staff:applications:withdraw", kwargs={"pk": enrolment.application_id})
    client.post(url, {"reason": "First"})

    client.post(url, {"reason": "Second"})

    enrolment.refresh_from_db()
    assert enrolment.withdrawal_reason == "First"
    assert EnrolmentEvent.objects.filter(enrolment=enrolment).count() == 1


# --- deleting a draft ------------------------------------------------------------------------


def test_applicant_deletes_their_own_draft(client, link_worker):
    draft = ApplicationFactory(applicant=link_worker, status=ApplicationStatus.DRAFT)
    client.force_login(link_worker)
    url = reverse("applications:delete_draft", kwargs={"pk": draft.pk})

    page = client.get(url)
    response = client.post(url)

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:mine")
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not ApplicationEvent.objects.filter(application_id=draft.pk).exists()


def test_applicant_cannot_delete_someone_elses_draft(client, link_worker):
    draft = ApplicationFactory(status=ApplicationStatus.DRAFT)
    client.force_login(link_worker)

    response = client.post(reverse("applications:delete_draft", kwargs={"pk": draft.pk}))

    assert response.status_code == 403
    assert Application.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.AWAITING_ENDORSEMENT,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_applicant_cannot_delete_a_sent_application(client, link_worker, status):
    application = ApplicationFactory(applicant=link_worker, status=status)
    client.force_login(link_worker)

    response = client.post(reverse("applications:delete_draft", kwargs={"pk": application.pk}))

    assert response.status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()


def test_staff_cannot_delete_a_draft(client, programme_lead):
    draft = ApplicationFactory(status=ApplicationStatus.DRAFT)
    log_in_with_mfa(client, programme_lead)

    response = client.post(reverse("applications:delete_draft", kwargs={"pk": draft.pk}))

    assert response.status_code == 403
    assert Application.objects.filter(pk=draft.pk).exists()
