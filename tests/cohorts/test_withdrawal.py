"""A participant leaving: SP managers and programme leads are told by e-mail (one each,
not whoever withdrew them), and the cohort's page lists who left, when and why."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from applications.services import application_withdraw
from ellw.accounts.roles import PROGRAMME_LEADS
from ellw.mail.models import OutboundEmail
from tests.factories import CohortFactory, EnrolmentFactory, StaffFactory, UserFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 3")


@pytest.fixture
def staff():
    manager = StaffFactory(email="manager@example.nhs.uk", full_name="Sam Manager")
    lead = StaffFactory(email="lead@example.nhs.uk", full_name="Gita Lead", role=PROGRAMME_LEADS)
    invited = StaffFactory(email="invited@example.nhs.uk")  # has not accepted the invitation
    invited.set_unusable_password()
    invited.save()
    return manager, lead, invited


def _withdrawal_emails():
    return OutboundEmail.objects.filter(template="participant_withdrawn").order_by("pk")


def test_a_participant_leaving_is_told_to_each_sp_manager_and_lead(
    django_capture_on_commit_callbacks, cohort, staff
):
    enrolment = EnrolmentFactory(cohort=cohort, participant=UserFactory(full_name="Ola Adeyemi"))

    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(
            application=enrolment.application, actor=enrolment.participant, reason="New job"
        )

    sent = list(_withdrawal_emails())
    assert sorted(e.to for e in sent) == [["lead@example.nhs.uk"], ["manager@example.nhs.uk"]]
    assert sent[0].subject == "Ola Adeyemi has left Cohort 3"
    body = next(m.body for m in mail.outbox if m.subject == "Ola Adeyemi has left Cohort 3")
    assert "they withdrew from the programme themselves" in body
    assert reverse("staff:cohorts:detail", args=[cohort.pk]) in body


def test_whoever_withdrew_the_participant_is_not_told(
    django_capture_on_commit_callbacks, cohort, staff
):
    manager, lead, _ = staff
    enrolment = EnrolmentFactory(cohort=cohort)

    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=enrolment.application, actor=lead, reason="Left PCN")

    sent = list(_withdrawal_emails())
    assert [e.to for e in sent] == [["manager@example.nhs.uk"]]
    assert "Gita Lead withdrew them" in next(
        m.body for m in mail.outbox if m.to == ["manager@example.nhs.uk"]
    )


def test_withdrawing_twice_tells_nobody_again(django_capture_on_commit_callbacks, cohort, staff):
    from cohorts.services import enrolment_withdraw

    enrolment = EnrolmentFactory(cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        assert enrolment_withdraw(enrolment=enrolment, actor=None, reason="")
        assert not enrolment_withdraw(enrolment=enrolment, actor=None, reason="")

    assert _withdrawal_emails().count() == 2  # the SP manager and the lead, once


def test_the_cohort_page_lists_who_left_when_and_why(client, cohort, staff):
    manager, _, _ = staff
    stayed = EnrolmentFactory(cohort=cohort, participant=UserFactory(full_name="Ben Okafor"))
    left = EnrolmentFactory(cohort=cohort, participant=UserFactory(full_name="Ola Adeyemi"))
    application_withdraw(application=left.application, actor=left.participant, reason="New job")
    log_in_with_mfa(client, manager)

    content = client.get(reverse("staff:cohorts:detail", args=[cohort.pk])).content.decode()

    section = content.split("Participants who left", 1)[1]
    assert "Ola Adeyemi" in section and "New job" in section
    assert stayed.participant.full_name not in section


def test_a_cohort_nobody_left_says_so(client, cohort, staff):
    log_in_with_mfa(client, staff[0])

    content = client.get(reverse("staff:cohorts:detail", args=[cohort.pk])).content.decode()

    assert "Nobody has left Cohort 3." in content
