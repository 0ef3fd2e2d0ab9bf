"""People's rights over HTTP: a copy of their data (page and JSON), asking for erasure, the
lead carrying it out or refusing it, and people without an account found by address."""

from __future__ import annotations

import json

import pytest
from django.db.models import Count
from django.urls import reverse

from applications.models import Application
from ellw.accounts.roles import PROGRAMME_LEADS, SP_MANAGERS
from ellw.audit.enums import AuditEvent
from ellw.audit.models import AuditEntry
from ellw.privacy.enums import ErasureStatus
from ellw.privacy.models import ErasureRequest
from ellw.privacy.services import ErasureError, erasure_carry_out, erasure_request
from evaluation.selectors.figures import evaluation_figures
from tests.factories import PASSWORD, ApplicationFactory, StaffFactory, UserFactory
from tests.mfa import log_in_with_mfa

from .privacy_helpers import CD_EMAIL, CD_NAME, EMAIL, NAME, graduate_with_everything, rows_naming

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return StaffFactory(role=PROGRAMME_LEADS, full_name="Gita Malhotra")


@pytest.fixture
def lead_client(client, lead):
    log_in_with_mfa(client, lead)
    return client


def _events(event):
    return AuditEntry.objects.filter(event=event)


def test_a_link_worker_downloads_their_data_as_json_and_as_a_page(client, lead):
    person, enrolment, certificate = graduate_with_everything(lead)
    client.force_login(person)

    page = client.get(reverse("privacy:your_data"))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "Your applications",
        NAME,
        "Cohort 1",
        "Your attendance",
        "Present",
        "I now run a peer group for link workers in Hackney.",
        certificate.display_code,
        "Spoke to",  # the note staff wrote about them
        CD_NAME,
    ):
        assert expected in text
    assert "h" * 64 not in text and "n" * 32 not in text  # no link secret

    download = client.get(reverse("privacy:your_data_json"))
    assert download["Content-Disposition"].startswith("attachment;")
    data = json.loads(download.content)
    assert data["account"][0]["email"] == EMAIL
    assert [a["cohort"] for a in data["applications"]] == ["Cohort 1"]
    assert data["attendance"][0]["status"] == "Present"
    assert data["certificates"][0]["code"] == certificate.display_code
    assert data["certificates"][0]["name"] == NAME
    answers = {a["survey"]: a for a in data["survey_answers"]}
    assert answers["End-of-programme self-assessment"]["confidence"] == {
        "coaching": 4,
        "leading-change": 4,
    }
    assert data["endorsements_about_you"][0]["endorser_email"] == CD_EMAIL
    assert "token_hash" not in download.content.decode()
    assert [e["subject"] for e in data["emails_sent"]] == ["Your place on Cohort 1"]
    assert data["testimonials"][0]["author_name"] == NAME
    # Both, recorded against their account, without naming them.
    entries = _events(AuditEvent.SUBJECT_ACCESS)
    assert entries.count() == 2
    assert {e.actor_id for e in entries} == {None}
    assert {e.object_repr for e in entries} == {f"User {person.pk}"}


def test_the_lead_finds_a_clinical_director_by_address_and_downloads_theirs(lead_client, lead):
    graduate_with_everything(lead)

    page = lead_client.get(reverse("staff:privacy:person"), {"email": CD_EMAIL.upper()})
    assert page.status_code == 200
    assert "No account holds this address." in page.content.decode()
    assert "Endorsements asked of you as a clinical director" in page.content.decode()

    download = lead_client.get(reverse("staff:privacy:person_json"), {"email": CD_EMAIL})
    data = json.loads(download.content)
    assert data["email_addresses"] == [CD_EMAIL]
    assert [e["endorser_name"] for e in data["endorsements_given"]] == [CD_NAME]
    assert [a["clinical_director_name"] for a in data["named_as_clinical_director"]] == [CD_NAME]
    entries = _events(AuditEvent.SUBJECT_ACCESS)
    assert entries.count() == 2
    assert {e.actor_id for e in entries} == {lead.pk}
    assert all(CD_EMAIL not in str(e.additional_data) for e in entries)


def test_an_address_that_matches_nothing_is_said_so(lead_client):
    page = lead_client.get(reverse("staff:privacy:person"), {"email": "nobody@nhs.net"})
    assert "We hold nothing about nobody@nhs.net." in page.content.decode()
    response = lead_client.post(
        reverse("staff:privacy:person_erase"), {"email": "nobody@nhs.net", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "We hold nothing about nobody@nhs.net, so there is nothing to erase." in (
        response.content.decode()
    )
    assert ErasureRequest.objects.count() == 0


def _counts_per_cohort():
    return list(
        Application.objects.values("cohort_id", "status")
        .annotate(n=Count("pk"))
        .order_by("cohort_id", "status")
    )


def test_a_link_worker_asks_for_erasure_and_the_lead_carries_it_out(
    client, lead, django_capture_on_commit_callbacks, mailoutbox
):
    person, enrolment, certificate = graduate_with_everything(lead)
    cohort = enrolment.cohort
    figures_before = evaluation_figures([cohort.pk])
    counts_before = _counts_per_cohort()

    client.force_login(person)
    page = client.get(reverse("privacy:erasure"))
    assert "This cannot be undone." in page.content.decode()
    refused = client.post(reverse("privacy:erasure"), {})
    assert "Tick the box to say you understand what erasure does" in refused.content.decode()
    client.post(reverse("privacy:erasure"), {"confirm": "on"})
    request = ErasureRequest.objects.get(user=person, status=ErasureStatus.REQUESTED)
    assert _events(AuditEvent.ERASURE_REQUESTED).get().actor_id is None
    client.logout()

    log_in_with_mfa(client, lead)
    listed = client.get(reverse("staff:privacy:requests"))
    assert reverse("staff:privacy:erasure_request", args=[request.pk]) in listed.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:privacy:erasure_confirm", args=[request.pk]), {"confirm": "on"}
        )
    assert response.status_code == 302
    client.logout()

    # They were told, and then the outbox forgot where it sent that.
    assert [m.to for m in mailoutbox] == [[EMAIL]]
    assert mailoutbox[0].subject == "Your personal data has been erased"
    # They cannot sign in, by their old address or the new one.
    assert client.login(email=EMAIL, password=PASSWORD) is False
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert client.login(email=person.email, password=PASSWORD) is False
    # Nothing in any table names them (nor the clinical director their application named).
    surname = NAME.split()[-1]
    assert rows_naming(NAME, surname, EMAIL, "zanele") == []
    assert rows_naming(CD_NAME, CD_EMAIL) == []
    # The figures and the counts are what they were.
    assert evaluation_figures([cohort.pk]) == figures_before
    assert _counts_per_cohort() == counts_before
    # The certificate still verifies, without a name, and its PDF is gone.
    verification = client.get(reverse("verify:certificate", args=[certificate.display_code]))
    text = verification.content.decode()
    assert "This certificate is valid" in text
    assert "A graduate of Cohort 1. Their name is no longer held" in text
    certificate.document.refresh_from_db()
    assert not certificate.document.file and certificate.document.sha256 == ""
    # One audit row, with counts and no name.
    erased = _events(AuditEvent.ERASED).get()
    assert erased.actor_id == lead.pk
    assert erased.additional_data["accounts_anonymised"] == 1
    assert erased.additional_data["applications_anonymised"] == 1
    assert erased.additional_data["certificates_anonymised"] == 1
    request.refresh_from_db()
    assert request.status == ErasureStatus.ERASED


def test_asking_twice_keeps_one_request(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:erasure"), {"confirm": "on"})
    again = client.post(reverse("privacy:erasure"), {"confirm": "on"})
    assert "You do not need to ask again." in again.content.decode()
    assert ErasureRequest.objects.filter(user=person).count() == 1
    with pytest.raises(ErasureError, match="You have already asked"):
        erasure_request(user=person)


def test_the_lead_refuses_with_a_reason_and_the_person_is_told(
    lead, lead_client, django_capture_on_commit_callbacks, mailoutbox
):
    person = UserFactory()
    request = erasure_request(user=person)
    url = reverse("staff:privacy:erasure_refuse", args=[request.pk])
    empty = lead_client.post(url, {"reason": "   "})
    assert empty.status_code == 400
    assert "Enter the reason: the person is told it" in empty.content.decode()
    too_long = lead_client.post(url, {"reason": "x" * 2001})
    assert "must be 2,000 characters or fewer (you have 2,001)" in too_long.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(url, {"reason": "Your certificate is under appeal until June."})
    request.refresh_from_db()
    assert request.status == ErasureStatus.REFUSED
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert "Your certificate is under appeal until June." in mailoutbox[0].body
    person.refresh_from_db()
    assert person.is_active and person.full_name
    [refused] = AuditEntry.objects.filter(event=AuditEvent.ERASURE_REFUSED)
    assert (refused.object_pk, refused.actor_email) == (str(request.pk), lead.email)
    # Decided: it cannot be carried out afterwards.
    again = lead_client.post(
        reverse("staff:privacy:erasure_confirm", args=[request.pk]), {"confirm": "on"}
    )
    assert "This request has already been decided." in again.content.decode()


def test_someone_with_no_data_but_their_account_is_erased(lead, django_capture_on_commit_callbacks):
    person = UserFactory(full_name="Quentin Marlowe-Hayes")
    # Until the e-mail saying it is done has gone, the outbox holds the address for it.
    with django_capture_on_commit_callbacks(execute=True):
        counts = erasure_carry_out(request=erasure_request(user=person), actor=lead).counts
    assert counts["accounts_anonymised"] == 1
    assert counts["applications_anonymised"] == 0
    assert rows_naming("Marlowe-Hayes", person.email.split("@")[0]) == []


def test_an_open_application_or_a_staff_role_stops_erasure(lead_client, lead):
    person = UserFactory()
    ApplicationFactory(applicant=person)  # awaiting endorsement
    request = erasure_request(user=person)
    page = lead_client.get(reverse("staff:privacy:erasure_request", args=[request.pk]))
    assert "still open (awaiting endorsement): withdraw it first." in page.content.decode()
    with pytest.raises(ErasureError, match="withdraw it first"):
        erasure_carry_out(request=request, actor=lead)

    manager = StaffFactory(role=SP_MANAGERS)
    with pytest.raises(ErasureError, match="They hold a staff role"):
        erasure_carry_out(request=erasure_request(user=manager), actor=lead)


def test_the_lead_erases_a_clinical_director_without_an_account(lead_client, lead):
    graduate_with_everything(lead)
    form = lead_client.post(reverse("staff:privacy:person_erase"), {"email": CD_EMAIL})
    assert "Tick the box to confirm the erasure" in form.content.decode()
    response = lead_client.post(
        reverse("staff:privacy:person_erase"), {"email": CD_EMAIL, "confirm": "on"}
    )
    assert response.status_code == 302
    assert rows_naming(CD_NAME, CD_EMAIL) == []
    # The applicant keeps their name; their endorsement keeps its outcome.
    application = Application.objects.get(full_name=NAME)
    assert application.endorsement_requests.get().outcome == "endorsed"
    erased = _events(AuditEvent.ERASED).get()
    assert erased.additional_data["endorsements_given_anonymised"] == 1


def test_an_address_with_an_account_is_not_erased_by_address(lead_client):
    UserFactory(email="has.account@example.nhs.uk")
    response = lead_client.post(
        reverse("staff:privacy:person_erase"),
        {"email": "has.account@example.nhs.uk", "confirm": "on"},
    )
    assert "belongs to an account" in response.content.decode()


def test_a_failure_at_the_last_write_changes_nothing(lead, monkeypatch):
    from ellw.privacy import services

    person, enrolment, certificate = graduate_with_everything(lead)
    request = erasure_request(user=person)
    entries_before = AuditEntry.objects.count()
    real = services.audit_record

    def written_then_failed(**kwargs):
        real(**kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit_record", written_then_failed)
    with pytest.raises(RuntimeError):
        erasure_carry_out(request=request, actor=lead)

    assert AuditEntry.objects.count() == entries_before
    person.refresh_from_db()
    assert (person.email, person.full_name, person.is_active) == (EMAIL, NAME, True)
    assert Application.objects.get(applicant=person).full_name == NAME
    certificate.refresh_from_db()
    assert certificate.snapshot["name"] == NAME
    assert certificate.document.file
    request.refresh_from_db()
    assert request.status == ErasureStatus.REQUESTED
