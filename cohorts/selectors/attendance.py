"""Reads for the attendance register: who a session expects, what was recorded, the
register's corrections, and a cohort's counts per session (from SQL)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cohorts.enums import AttendanceStatus
from cohorts.models import Attendance, AttendanceChange, Cohort, Enrolment, Session


def session_for_register(pk: int) -> Session | None:
    return (
        Session.objects.select_related("cohort", "module", "action_learning_set")
        .filter(pk=pk)
        .first()
    )


def session_expected_enrolments(session: Session) -> QuerySet[Enrolment]:
    """The participants the session expects: the cohort's active participants, and for a set
    meeting only that set's members."""
    enrolments = Enrolment.objects.filter(cohort_id=session.cohort_id, withdrawn_at__isnull=True)
    if session.action_learning_set_id is not None:
        enrolments = enrolments.filter(action_learning_set_id=session.action_learning_set_id)
    return enrolments.select_related("participant").order_by("participant__full_name", "pk")


def session_attendances(session: Session) -> dict[int, Attendance]:
    """The register as recorded, by enrolment pk."""
    return {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}


def session_register_history(session: Session) -> QuerySet[AttendanceChange]:
    """Every change to the session's register, newest first, with who and whose."""
    return (
        AttendanceChange.objects.filter(attendance__session=session)
        .select_related("attendance__enrolment__participant", "changed_by")
        .order_by("-changed_at", "-pk")
    )


def cohort_attendance_overview(cohort: Cohort) -> QuerySet[Session]:
    """The cohort's sessions in time order, each with `present`, `late`, `absent` and
    `apologies` counted by the database in one query."""
    counts = {
        status.value: Count("attendances", filter=Q(attendances__status=status))
        for status in AttendanceStatus
    }
    return (
        Session.objects.filter(cohort=cohort)
        .select_related("module", "action_learning_set")
        .annotate(**counts)
        .order_by("starts_at", "pk")
    )
