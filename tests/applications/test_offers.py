"""Offers made and taken back by staff: the waitlist's next place is offered only after a
confirmation page that names the person, and an offer can be withdrawn with a reason."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from applications.enums import ALLOWED_TRANSITIONS, ApplicationStatus
from applications.models import ApplicationEvent
from applications.selectors import cohort_places_held
from ellw.mail.models import OutboundEmail
from tests.applications.helpers import last_email_to
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def staff_client(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    return client


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def offer_next_url(cohort) -> str:
    return reverse("staff:applications:offer_next", args=[cohort.pk])


def queue_url(cohort) -> str:
    return f"{reverse('staff:applications:queue')}?cohort={cohort.pk}"


@pytest.fixture
def waitlist():
    """A cohort of 2 with 1 place taken and two people waiting, the earlier one first."""
    cohort = CohortFactory(name="Cohort 2", capacity=2)
    ApplicationFactory(cohort=cohort, status=S.ACCEPTED)
    now = timezone.now()
    first = ApplicationFactory(
        cohort=cohort,
        status=S.WAITLISTED,
        full_name="Early Bird",
        waitlisted_at=now - datetime.timedelta(days=5),
    )
    second = ApplicationFactory(
        cohort=cohort,
        status=S.WAITLISTED,
        full_name="Late Comer",
        waitlisted_at=now - datetime.timedelta(days=1),
    )
    return cohort, first, second


# --- offering the next place -------------------------------------------------------------


def test_offer_next_asks_first_and_names_the_person(staff_client, waitlist):
    cohort, first, second = waitlist
    response = staff_client.get(offer_next_url(cohort))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Offer a place to Early Bird? - ELLW Cohorts - NHS</title>" in content
    assert "Offer a place to Early Bird?</h1>" in content
    assert f'<input type="hidden" name="application" value="{first.pk}">' in content
    assert 'name="message"' in content
    assert response.context["candidate"] == first
    first.refresh_from_db()
    assert first.status == S.WAITLISTED  # asking changes nothing
    assert OutboundEmail.objects.count() == 0


def test_confirming_offers_the_named_person_with_the_message(staff_client, waitlist, sp_manager):
    cohort, first, second = waitlist
    response = staff_client.post(
        offer_next_url(cohort), {"application": first.pk, "message": "A place came free."}
    )
    assert response.status_code == 302
    assert response["Location"] == queue_url(cohort)
    assert flashed(response) == [
        "Early Bird has been offered a place in Cohort 2. We have e-mailed them."
    ]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.OFFERED, S.WAITLISTED)
    event = ApplicationEvent.objects.get(application=first)
    assert (event.actor, event.description, event.note) == (
        sp_manager,
        "Place offered",
        "A place came free.",
    )
    email = last_email_to(first.work_email)
    assert email.template == "place_offered"
    assert "A place came free." in email.body_text


def test_confirming_is_refused_when_someone_else_is_next_by_then(staff_client, waitlist):
    cohort, first, second = waitlist
    page = staff_client.get(offer_next_url(cohort))
    assert page.context["candidate"] == first
    # Meanwhile another manager turns the first person down.
    first.status = S.REJECTED
    first.save(update_fields=["status"])

    response = staff_client.post(offer_next_url(cohort), {"application": first.pk, "message": ""})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The waitlist for Cohort 2 changed while you were deciding, so nothing was offered. "
        "Late Comer is next now: check and confirm again."
    ]
    assert response.context["candidate"] == second
    assert "<title>Error: Offer a place to Late Comer? - ELLW Cohorts - NHS</title>" in (
        response.content.decode()
    )
    second.refresh_from_db()
    assert second.status == S.WAITLISTED
    assert OutboundEmail.objects.count() == 0


def test_confirming_without_the_application_offers_nothing(staff_client, waitlist):
    cohort, first, _ = waitlist
    response = staff_client.post(offer_next_url(cohort), {"message": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "application": ["This page was out of date. Check who is next and confirm again."]
    }
    first.refresh_from_db()
    assert first.status == S.WAITLISTED


def test_offer_next_with_no_free_place_goes_back_to_the_queue(staff_client):
    cohort = CohortFactory(name="Cohort Busy", capacity=1)
    ApplicationFactory(cohort=cohort, status=S.OFFERED)
    waiting = ApplicationFactory(cohort=cohort, status=S.WAITLISTED)
    response = staff_client.get(offer_next_url(cohort))
    assert response.status_code == 302
    assert response["Location"] == queue_url(cohort)
    assert flashed(response) == ["Cohort Busy is full: its 1 place is offered or taken."]

    response = staff_client.post(offer_next_url(cohort), {"application": waiting.pk})
    assert response.status_code == 302
    assert flashed(response)[-1] == "Cohort Busy is full: its 1 place is offered or taken."
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_offer_next_with_nobody_waiting_goes_back_to_the_queue(staff_client):
    cohort = CohortFactory(name="Cohort Quiet")
    response = staff_client.get(offer_next_url(cohort))
    assert response.status_code == 302
    assert flashed(response) == ["Nobody on the waitlist for Cohort Quiet can be offered a place."]


def test_offer_next_is_staff_only(client, link_worker, waitlist):
    cohort, first, _ = waitlist
    url = offer_next_url(cohort)
    assert client.get(url)["Location"] == f"{reverse('account_login')}?next={url}"
    client.force_login(link_worker)
    assert client.get(url).status_code == 403
    assert client.post(url, {"application": first.pk}).status_code == 403
    first.refresh_from_db()
    assert first.status == S.WAITLISTED


# --- withdrawing an offer ------------------------------------------------------------------


def rescind_url(application) -> str:
    return reverse("staff:applications:rescind_offer", args=[application.pk])


def detail_url(application) -> str:
    return reverse("staff:applications:detail", args=[application.pk])


def test_an_offer_can_be_withdrawn_only_from_offered():
    rescindable = {s for s, targets in ALLOWED_TRANSITIONS.items() if S.OFFER_RESCINDED in targets}
    assert rescindable == {S.OFFERED}
    assert ALLOWED_TRANSITIONS[S.OFFER_RESCINDED] == frozenset()


def test_withdrawing_an_offer_asks_for_a_reason_first(staff_client):
    application = ApplicationFactory(status=S.OFFERED, full_name="Aisha Khan")
    response = staff_client.get(rescind_url(application))
    assert response.status_code == 200
    assert "Withdraw the offer of a place to Aisha Khan?</h1>" in response.content.decode()

    response = staff_client.post(rescind_url(application), {"reason": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Give the reason for withdrawing the offer"]
    }
    application.refresh_from_db()
    assert application.status == S.OFFERED
    assert OutboundEmail.objects.count() == 0


def test_withdrawing_an_offer_frees_the_place_emails_the_reason_and_records_it(
    staff_client, sp_manager
):
    cohort = CohortFactory(name="Cohort 2", capacity=1)
    application = ApplicationFactory(cohort=cohort, status=S.OFFERED, full_name="Aisha Khan")
    reason = "Your PCN has told us you are leaving your post before the cohort starts."

    response = staff_client.post(rescind_url(application), {"reason": reason})

    assert response.status_code == 302
    assert response["Location"] == detail_url(application)
    assert flashed(response) == [
        "The offer to Aisha Khan has been withdrawn and the place is free again. "
        "We have e-mailed them the reason."
    ]
    application.refresh_from_db()
    assert application.status == S.OFFER_RESCINDED
    assert application.get_status_display() == "Offer withdrawn"
    assert cohort_places_held(cohort) == 0
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor, event.description, event.note) == (
        S.OFFERED,
        S.OFFER_RESCINDED,
        sp_manager,
        "Offer withdrawn by the programme team",
        reason,
    )
    email = last_email_to(application.work_email)
    assert email.template == "offer_rescinded"
    assert email.subject == "Your offer of a place on Cohort 2 has been withdrawn"
    assert reason in email.body_text
    assert reason in email.body_html


@pytest.mark.parametrize("status", [S.ACCEPTED, S.ENDORSED, S.WAITLISTED, S.OFFER_DECLINED])
def test_withdrawing_is_refused_for_anything_not_offered(staff_client, status):
    application = ApplicationFactory(status=status)
    label = S(status).label

    response = staff_client.get(rescind_url(application))
    assert response.status_code == 302
    assert response["Location"] == detail_url(application)
    refusal = (
        f"Only an open offer of a place can be withdrawn. This application's status is {label}."
    )
    assert flashed(response) == [refusal]

    response = staff_client.post(rescind_url(application), {"reason": "A reason."})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [refusal]
    application.refresh_from_db()
    assert application.status == status
    assert ApplicationEvent.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_withdrawing_an_offer_past_its_deadline_records_the_lapse_instead(staff_client):
    application = ApplicationFactory(
        status=S.OFFERED, offer_expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response = staff_client.post(rescind_url(application), {"reason": "A reason."})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The offer has already lapsed: the deadline to accept passed."
    ]
    application.refresh_from_db()
    assert application.status == S.OFFER_LAPSED


def test_the_application_page_offers_withdrawal_only_for_an_offer(staff_client):
    offered = ApplicationFactory(status=S.OFFERED)
    accepted = ApplicationFactory(status=S.ACCEPTED)
    assert staff_client.get(detail_url(offered)).context["can_rescind_offer"] is True
    assert rescind_url(offered).encode() in staff_client.get(detail_url(offered)).content
    assert staff_client.get(detail_url(accepted)).context["can_rescind_offer"] is False


def test_withdrawing_is_staff_only(client, link_worker):
    application = ApplicationFactory(applicant=link_worker, status=S.OFFERED)
    url = rescind_url(application)
    assert client.get(url)["Location"] == f"{reverse('account_login')}?next={url}"
    client.force_login(link_worker)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Mine."}).status_code == 403
    application.refresh_from_db()
    assert application.status == S.OFFERED


def test_the_applicant_is_told_the_offer_was_withdrawn(client, link_worker):
    application = ApplicationFactory(applicant=link_worker, status=S.OFFER_RESCINDED)
    client.force_login(link_worker)
    response = client.get(reverse("applications:detail", args=[application.pk]))
    assert response.context["view"].next_step == (
        "The programme team withdrew the offer of a place. Our e-mail tells you why. "
        "You can apply to a later cohort."
    )
    assert b'<strong class="nhsuk-tag nhsuk-tag--red">Offer withdrawn</strong>' in (
        response.content
    )
