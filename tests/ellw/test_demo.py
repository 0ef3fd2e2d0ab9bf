import datetime
import os
import subprocess
import sys
from pathlib import Path

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
from cohorts.enums import EnrolmentEventKind, SessionKind
from cohorts.models import (
    ActionLearningSet,
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentEvent,
    PrimaryCareNetwork,
    Session,
)
from cohorts.selectors import cohort_completion, cohort_list_open_for_applications
from ellw.accounts.models import User
from ellw.demo import DEMO_PASSWORD
from ellw.mail.models import OutboundEmail
from modules.enums import SpeakerKind
from modules.models import Module, Speaker, TrainingPartner

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ROOT = Path(__file__).resolve().parents[2]


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
    assert "Evaluation: Cohort 1's surveys (" in out
    assert len(out.splitlines()) == 11  # ready, applications, evaluation, heading, 7 logins


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


def running_counts() -> tuple[int, ...]:
    return (
        Session.objects.count(),
        ActionLearningSet.objects.count(),
        Attendance.objects.count(),
        EnrolmentEvent.objects.count(),
        Enrolment.objects.exclude(graduated_on=None).count(),
        Enrolment.objects.exclude(action_learning_set=None).count(),
        TrainingPartner.objects.count(),
        Speaker.objects.count(),
    )


def test_seed_demo_runs_cohort_1_twice_without_duplicates():
    call_command("seed_demo")
    first = running_counts()
    call_command("seed_demo")
    assert running_counts() == first
    # 1 induction, 7 modules, 1 guest speaker, 1 graduation, 15 set meetings; Cohort 2: 9.
    # Registers: 11 x (induction, 7 modules, graduation) + 11 x 5 set meetings.
    assert first == (25 + 9, 3, 11 * 9 + 11 * 5, 11, 11, 11, 3, 9)


def test_seed_demo_gives_cohort_1_its_full_timetable_in_london_time():
    call_command("seed_demo")
    cohort = Cohort.objects.get(slug="cohort-1")
    modules = cohort.sessions.filter(kind=SessionKind.MODULE).select_related("module")
    assert modules.count() == 7
    assert {s.module.slug for s in modules} == set(Module.objects.values_list("slug", flat=True))
    for session in modules:
        local = timezone.localtime(session.starts_at)
        assert (local.year, local.weekday() < 5) == (2022, True)
        assert local.month in (1, 2, 3)
        assert (local.hour, timezone.localtime(session.ends_at).hour) == (10, 13)
        assert session.training_partner is not None
        assert session.speakers.count() == 1
    partners = set(modules.values_list("training_partner__name", flat=True))
    assert {"Leadership Academy London", "QI Collaborative"} <= partners
    induction = cohort.sessions.get(kind=SessionKind.INDUCTION)
    assert timezone.localtime(induction.starts_at).date() == datetime.date(2022, 1, 10)
    graduation = cohort.sessions.get(kind=SessionKind.GRADUATION)
    # After the clock change: 14:00 in London is 13:00 UTC.
    assert graduation.starts_at == datetime.datetime(2022, 3, 29, 13, tzinfo=datetime.UTC)
    sets = cohort.action_learning_sets.all()
    assert [s.name for s in sets] == ["Lea", "Roding", "Thames"]
    for learning_set in sets:
        assert learning_set.facilitator.kind == SpeakerKind.FACILITATOR
        meetings = [timezone.localtime(m.starts_at).date() for m in learning_set.meetings.all()]
        assert len(meetings) == 5
        assert {(b - a).days for a, b in zip(meetings, meetings[1:], strict=False)} == {14}
    assert (
        sorted(cohort.enrolments.values_list("action_learning_set__name", flat=True))
        == [
            "Lea",
        ]
        * 4
        + ["Roding"] * 3
        + ["Thames"] * 4
    )
    assert Session.objects.filter(cohort=cohort, reminder_sent_at=None).count() == 0


def test_seed_demo_cohort_1s_eleven_complete_and_graduated_on_the_event_day():
    call_command("seed_demo")
    cohort = Cohort.objects.get(slug="cohort-1")
    results = cohort_completion(cohort)
    assert [r.completed for r in results] == [True] * 11
    assert {r.enrolment.graduated_on for r in results} == {datetime.date(2022, 3, 29)}
    assert not any(r.by_override for r in results)
    statuses = set(Attendance.objects.filter(session__cohort=cohort).values_list("status"))
    assert statuses == {("present",), ("late",), ("absent",), ("apologies",)}
    assert Attendance.objects.filter(session__cohort=cohort, apologies_excused=True).count() == 2
    reasons = {reason for r in results for reason in r.reasons}
    assert "Attended 6 of 7 module sessions (86%, needs 80%)" in reasons
    assert "Attended 4 of 5 set meetings (80%, needs 75%)" in reasons
    events = EnrolmentEvent.objects.filter(enrolment__cohort=cohort)
    assert set(events.values_list("kind", flat=True)) == {EnrolmentEventKind.GRADUATED}


def test_seed_demo_gives_cohort_2_a_planned_timetable_within_its_dates():
    call_command("seed_demo")
    cohort = Cohort.objects.get(slug="cohort-2")
    sessions = list(cohort.sessions.all())
    assert len(sessions) == 9
    assert cohort.sessions.filter(kind=SessionKind.MODULE).count() == 7
    now = timezone.now()
    for session in sessions:
        assert session.starts_at > now
        day = timezone.localtime(session.starts_at).date()
        assert cohort.starts_on <= day <= cohort.ends_on
        assert day.weekday() < 5
    assert Attendance.objects.filter(session__cohort=cohort).count() == 0


def test_platform_demo_imports_no_domain_app():
    for path in ("ellw/demo.py", "ellw/management/commands/seed_demo.py"):
        source = (ROOT / path).read_text()
        for app in ("applications", "cohorts", "modules"):
            assert f"from {app}" not in source
            assert f"import {app}" not in source


def test_seed_demo_sets_no_passwords_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not User.objects.get(email="lead@example.nhs.uk").has_usable_password()
    assert not User.objects.get(email="olivia.bennett@example.nhs.uk").has_usable_password()


def test_the_embedded_broker_names_its_host_so_kombu_warns_of_nothing():
    """With no REDIS_URL, tasks run in process and kombu still opens the in-memory broker
    (once per process, when seed_demo queues its first certificate): a URL without a host
    made it print "No hostname was supplied", which a newcomer takes for an error."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "ellw.settings.local"
    code = (
        "import django; django.setup()\n"
        "from ellw.celery import app\n"
        "with app.producer_or_acquire() as producer: producer.connection.info()\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.stdout.strip() == "ok", result.stderr
    assert "No hostname" not in result.stderr
    assert "warning" not in result.stderr.lower()
