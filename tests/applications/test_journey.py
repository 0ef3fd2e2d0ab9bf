"""Journeys 1–3 walked with the Django client: apply, endorse, admit, accept and the branches."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import cohort_places
from applications.services import offers_lapse_expired
from cohorts.models import Enrolment
from tests.applications.helpers import apply, endorsement_page, last_email_to
from tests.factories import PASSWORD, CohortFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 2", capacity=1)


def sign_up_and_log_in(client, email: str) -> None:
    client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    confirm = re.search(r"http://testserver(\S+confirm-email\S+/)", last_email_to(email).body_text)
    client.post(confirm[1])
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def submitted_and_endorsed(client, cohort, email: str, cd_email: str) -> Application:
    sign_up_and_log_in(client, email)
    apply(client, cohort, work_email=email, clinical_director_email=cd_email)
    client.logout()
    client.post(endorsement_page(client, cd_email), {"outcome": "endorsed", "comment": "Yes"})
    return Application.objects.get(work_email=email)


def decide(client, manager, application, decision: str, message: str = ""):
    client.force_login(manager)
    url = reverse("staff:applications:decide", args=[application.pk, decision])
    assert client.get(url).status_code == 200  # the confirmation step
    response = client.post(url, {"message": message})
    client.logout()
    application.refresh_from_db()
    return response


def test_apply_endorse_admit_accept(client, cohort, sp_manager):
    application = submitted_and_endorsed(client, cohort, "aisha@example.nhs.uk", "cd@nhs.net")
    assert application.status == S.ENDORSED

    decide(client, sp_manager, application, "admit", "Welcome aboard!")
    assert application.status == S.OFFERED
    offer = last_email_to("aisha@example.nhs.uk")
    assert offer.template == "place_offered"
    assert offer.subject.startswith("Action required: accept your place on Cohort 2 by")
    assert "Welcome aboard!" in offer.body_text
    assert application.offer_expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)

    client.post(reverse("account_login"), {"login": "aisha@example.nhs.uk", "password": PASSWORD})
    url = reverse("applications:respond_to_offer", args=[application.pk])
    assert b"Select whether you accept your place" in client.post(url, {}).content
    client.post(url, {"response": "accept"})
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    enrolment = Enrolment.objects.get()
    assert (enrolment.cohort, enrolment.participant.email) == (cohort, "aisha@example.nhs.uk")
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Place accepted" in page
    assert [e.to_status for e in application.events.exclude(to_status="")] == [
        S.AWAITING_ENDORSEMENT,
        S.ENDORSED,
        S.OFFERED,
        S.ACCEPTED,
    ]


def test_capacity_full_then_waitlist_then_withdrawal_frees_the_place(client, cohort, sp_manager):
    first = submitted_and_endorsed(client, cohort, "first@example.nhs.uk", "cd1@nhs.net")
    second = submitted_and_endorsed(client, cohort, "second@example.nhs.uk", "cd2@nhs.net")
    decide(client, sp_manager, first, "admit")

    response = decide(client, sp_manager, second, "admit")
    assert second.status == S.ENDORSED  # capacity 1: refused, nothing changed
    assert b"Cohort 2 is full: its 1 place is offered or taken." in response.content

    decide(client, sp_manager, second, "waitlist")
    assert second.status == S.WAITLISTED
    assert last_email_to("second@example.nhs.uk").template == "application_waitlisted"

    client.post(reverse("account_login"), {"login": "first@example.nhs.uk", "password": PASSWORD})
    client.post(reverse("applications:withdraw", args=[first.pk]), {"reason": ""})
    client.logout()
    places = cohort_places(cohort)
    assert (places.free, [a.pk for a in places.waitlist]) == (1, [second.pk])

    client.force_login(sp_manager)
    offer_next = reverse("staff:applications:offer_next", args=[cohort.pk])
    assert client.get(offer_next).context["candidate"] == second  # named before offering
    client.post(offer_next, {"application": second.pk, "message": ""})
    second.refresh_from_db()
    assert second.status == S.OFFERED


def test_rejected(client, cohort, sp_manager):
    application = submitted_and_endorsed(client, cohort, "r@example.nhs.uk", "cd@nhs.net")
    decide(client, sp_manager, application, "reject", "We had many strong applications.")
    assert application.status == S.REJECTED
    email = last_email_to("r@example.nhs.uk")
    assert (email.template, "We had many strong applications." in email.body_text) == (
        "application_rejected",
        True,
    )


def test_declined_endorsement_cannot_be_admitted(client, cohort, sp_manager):
    sign_up_and_log_in(client, "d@example.nhs.uk")
    apply(client, cohort, work_email="d@example.nhs.uk")
    client.logout()
    client.post(endorsement_page(client), {"outcome": "declined", "comment": "Not this year."})
    application = Application.objects.get()
    response = decide(client, sp_manager, application, "admit")
    assert application.status == S.NOT_ENDORSED
    assert b"Only endorsed or waitlisted applications can be offered a place." in response.content


def test_declined_offer_frees_the_place(client, cohort, sp_manager):
    application = submitted_and_endorsed(client, cohort, "o@example.nhs.uk", "cd@nhs.net")
    decide(client, sp_manager, application, "admit")
    client.post(reverse("account_login"), {"login": "o@example.nhs.uk", "password": PASSWORD})
    client.post(
        reverse("applications:respond_to_offer", args=[application.pk]), {"response": "decline"}
    )
    application.refresh_from_db()
    assert application.status == S.OFFER_DECLINED
    assert cohort_places(cohort).free == 1


def test_offer_lapses_after_the_deadline(client, cohort, sp_manager):
    application = submitted_and_endorsed(client, cohort, "l@example.nhs.uk", "cd@nhs.net")
    decide(client, sp_manager, application, "admit")
    deadline = application.offer_expires_at
    assert offers_lapse_expired(now=deadline - datetime.timedelta(seconds=1)) == 0
    Application.objects.filter(pk=application.pk).update(offer_expires_at=timezone.now())
    client.post(reverse("account_login"), {"login": "l@example.nhs.uk", "password": PASSWORD})
    client.post(
        reverse("applications:respond_to_offer", args=[application.pk]), {"response": "accept"}
    )
    application.refresh_from_db()
    assert application.status == S.OFFER_LAPSED
    assert Enrolment.objects.count() == 0
    assert last_email_to("l@example.nhs.uk").template == "offer_lapsed"
    assert offers_lapse_expired() == 0
