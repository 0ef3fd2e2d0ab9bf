"""The completion rule at its edges: exactly at a threshold, one session short, late as
attended, excused and unexcused apologies, missing register lines, sessions not yet held,
set meetings of the participant's own set only, withdrawn participants; and its queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.models import Attendance, Enrolment
from cohorts.selectors import cohort_completion
from modules.models import Module
from tests.factories import (
    ActionLearningSetFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

P, L, A, AP = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.APOLOGIES,
)
EXCUSED = "excused"  # sent apologies, excused by the lead


@pytest.fixture
def cohort():
    today = timezone.localdate()
    return CohortFactory(
        applications_open_on=today - datetime.timedelta(days=200),
        applications_close_on=today - datetime.timedelta(days=150),
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today - datetime.timedelta(days=10),
    )


def _at(cohort, day: int) -> datetime.datetime:
    start = datetime.datetime.combine(cohort.starts_on, datetime.time(10))
    return timezone.make_aware(start + datetime.timedelta(days=day))


def module_sessions(cohort, n: int, *, first_day: int = 0):
    modules = list(Module.objects.order_by("position"))
    return [
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.MODULE,
            module=modules[i % len(modules)],
            starts_at=_at(cohort, first_day + 7 * i),
        )
        for i in range(n)
    ]


def set_meetings(cohort, learning_set, n: int):
    return [
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.SET_MEETING,
            action_learning_set=learning_set,
            starts_at=_at(cohort, 3 + 14 * i),
        )
        for i in range(n)
    ]


def record(enrolment, sessions, marks):
    """One register line per mark; None leaves the line missing."""
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            enrolment=enrolment,
            status=AP if mark == EXCUSED else mark,
            apologies_excused=mark == EXCUSED,
            recorded_at=session.ends_at,
        )
        for session, mark in zip(sessions, marks, strict=True)
        if mark is not None
    )


def only(cohort):
    (result,) = cohort_completion(cohort)
    return result


def test_completion_exactly_at_both_thresholds_completes(cohort):
    learning_set = ActionLearningSetFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, action_learning_set=learning_set)
    record(enrolment, module_sessions(cohort, 5), [P, P, P, P, A])
    record(enrolment, set_meetings(cohort, learning_set, 4), [P, P, P, A])
    result = only(cohort)
    assert result.completed is True
    assert result.reasons == [
        "Attended 4 of 5 module sessions (80%, needs 80%)",
        "Attended 3 of 4 set meetings (75%, needs 75%)",
    ]


def test_completion_one_module_session_short_does_not_complete(cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    record(enrolment, module_sessions(cohort, 5), [P, P, P, A, A])
    result = only(cohort)
    assert result.completed is False
    assert result.reasons[0] == "Attended 3 of 5 module sessions (60%, needs 80%)"


def test_completion_one_set_meeting_short_does_not_complete(cohort):
    learning_set = ActionLearningSetFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, action_learning_set=learning_set)
    record(enrolment, module_sessions(cohort, 5), [P, P, P, P, P])
    record(enrolment, set_meetings(cohort, learning_set, 4), [P, P, A, AP])
    result = only(cohort)
    assert result.completed is False
    assert result.reasons == [
        "Attended 5 of 5 module sessions (100%, needs 80%)",
        "Attended 2 of 4 set meetings (50%, needs 75%)",
    ]


def test_completion_rounds_the_share_but_never_up_to_the_threshold(cohort):
    cohort.module_attendance_threshold = 86
    cohort.save()
    enrolment = EnrolmentFactory(cohort=cohort)
    record(enrolment, module_sessions(cohort, 7), [P, P, P, P, P, P, A])
    result = only(cohort)
    assert result.completed is False
    assert result.reasons[0] == "Attended 6 of 7 module sessions (85.7%, needs 86%)"
    cohort.module_attendance_threshold = 80
    cohort.save()
    assert only(cohort).reasons[0] == "Attended 6 of 7 module sessions (86%, needs 80%)"


def test_completion_counts_late_as_attended(cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    record(enrolment, module_sessions(cohort, 5), [L, L, P, L, A])
    result = only(cohort)
    assert result.completed is True
    assert result.modules.attended == 4


def test_completion_leaves_excused_apologies_out_of_the_count(cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    record(enrolment, module_sessions(cohort, 5), [P, P, P, EXCUSED, A])
    result = only(cohort)
    # 3 of 4 is 75%: short of 80% even with the excused session left out.
    assert result.completed is False
    assert result.reasons[0] == (
        "Attended 3 of 4 module sessions (75%, needs 80%); 1 excused apology not counted"
    )
    Attendance.objects.filter(status=A).update(status=AP, apologies_excused=True)
    result = only(cohort)
    assert result.completed is True
    assert result.reasons[0] == (
        "Attended 3 of 3 module sessions (100%, needs 80%); 2 excused apologies not counted"
    )


def test_completion_counts_unexcused_apologies_and_missing_lines_as_absent(cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    record(enrolment, module_sessions(cohort, 5), [P, P, P, AP, None])
    result = only(cohort)
    assert result.completed is False
    assert (result.modules.attended, result.modules.counted) == (3, 5)


def test_completion_counts_only_sessions_already_held(cohort):
    cohort.ends_on = timezone.localdate() + datetime.timedelta(days=30)
    cohort.save()
    enrolment = EnrolmentFactory(cohort=cohort)
    held = module_sessions(cohort, 4)
    SessionFactory(
        cohort=cohort,
        kind=SessionKind.MODULE,
        module=Module.objects.first(),
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )
    record(enrolment, held, [P, P, P, P])
    result = only(cohort)
    assert result.completed is True
    assert result.reasons[0] == "Attended 4 of 4 module sessions (100%, needs 80%)"


def test_completion_with_no_module_sessions_held_is_not_complete(cohort):
    EnrolmentFactory(cohort=cohort)
    result = only(cohort)
    assert result.completed is False
    assert result.reasons == [
        "No module sessions held yet",
        "Not in an action learning set, so set meetings do not count",
    ]


def test_completion_without_set_meetings_held_rests_on_module_sessions(cohort):
    learning_set = ActionLearningSetFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, action_learning_set=learning_set)
    record(enrolment, module_sessions(cohort, 5), [P, P, P, P, P])
    result = only(cohort)
    assert result.completed is True
    assert (
        result.reasons[1] == "No set meetings held for their set yet, so set meetings do not count"
    )


def test_completion_counts_only_the_meetings_of_the_participants_own_set(cohort):
    mine, other = ActionLearningSetFactory(cohort=cohort), ActionLearningSetFactory(cohort=cohort)
    enrolment = EnrolmentFactory(cohort=cohort, action_learning_set=mine)
    record(enrolment, module_sessions(cohort, 5), [P, P, P, P, P])
    record(enrolment, set_meetings(cohort, mine, 4), [P, P, A, A])
    # A meeting of another set (before a move, say) neither helps nor counts.
    record(enrolment, set_meetings(cohort, other, 2), [P, P])
    result = only(cohort)
    assert (result.set_meetings.attended, result.set_meetings.counted) == (2, 4)
    assert result.completed is False


def test_completion_lists_withdrawn_participants_as_withdrawn_never_completed(cohort):
    enrolment = EnrolmentFactory(
        cohort=cohort, withdrawn_at=timezone.make_aware(datetime.datetime(2022, 2, 1, 12))
    )
    record(enrolment, module_sessions(cohort, 5), [P, P, P, P, P])
    result = only(cohort)
    assert result.withdrawn is True
    assert result.completed is False
    assert result.status_text == "Withdrawn"
    assert result.reasons[0] == "Withdrew on 1 February 2022"


def test_completion_covers_every_enrolment_in_name_order(cohort):
    names = ["Zara Ahmed", "Adam Brown", "Maya Cole"]
    for name in names:
        EnrolmentFactory(cohort=cohort, participant__full_name=name)
    EnrolmentFactory()  # another cohort's
    assert [r.enrolment.participant.full_name for r in cohort_completion(cohort)] == sorted(names)


def _cohort_of(cohort, size: int) -> None:
    sets = [ActionLearningSetFactory(cohort=cohort) for _ in range(3)]
    modules = module_sessions(cohort, 7)
    meetings = {s.pk: set_meetings(cohort, s, 4) for s in sets}
    for i in range(size):
        enrolment = EnrolmentFactory(cohort=cohort, action_learning_set=sets[i % 3])
        record(enrolment, modules, [P, L, P, P, EXCUSED, P, A])
        record(enrolment, meetings[sets[i % 3].pk], [P, P, P, AP])


@pytest.mark.parametrize("size", [5, 200])
def test_completion_takes_two_queries_whatever_the_size(cohort, size, django_assert_num_queries):
    _cohort_of(cohort, size)
    with django_assert_num_queries(2):
        results = cohort_completion(cohort)
        assert [r.completed for r in results] == [True] * size
        assert {r.reasons[0] for r in results} == {
            "Attended 5 of 6 module sessions (83%, needs 80%); 1 excused apology not counted"
        }
    assert Enrolment.objects.filter(cohort=cohort).count() == size
