import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent, EndorsementRequest
from cohorts.models import Role
from ellw.mail.models import OutboundEmail
from tests.applications.helpers import application_form_data, apply, last_email_to
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 2", slug="cohort-2")


@pytest.fixture
def applicant_client(client, link_worker):
    client.force_login(link_worker)
    return client


def test_submit_sends_the_clinical_director_an_action_email(applicant_client, cohort):
    response = apply(applicant_client, cohort)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert application.status == S.AWAITING_ENDORSEMENT
    assert application.submitted_at is not None
    assert application.privacy_consent_at is not None

    email = last_email_to("priya.shah@nhs.net")
    assert (
        email.subject == "Action required: endorse Aisha Khan's application to the ELLW programme"
    )
    assert "/endorse/" in email.body_text
    assert "Aisha Khan" in email.body_html
    assert last_email_to("aisha.khan@example.nhs.uk").template == "application_submitted"

    request = EndorsementRequest.objects.get()
    assert request.endorser_email == "priya.shah@nhs.net"
    # Only a hash of the token is kept: the link's token is nowhere in the database.
    token = email.body_text.split("/endorse/")[1].split("/")[0]
    assert token not in (request.token_hash, request.link_nonce)
    assert request.expires_at - request.created_at == datetime.timedelta(days=14)
    assert list(application.events.values_list("description", flat=True)) == [
        "Application submitted",
        "Endorsement link sent to Dr Priya Shah (priya.shah@nhs.net)",
    ]


def test_status_page_shows_timeline_and_next_step(applicant_client, cohort):
    apply(applicant_client, cohort)
    application = Application.objects.get()
    response = applicant_client.get(reverse("applications:detail", args=[application.pk]))
    content = response.content.decode()
    assert "Awaiting endorsement" in content
    assert "We have e-mailed your clinical director a link" in content
    assert "Application submitted" in content
    assert "Withdraw your application" in content


def test_save_draft_then_come_back_and_submit(applicant_client, cohort):
    data = application_form_data(
        cohort, action="draft", clinical_director_email="", motivation="Just a start"
    )
    response = applicant_client.post(reverse("applications:apply", args=[cohort.slug]), data)
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    assert application.status == S.DRAFT
    assert OutboundEmail.objects.count() == 0

    # Coming back to apply goes to the draft, with what was entered.
    response = applicant_client.get(reverse("applications:apply", args=[cohort.slug]), follow=True)
    assert response.redirect_chain == [(reverse("applications:edit", args=[application.pk]), 302)]
    assert b"Just a start" in response.content

    response = applicant_client.post(
        reverse("applications:edit", args=[application.pk]), application_form_data(cohort)
    )
    application.refresh_from_db()
    assert application.status == S.AWAITING_ENDORSEMENT


def test_incomplete_submission_lists_every_gap_and_keeps_the_draft(applicant_client, cohort):
    response = apply(
        applicant_client,
        cohort,
        phone="",
        motivation="",
        privacy_consent=None,
        started_in_role_on_0="",
        started_in_role_on_1="",
        started_in_role_on_2="",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Enter your work phone number" in content
    assert "Enter the date you started in your role" in content
    assert "Tell us why you want to join the programme" in content
    assert "Confirm you have read the privacy notice" in content
    assert "Your answers are saved as a draft" in content
    application = Application.objects.get()
    assert application.status == S.DRAFT
    assert application.full_name == "Aisha Khan"
    assert OutboundEmail.objects.count() == 0


def test_experience_one_day_short_is_refused_with_the_numbers(applicant_client, cohort):
    short = cohort.starts_on.replace(year=cohort.starts_on.year - 1) + datetime.timedelta(days=1)
    response = apply(
        applicant_client,
        cohort,
        started_in_role_on_0=short.day,
        started_in_role_on_1=short.month,
        started_in_role_on_2=short.year,
    )
    assert response.status_code == 200
    expected = (
        f"You will have 11 months&#x27; experience on {cohort.starts_on.day} "
        f"{cohort.starts_on:%B %Y}; this cohort asks for 12."
    )
    assert expected in response.content.decode()
    assert Application.objects.get().status == S.DRAFT


def test_exactly_twelve_months_is_accepted(applicant_client, cohort):
    start = cohort.starts_on.replace(year=cohort.starts_on.year - 1)
    apply(
        applicant_client,
        cohort,
        started_in_role_on_0=start.day,
        started_in_role_on_1=start.month,
        started_in_role_on_2=start.year,
    )
    assert Application.objects.get().status == S.AWAITING_ENDORSEMENT


def test_role_the_cohort_does_not_take_is_refused(applicant_client, cohort):
    response = apply(applicant_client, cohort, role=Role.objects.get(slug="care-coordinator").pk)
    assert response.status_code == 200
    assert (
        b"Cohort 2 does not take applications from that role. "
        b"It is open to: Social Prescribing Link Worker" in response.content
    )
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "3", "2021", "Date started in role must include a day"),
        ("31", "2", "2021", "Date started in role must be a real date"),
        ("1", "1", "2999", "Date started in role must be today or in the past"),
    ],
)
def test_bad_dates_are_explained(applicant_client, cohort, day, month, year, message):
    response = apply(
        applicant_client,
        cohort,
        started_in_role_on_0=day,
        started_in_role_on_1=month,
        started_in_role_on_2=year,
    )
    assert message in response.content.decode()
    assert Application.objects.count() == 0


def test_word_limit(applicant_client, cohort):
    response = apply(applicant_client, cohort, motivation="word " * 251)
    assert "Why you want to join must be 250 words or fewer (you have 251)" in (
        response.content.decode()
    )
    assert Application.objects.count() == 0
    assert b"You can enter up to 250 words" in response.content


def test_word_limit_allows_exactly_250(applicant_client, cohort):
    apply(applicant_client, cohort, motivation="word " * 250)
    assert Application.objects.get().status == S.AWAITING_ENDORSEMENT


def test_endorser_domain_is_checked_at_once(applicant_client, cohort):
    cohort.endorser_email_domains = "nhs.net"
    cohort.save()
    response = apply(
        applicant_client, cohort, action="draft", clinical_director_email="dr@gmail.com"
    )
    assert (
        "For Cohort 2 the clinical director&#x27;s e-mail address must end in @nhs.net."
        in response.content.decode()
    )
    assert Application.objects.count() == 0


def test_pcn_not_listed_needs_a_name(applicant_client, cohort):
    response = apply(applicant_client, cohort, pcn="", pcn_other="")
    assert b"Select your primary care network, or enter its name if it is not listed" in (
        response.content
    )
    apply(applicant_client, cohort, pcn="", pcn_other="Clapton Park PCN")
    application = Application.objects.get()
    assert (application.status, application.pcn_name) == (
        S.AWAITING_ENDORSEMENT,
        "Clapton Park PCN",
    )


def test_closed_window_is_refused(applicant_client):
    today = timezone.localdate()
    closed = CohortFactory(
        name="Cohort Past",
        applications_open_on=today - datetime.timedelta(days=30),
        applications_close_on=today - datetime.timedelta(days=1),
    )
    response = applicant_client.get(reverse("applications:apply", args=[closed.slug]))
    assert b"Cohort Past is not taking applications" in response.content
    assert b"Applications for Cohort Past closed on" in response.content
    response = apply(applicant_client, closed)
    assert b"is not taking applications" in response.content
    assert Application.objects.count() == 0


def test_second_application_to_the_same_cohort_goes_to_the_first(
    applicant_client, cohort, link_worker
):
    apply(applicant_client, cohort)
    response = apply(applicant_client, cohort)
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert Application.objects.count() == 1


def test_withdraw_frees_the_links(applicant_client, cohort):
    apply(applicant_client, cohort)
    application = Application.objects.get()
    url = reverse("applications:withdraw", args=[application.pk])
    assert b"Are you sure you want to withdraw" in applicant_client.get(url).content
    applicant_client.post(url, {"reason": "Changed jobs"})
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert EndorsementRequest.objects.get().superseded_at is not None
    event = ApplicationEvent.objects.get(to_status=S.WITHDRAWN)
    assert (event.from_status, event.note) == (S.AWAITING_ENDORSEMENT, "Changed jobs")
    # A withdrawn application cannot be withdrawn again.
    assert applicant_client.post(url).status_code == 403


def test_submitted_application_cannot_be_edited(applicant_client, cohort):
    apply(applicant_client, cohort)
    application = Application.objects.get()
    response = applicant_client.get(reverse("applications:edit", args=[application.pk]))
    assert response.status_code == 403


def test_my_applications_lists_only_mine(applicant_client, cohort, link_worker):
    ApplicationFactory(cohort=cohort, full_name="Someone Else")
    ApplicationFactory(applicant=link_worker, cohort=cohort, full_name="Mine")
    response = applicant_client.get(reverse("applications:mine"))
    assert [r.application.full_name for r in response.context["rows"]] == ["Mine"]
