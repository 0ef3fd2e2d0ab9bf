"""Session reminders: the day before, once per session however often the task runs, to the
participants expected at it and never to withdrawn ones."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from cohorts.enums import SessionKind
from cohorts.services import session_reminders_send
from cohorts.tasks import session_reminders_send_task
from ellw.mail.models import OutboundEmail
from tests.factories import ActionLearningSetFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2022, 3, 27, 12, 0, tzinfo=UTC)


def _session(cohort, *, hours_ahead: float, **fields):
    starts_at = NOW + datetime.timedelta(hours=hours_ahead)
    return SessionFactory(
        cohort=cohort,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **fields,
    )


def test_reminder_sent_once_across_two_runs(django_capture_on_commit_callbacks, mailoutbox):
    enrolment = EnrolmentFactory()
    _session(enrolment.cohort, hours_ahead=22, title="Coaching skills")

    with django_capture_on_commit_callbacks(execute=True):
        first = session_reminders_send(now=NOW)
        second = session_reminders_send(now=NOW + datetime.timedelta(hours=1))

    assert (first, second) == (1, 0)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [enrolment.participant.email]
    assert message.subject == "Reminder: Coaching skills, Monday 28 March 2022, 11am to 1pm"
    assert "Monday 28 March 2022, 11am to 1pm (UK time)" in message.body


def test_reminder_not_sent_to_withdrawn_participants():
    staying = EnrolmentFactory()
    EnrolmentFactory(cohort=staying.cohort, withdrawn_at=NOW - datetime.timedelta(days=3))
    _session(staying.cohort, hours_ahead=20)

    sent = session_reminders_send(now=NOW)

    assert sent == 1
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [[staying.participant.email]]


def test_reminder_of_set_meeting_goes_to_that_set_only():
    member = EnrolmentFactory()
    alset = ActionLearningSetFactory(cohort=member.cohort)
    member.action_learning_set = alset
    member.save()
    EnrolmentFactory(cohort=member.cohort)
    _session(member.cohort, hours_ahead=10, kind=SessionKind.SET_MEETING, action_learning_set=alset)

    assert session_reminders_send(now=NOW) == 1
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [[member.participant.email]]


def test_reminder_not_sent_for_sessions_more_than_a_day_away_or_past():
    enrolment = EnrolmentFactory()
    _session(enrolment.cohort, hours_ahead=25)
    _session(enrolment.cohort, hours_ahead=-1)

    assert session_reminders_send(now=NOW) == 0
    assert OutboundEmail.objects.count() == 0


def test_reminder_claimed_by_another_run_is_not_sent_again():
    enrolment = EnrolmentFactory()
    session = _session(enrolment.cohort, hours_ahead=5)
    # Another run claimed it between this run's listing and its claim.
    session.reminder_sent_at = NOW
    session.save()

    from cohorts.services.timetable import _session_reminder_send

    assert _session_reminder_send(session_id=session.pk, now=NOW) == 0
    assert OutboundEmail.objects.count() == 0


def test_reminder_task_is_scheduled_hourly_and_runs():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "cohorts.send_session_reminders"
    ]

    assert entries == [{"task": "cohorts.send_session_reminders", "schedule": 3600.0}]
    session_reminders_send_task.apply()
