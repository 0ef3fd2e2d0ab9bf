import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent, EndorsementRequest
from applications.services import endorsement_reminders_send
from tests.applications.helpers import apply, endorsement_page, endorsement_path, last_email_to
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def links_sent_earlier(minutes: int = 11) -> None:
    """Move every link back in time, past the wait between two links."""
    EndorsementRequest.objects.update(
        created_at=F("created_at") - datetime.timedelta(minutes=minutes)
    )


@pytest.fixture
def application(client, link_worker):
    client.force_login(link_worker)
    apply(client, CohortFactory(name="Cohort 2"))
    client.logout()  # the clinical director has no account
    return Application.objects.get()


def test_link_shows_a_summary_and_endorsing_records_it(client, application):
    path = endorsement_page(client)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    content = response.content.decode()
    assert "Endorse Aisha Khan's application" in content
    assert "I want to grow as a leader" in content
    assert "aisha.khan@example.nhs.uk" not in content  # contact details are not needed here

    response = client.post(path, {"outcome": "endorsed", "comment": "A natural leader."})
    assert response.status_code == 200
    assert b"You have endorsed Aisha Khan" in response.content
    application.refresh_from_db()
    assert application.status == S.ENDORSED
    event = application.events.get(to_status=S.ENDORSED)
    assert (event.actor_label, event.note) == (
        "Dr Priya Shah (clinical director)",
        "A natural leader.",
    )
    email = last_email_to("aisha.khan@example.nhs.uk")
    assert email.template == "application_endorsed"
    assert "A natural leader." in email.body_text


def test_declining_needs_a_reason(client, application):
    path = endorsement_page(client)
    response = client.post(path, {"outcome": "declined", "comment": "  "})
    assert response.status_code == 200
    assert b"Give a reason for not endorsing" in response.content
    application.refresh_from_db()
    assert application.status == S.AWAITING_ENDORSEMENT
    assert EndorsementRequest.objects.get().decided_at is None

    client.post(path, {"outcome": "declined", "comment": "Not yet a year in post with us."})
    application.refresh_from_db()
    assert application.status == S.NOT_ENDORSED
    assert last_email_to("aisha.khan@example.nhs.uk").template == "application_not_endorsed"


def test_no_choice_is_explained(client, application):
    response = client.post(endorsement_page(client), {"comment": "hmm"})
    assert b"Select whether you endorse this application" in response.content


def test_link_used_twice_records_once(client, application):
    link = endorsement_path()
    path = endorsement_page(client)
    client.post(path, {"outcome": "endorsed", "comment": ""})
    response = client.post(path, {"outcome": "declined", "comment": "Changed my mind"})
    assert response.status_code == 410
    assert b"This application has already been answered" in response.content
    application.refresh_from_db()
    assert application.status == S.ENDORSED
    assert ApplicationEvent.objects.filter(to_status__in=[S.ENDORSED, S.NOT_ENDORSED]).count() == 1
    assert client.get(path).status_code == 410
    assert client.get(link).status_code == 410


def test_tampered_link_changes_nothing(client, application):
    path = endorsement_path()
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    for response in (client.get(tampered), client.post(tampered, {"outcome": "endorsed"})):
        assert response.status_code == 404
        assert b"This link is not valid" in response.content
    assert client.get("/endorse/not-a-token/").status_code == 404
    application.refresh_from_db()
    assert application.status == S.AWAITING_ENDORSEMENT


def test_expired_link_changes_nothing_and_applicant_can_resend(client, application, link_worker):
    link = endorsement_path()
    path = endorsement_page(client)
    links_sent_earlier()
    EndorsementRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(path, {"outcome": "endorsed"})
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert client.get(link).status_code == 410
    application.refresh_from_db()
    assert application.status == S.AWAITING_ENDORSEMENT

    client.force_login(link_worker)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content
    assert b"has expired. Send it again" in detail
    client.post(reverse("applications:resend_endorsement", args=[application.pk]))
    new_link = endorsement_path()
    assert new_link != link
    client.logout()
    assert client.get(endorsement_page(client)).status_code == 200
    assert b"This link has been replaced" in client.get(link).content


def test_link_expires_after_the_configured_days(client, application, settings):
    request = EndorsementRequest.objects.get()
    assert request.expires_at == request.created_at + datetime.timedelta(
        days=settings.ELLW_ENDORSEMENT_LINK_DAYS
    )


def test_change_endorser_stops_the_old_link(client, application, link_worker):
    old_path = endorsement_path()
    links_sent_earlier()
    client.force_login(link_worker)
    url = reverse("applications:change_endorser", args=[application.pk])
    response = client.post(url, {"clinical_director_name": "", "clinical_director_email": "x"})
    assert b"Enter your clinical director&#x27;s name" in response.content
    assert b"Enter a valid email address" in response.content
    client.post(
        url, {"clinical_director_name": "Dr Tom Reed", "clinical_director_email": "tom@nhs.net"}
    )
    client.logout()
    assert b"This link has been replaced" in client.get(old_path).content
    client.post(endorsement_page(client, "tom@nhs.net"), {"outcome": "endorsed"})
    application.refresh_from_db()
    assert (application.status, application.clinical_director_email) == (S.ENDORSED, "tom@nhs.net")


def test_applicant_cannot_resend_after_a_decision(client, application, link_worker):
    client.post(endorsement_page(client), {"outcome": "endorsed"})
    client.force_login(link_worker)
    response = client.post(reverse("applications:resend_endorsement", args=[application.pk]))
    assert response.status_code == 403


def test_reminders_after_three_and_seven_days_never_twice(client, application):
    request = EndorsementRequest.objects.get()
    sent_at = request.created_at
    first_link = endorsement_path()
    assert endorsement_reminders_send(now=sent_at + datetime.timedelta(days=3, seconds=-1)) == 0
    assert endorsement_reminders_send(now=sent_at + datetime.timedelta(days=3)) == 1
    assert endorsement_reminders_send(now=sent_at + datetime.timedelta(days=3)) == 0
    reminder = last_email_to("priya.shah@nhs.net")
    assert reminder.template == "endorsement_reminder"
    assert reminder.subject.startswith("Action required: reminder")
    assert endorsement_path() == first_link  # the same link, still working
    assert endorsement_reminders_send(now=sent_at + datetime.timedelta(days=7)) == 1
    assert endorsement_reminders_send(now=sent_at + datetime.timedelta(days=8)) == 0
    assert client.get(first_link).status_code == 302  # still working: on to the page


def test_no_reminder_once_answered(client, application):
    client.post(endorsement_page(client), {"outcome": "endorsed"})
    sent_at = EndorsementRequest.objects.get().created_at
    assert endorsement_reminders_send(now=sent_at + datetime.timedelta(days=8)) == 0


def test_another_applicant_cannot_manage_the_endorsement(client, application):
    client.force_login(UserFactory())
    for name in ("change_endorser", "resend_endorsement"):
        response = client.post(reverse(f"applications:{name}", args=[application.pk]))
        assert response.status_code == 403
