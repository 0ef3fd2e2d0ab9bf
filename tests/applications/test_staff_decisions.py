"""An SP manager reads an application, records notes, and admits, waitlists or rejects."""

import datetime
import html

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus
from applications.models import ApplicationEvent, ApplicationNote
from cohorts.models import Role
from ellw.mail.models import OutboundEmail
from tests.applications.helpers import sent_message
from tests.factories import ApplicationFactory, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def staff_client(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    return client


def decide_url(application, decision: str) -> str:
    return reverse("staff:applications:decide", args=[application.pk, decision])


def detail_url(application) -> str:
    return reverse("staff:applications:detail", args=[application.pk])


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- decisions ---------------------------------------------------------------------------


def test_admit_offers_an_endorsed_application_a_place(staff_client, sp_manager):
    application = ApplicationFactory(status=S.ENDORSED, full_name="Aisha Khan")
    response = staff_client.post(
        decide_url(application, "admit"), {"message": "Welcome to the programme."}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(application)
    assert flashed(response) == [
        f"Aisha Khan has been offered a place in {application.cohort.name}. We have e-mailed them."
    ]
    application.refresh_from_db()
    assert application.status == S.OFFERED
    assert application.offer_expires_at is not None
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor, event.description, event.note) == (
        S.ENDORSED,
        S.OFFERED,
        sp_manager,
        "Place offered",
        "Welcome to the programme.",
    )
    email = OutboundEmail.objects.get()
    assert (email.template, email.to) == ("place_offered", [application.work_email])
    assert "Welcome to the programme." in sent_message(email).body


def test_admit_offers_a_waitlisted_application_a_place(staff_client):
    application = ApplicationFactory(status=S.WAITLISTED)
    response = staff_client.post(decide_url(application, "admit"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.OFFERED


def test_waitlist_puts_the_application_on_the_waitlist(staff_client, sp_manager):
    application = ApplicationFactory(status=S.ENDORSED, full_name="Aisha Khan")
    response = staff_client.post(decide_url(application, "waitlist"), {"message": ""})
    assert response.status_code == 302
    assert flashed(response) == [
        f"Aisha Khan is on the waitlist for {application.cohort.name}. We have e-mailed them."
    ]
    application.refresh_from_db()
    assert application.status == S.WAITLISTED
    assert application.waitlisted_at is not None
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor, event.description) == (
        S.ENDORSED,
        S.WAITLISTED,
        sp_manager,
        "Decision: waitlist",
    )
    email = OutboundEmail.objects.get()
    assert (email.template, email.to) == ("application_waitlisted", [application.work_email])


@pytest.mark.parametrize("status", [S.AWAITING_ENDORSEMENT, S.NOT_ENDORSED, S.ENDORSED])
def test_reject_turns_the_application_down(staff_client, sp_manager, status):
    application = ApplicationFactory(status=status, full_name="Aisha Khan")
    response = staff_client.post(decide_url(application, "reject"), {"message": "Not this time."})
    assert response.status_code == 302
    assert flashed(response) == [
        f"Aisha Khan's application to {application.cohort.name} was turned down. "
        "We have e-mailed them."
    ]
    application.refresh_from_db()
    assert application.status == S.REJECTED
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        status,
        S.REJECTED,
        sp_manager,
        "Not this time.",
    )
    email = OutboundEmail.objects.get()
    assert (email.template, email.to) == ("application_rejected", [application.work_email])


def assert_refused(response, application, status, errors: list[str]) -> None:
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == errors
    assert b"There is a problem" in response.content
    for error in errors:
        assert error.encode() in response.content
    application.refresh_from_db()
    assert application.status == status
    assert ApplicationEvent.objects.filter(application=application).count() == 0
    assert OutboundEmail.objects.count() == 0


@pytest.mark.parametrize("status", [S.AWAITING_ENDORSEMENT, S.NOT_ENDORSED])
def test_admit_is_refused_until_endorsed(staff_client, status):
    application = ApplicationFactory(status=status)
    response = staff_client.post(decide_url(application, "admit"))
    assert_refused(
        response,
        application,
        status,
        ["Only endorsed or waitlisted applications can be offered a place."],
    )


def test_admit_is_refused_when_not_eligible(staff_client):
    cohort = CohortFactory(name="Cohort Strict")
    application = ApplicationFactory(
        cohort=cohort,
        status=S.ENDORSED,
        role=Role.objects.get(slug="care-coordinator"),
    )
    response = staff_client.post(decide_url(application, "admit"))
    assert_refused(
        response,
        application,
        S.ENDORSED,
        [
            "Cohort Strict is open to: Social Prescribing Link Worker. "
            "It does not take applications from Care Coordinators."
        ],
    )


@pytest.mark.parametrize("holding", [S.OFFERED, S.ACCEPTED])
def test_admit_is_refused_when_the_cohort_is_full(staff_client, holding):
    cohort = CohortFactory(name="Cohort Full", capacity=1)
    ApplicationFactory(cohort=cohort, status=holding)
    application = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    response = staff_client.post(decide_url(application, "admit"))
    assert_refused(
        response,
        application,
        S.ENDORSED,
        ["Cohort Full is full: its 1 place is offered or taken."],
    )


def test_admit_takes_the_last_free_place(staff_client):
    cohort = CohortFactory(capacity=2)
    ApplicationFactory(cohort=cohort, status=S.ACCEPTED)
    # Places not held: waitlisted, declined, lapsed, withdrawn.
    for status in (S.WAITLISTED, S.OFFER_DECLINED, S.OFFER_LAPSED, S.WITHDRAWN):
        ApplicationFactory(cohort=cohort, status=status)
    application = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    response = staff_client.post(decide_url(application, "admit"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.OFFERED
    assert cohort.applications.filter(status__in=[S.OFFERED, S.ACCEPTED]).count() == 2


@pytest.mark.parametrize(
    ("status", "decision"),
    [(S.WAITLISTED, "waitlist"), (S.OFFERED, "reject"), (S.REJECTED, "admit")],
)
def test_decision_the_transition_table_forbids_is_refused(staff_client, status, decision):
    application = ApplicationFactory(status=status)
    response = staff_client.post(decide_url(application, decision))
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == status
    assert ApplicationEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("decision", "question", "button"),
    [
        ("admit", "Offer a place to Aisha Khan?", "Offer a place"),
        ("waitlist", "Put Aisha Khan on the waitlist?", "Put on the waitlist"),
        ("reject", "Turn down Aisha Khan&#x27;s application?", "Turn down the application"),
    ],
)
def test_decision_confirmation_page_asks_first(staff_client, decision, question, button):
    application = ApplicationFactory(status=S.ENDORSED, full_name="Aisha Khan")
    response = staff_client.get(decide_url(application, decision))
    assert response.status_code == 200
    assert f"{question}</h1>".encode() in response.content
    assert f">{button}</button>".encode() in response.content
    assert b'<label class="nhsuk-label" for="id_message">' in response.content
    application.refresh_from_db()
    assert application.status == S.ENDORSED


def test_admit_confirmation_shows_the_places(staff_client):
    cohort = CohortFactory(capacity=5)
    ApplicationFactory(cohort=cohort, status=S.OFFERED)
    application = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    response = staff_client.get(decide_url(application, "admit"))
    assert b"1 of 5 offered or accepted, 4 free" in response.content


def test_unknown_decision_is_not_found(staff_client):
    application = ApplicationFactory(status=S.ENDORSED)
    assert staff_client.get(decide_url(application, "promote")).status_code == 404
    assert staff_client.post(decide_url(application, "promote")).status_code == 404


def test_missing_application_is_not_found(staff_client):
    assert staff_client.get(reverse("staff:applications:detail", args=[999999])).status_code == 404
    url = reverse("staff:applications:decide", args=[999999, "admit"])
    assert staff_client.get(url).status_code == 404


# --- the waitlist --------------------------------------------------------------------------


def offer_next_url(cohort) -> str:
    return reverse("staff:applications:offer_next", args=[cohort.pk])


def test_offer_next_offers_the_earliest_waitlisted(staff_client):
    cohort = CohortFactory(capacity=2)
    ApplicationFactory(cohort=cohort, status=S.ACCEPTED)
    now = timezone.now()
    later = ApplicationFactory(
        cohort=cohort, status=S.WAITLISTED, waitlisted_at=now - datetime.timedelta(days=1)
    )
    earliest = ApplicationFactory(
        cohort=cohort,
        status=S.WAITLISTED,
        full_name="Early Bird",
        waitlisted_at=now - datetime.timedelta(days=5),
    )
    response = staff_client.post(offer_next_url(cohort), {"application": earliest.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('staff:applications:queue')}?cohort={cohort.pk}"
    assert flashed(response) == [
        f"Early Bird has been offered a place in {cohort.name}. We have e-mailed them."
    ]
    earliest.refresh_from_db()
    later.refresh_from_db()
    assert (earliest.status, later.status) == (S.OFFERED, S.WAITLISTED)
    email = OutboundEmail.objects.get()
    assert (email.template, email.to) == ("place_offered", [earliest.work_email])


def test_offer_next_is_refused_when_no_place_is_free(staff_client):
    cohort = CohortFactory(name="Cohort Busy", capacity=1)
    ApplicationFactory(cohort=cohort, status=S.OFFERED)
    waiting = ApplicationFactory(cohort=cohort, status=S.WAITLISTED)
    response = staff_client.post(offer_next_url(cohort), {"application": waiting.pk})
    assert response.status_code == 302
    assert flashed(response) == ["Cohort Busy is full: its 1 place is offered or taken."]
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED
    assert OutboundEmail.objects.count() == 0


def test_offer_next_with_nobody_waiting(staff_client):
    cohort = CohortFactory(name="Cohort Quiet")
    response = staff_client.post(offer_next_url(cohort), {"application": "1"}, follow=True)
    assert response.status_code == 200
    assert b"Nobody on the waitlist for Cohort Quiet can be offered a place." in response.content


def test_offer_next_asks_before_offering(staff_client):
    """GET is the confirmation page (tests/applications/test_offers.py); with nobody to
    offer the place to, it goes back to the queue."""
    cohort = CohortFactory()
    assert staff_client.get(offer_next_url(cohort)).status_code == 302


# --- the application page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        (S.AWAITING_ENDORSEMENT, ["Turn down the application"]),
        (S.NOT_ENDORSED, ["Turn down the application"]),
        (S.ENDORSED, ["Offer a place", "Put on the waitlist", "Turn down the application"]),
        (S.WAITLISTED, ["Offer a place", "Turn down the application"]),
        (S.OFFERED, []),
        (S.ACCEPTED, []),
        (S.REJECTED, []),
        (S.WITHDRAWN, []),
    ],
)
def test_detail_offers_only_the_decisions_the_table_allows(staff_client, status, labels):
    application = ApplicationFactory(status=status)
    response = staff_client.get(detail_url(application))
    assert [d["label"] for d in response.context["decisions"]] == labels
    for decision in response.context["decisions"]:
        assert f'href="{decision["url"]}"'.encode() in response.content


def test_detail_shows_the_application_endorsement_history_and_other_applications(
    staff_client, sp_manager
):
    applicant = UserFactory(full_name="Aisha Khan")
    earlier = ApplicationFactory(applicant=applicant, status=S.REJECTED)
    application = ApplicationFactory(
        applicant=applicant,
        status=S.DRAFT,
        employer="Newham Health Collaborative",
        clinical_director_name="Dr Priya Shah",
        clinical_director_email="priya.shah@nhs.net",
    )
    services.application_submit(application=application, actor=applicant)
    services.application_decide(
        application=application, actor=sp_manager, decision="reject", message="Apply again."
    )
    response = staff_client.get(detail_url(application))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Newham Health Collaborative" in content
    assert "Meets the eligibility rules." in content
    endorsement = response.context["endorsement"]
    assert (endorsement.endorser_name, endorsement.endorser_email) == (
        "Dr Priya Shah",
        "priya.shah@nhs.net",
    )
    assert "No answer yet" in content
    assert [e.description for e in response.context["timeline"]] == [
        "Application submitted",
        "Endorsement link sent to Dr Priya Shah (priya.shah@nhs.net)",
        "Decision: reject",
    ]
    assert "Awaiting endorsement to Not successful" in content
    assert "Apply again." in content
    assert sp_manager.get_full_name() in content
    assert list(response.context["other_applications"]) == [earlier]
    assert f'href="{detail_url(earlier)}"' in content


def test_detail_lists_eligibility_problems(staff_client):
    cohort = CohortFactory(minimum_experience_months=12)
    application = ApplicationFactory(
        cohort=cohort,
        status=S.ENDORSED,
        started_in_role_on=cohort.starts_on - datetime.timedelta(days=40),
    )
    response = staff_client.get(detail_url(application))
    problems = [p.message for p in response.context["eligibility_problems"]]
    assert len(problems) == 1
    assert problems[0].endswith("this cohort asks for 12.")
    assert problems[0].encode().replace(b"'", b"&#x27;") in response.content
    assert b"Meets the eligibility rules." not in response.content


@pytest.mark.parametrize(
    ("status", "change", "resend"),
    [
        (S.AWAITING_ENDORSEMENT, True, True),
        (S.NOT_ENDORSED, True, False),
        (S.ENDORSED, False, False),
        (S.OFFERED, False, False),
    ],
)
def test_detail_links_to_endorsement_changes_only_when_allowed(
    staff_client, status, change, resend
):
    application = ApplicationFactory(status=status)
    response = staff_client.get(detail_url(application))
    assert response.context["can_change_endorser"] is change
    assert response.context["can_resend_endorsement"] is resend
    change_url = reverse("applications:change_endorser", args=[application.pk])
    resend_url = reverse("applications:resend_endorsement", args=[application.pk])
    assert (f'href="{change_url}"'.encode() in response.content) is change
    assert (f'action="{resend_url}"'.encode() in response.content) is resend


# --- notes ---------------------------------------------------------------------------------


def test_staff_add_a_note_and_see_it(staff_client, sp_manager):
    application = ApplicationFactory(status=S.ENDORSED)
    url = reverse("staff:applications:add_note", args=[application.pk])
    response = staff_client.post(url, {"text": "Spoke to the PCN: strong candidate."})
    assert response.status_code == 302
    assert response["Location"] == detail_url(application) + "#notes"
    note = ApplicationNote.objects.get()
    assert (note.application, note.author, note.text) == (
        application,
        sp_manager,
        "Spoke to the PCN: strong candidate.",
    )
    page = staff_client.get(detail_url(application))
    assert list(page.context["notes"]) == [note]
    assert b"Spoke to the PCN: strong candidate." in page.content
    # A note is not a decision: no history row, no e-mail.
    assert ApplicationEvent.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_an_empty_note_is_refused(staff_client):
    application = ApplicationFactory(status=S.ENDORSED)
    url = reverse("staff:applications:add_note", args=[application.pk])
    response = staff_client.post(url, {"text": ""})
    assert response.status_code == 400
    assert response.context["note_form"].errors == {"text": ["Enter the note"]}
    assert b'<a href="#id_text">Enter the note</a>' in response.content
    assert ApplicationNote.objects.count() == 0


def test_notes_are_listed_newest_first_with_their_author(staff_client, programme_lead):
    application = ApplicationFactory(status=S.ENDORSED)
    services.application_note_add(application=application, author=programme_lead, text="First")
    services.application_note_add(application=application, author=programme_lead, text="Second")
    response = staff_client.get(detail_url(application))
    assert [n.text for n in response.context["notes"]] == ["Second", "First"]
    # Faker's names may hold an apostrophe (O'Connor), which the page escapes.
    assert html.escape(programme_lead.get_full_name()).encode() in response.content


# --- the staff dashboard ------------------------------------------------------------------


def test_dashboard_links_to_the_queue_and_each_cohorts_applications(staff_client):
    cohort = CohortFactory(name="Cohort Linked")
    response = staff_client.get(reverse("staff:dashboard"))
    queue = reverse("staff:applications:queue")
    assert f'href="{queue}"'.encode() in response.content
    assert f'href="{queue}?cohort={cohort.pk}"'.encode() in response.content
