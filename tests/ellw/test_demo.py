import pytest
from django.contrib.auth import authenticate
from django.core import signing
from django.core.management import call_command
from django.utils import timezone
from django.utils.crypto import salted_hmac

from applications.eligibility import application_eligibility_problems
from applications.enums import (
    ALLOWED_TRANSITIONS,
    HOLDS_A_PLACE,
    ApplicationStatus,
    EndorsementLinkState,
)
from applications.models import Application, ApplicationEvent, EndorsementRequest
from applications.services import TOKEN_SALT, endorsement_link_check
from cohorts.models import Cohort, Enrolment, PrimaryCareNetwork
from cohorts.selectors import cohort_list_open_for_applications
from ellw.accounts.models import User
from ellw.demo import DEMO_PASSWORD
from ellw.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        PrimaryCareNetwork.objects.count(),
        Cohort.objects.count(),
        User.objects.filter(groups__isnull=False).count(),
        Application.objects.count(),
        Enrolment.objects.count(),
        ApplicationEvent.objects.count(),
        EndorsementRequest.objects.count(),
    )


def test_seed_demo_runs_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first == (51, 15, 2, 2, 45, 19, 182, 42)
    assert OutboundEmail.objects.count() == 0
    assert list(cohort_list_open_for_applications()) == [Cohort.objects.get(slug="cohort-2")]
    assert authenticate(email="lead@example.nhs.uk", password=DEMO_PASSWORD) is not None
    assert authenticate(email="olivia.bennett@example.nhs.uk", password=DEMO_PASSWORD)


def test_seed_demo_prints_logins_and_application_counts(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Applications: Cohort 1: 11, Cohort 2: 34." in out
    assert len(out.splitlines()) == 10  # ready, applications, heading, 7 logins


def test_seed_demo_fills_cohort_2_in_every_status_within_capacity():
    call_command("seed_demo")
    cohort = Cohort.objects.get(slug="cohort-2")
    by_status = {status: cohort.applications.filter(status=status).count() for status in S}
    assert by_status == {
        S.DRAFT: 3,
        S.AWAITING_ENDORSEMENT: 3,
        S.ENDORSED: 4,
        S.NOT_ENDORSED: 2,
        S.OFFERED: 4,
        S.WAITLISTED: 3,
        S.REJECTED: 2,
        S.ACCEPTED: 8,
        S.OFFER_DECLINED: 1,
        S.OFFER_LAPSED: 1,
        S.OFFER_RESCINDED: 1,
        S.WITHDRAWN: 2,
    }
    assert cohort.applications.filter(status__in=HOLDS_A_PLACE).count() <= cohort.capacity
    assert cohort.enrolments.count() == by_status[S.ACCEPTED]
    assert cohort.applications.values("role").distinct().count() == 3
    assert cohort.applications.values("place").distinct().count() == 8
    now = timezone.now()
    offered = cohort.applications.filter(status=S.OFFERED)
    assert all(application.offer_expires_at > now for application in offered)
    waitlist = cohort.applications.filter(status=S.WAITLISTED).order_by("waitlisted_at")
    assert [a.waitlisted_at for a in waitlist] == sorted({a.waitlisted_at for a in waitlist})


def test_seed_demo_enrols_cohort_1s_eleven_participants():
    call_command("seed_demo")
    cohort = Cohort.objects.get(slug="cohort-1")
    enrolments = cohort.enrolments.select_related("application", "participant")
    assert enrolments.count() == 11
    assert cohort.applications.count() == 11
    assert "aisha.khan@example.nhs.uk" in {e.participant.email for e in enrolments}
    for enrolment in enrolments:
        assert enrolment.application.status == S.ACCEPTED
        assert enrolment.application.submitted_at.date().strftime("%Y-%m") == "2021-11"
        assert enrolment.enrolled_at.date().strftime("%Y-%m") == "2021-12"


def test_seed_demo_histories_follow_the_transition_table():
    call_command("seed_demo")
    now = timezone.now()
    for application in Application.objects.prefetch_related("events"):
        status = S.DRAFT
        times = []
        for event in application.events.all():
            times.append(event.created_at)
            if event.to_status:
                assert event.from_status == status
                assert event.to_status in ALLOWED_TRANSITIONS[status]
                status = event.to_status
        assert status == application.status
        assert times == sorted(times)
        assert all(time <= now for time in times)
        if application.status != S.DRAFT:
            assert application_eligibility_problems(application) == []
            assert application.submitted_at == times[0]


def test_seed_demo_endorsement_links_work_like_real_ones():
    call_command("seed_demo")
    waiting = EndorsementRequest.objects.filter(application__status=S.AWAITING_ENDORSEMENT)
    assert waiting.count() == 3
    for request in waiting:
        raw = salted_hmac(TOKEN_SALT, request.link_nonce, algorithm="sha256").hexdigest()
        token = signing.Signer(salt=TOKEN_SALT).sign(raw)
        assert endorsement_link_check(token).state == EndorsementLinkState.VALID
    decided = EndorsementRequest.objects.exclude(decided_at=None)
    assert decided.count() == 42 - 3 - 1  # all but the waiting and one withdrawn before
    assert set(decided.values_list("outcome", flat=True)) == {"endorsed", "declined"}


def test_seed_demo_sets_no_passwords_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not User.objects.get(email="lead@example.nhs.uk").has_usable_password()
    assert not User.objects.get(email="olivia.bennett@example.nhs.uk").has_usable_password()
