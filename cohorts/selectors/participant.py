"""Reads for a participant's own pages: their cohorts, timetable (next session first), action
learning set, attendance and attendance percentages, and the sessions their calendar holds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cohorts.models import Attendance, Certificate, Enrolment, Session
from ellw.links import link_token_hash

from .certificates import certificate_linkedin_url, enrolment_current_certificate
from .completion import Share, enrolment_completion
from .timetable import _with_when, session_queryset

CALENDAR_FEED_SALT = "cohorts.calendar-feed"


@dataclass
class Programme:
    """What a participant's page shows about one of their enrolments."""

    enrolment: Enrolment
    next_session: Session | None = None
    upcoming: list[Session] = field(default_factory=list)
    past: list[Session] = field(default_factory=list)
    set_members: list[str] = field(default_factory=list)
    # Attendance as the completion rule counts it (cohorts.selectors.completion): the one
    # number the participant sees is the one graduation uses.
    module_attendance: Share | None = None
    set_attendance: Share | None = None
    certificate: Certificate | None = None
    certificate_linkedin_url: str = ""
    # Graduated, had a certificate, and none is current (revoked, e.g. issued in error).
    certificate_withdrawn: bool = False

    @property
    def cohort(self):
        return self.enrolment.cohort

    @property
    def withdrawn(self) -> bool:
        return self.enrolment.withdrawn_at is not None


def _attendance_label(attendance: Attendance | None, *, past: bool) -> str:
    if attendance is None:
        return "Not recorded yet" if past else ""
    if attendance.apologies_excused:
        return "Sent apologies (excused)"
    return attendance.get_status_display()


def enrolment_sessions(enrolment: Enrolment) -> QuerySet[Session]:
    """The sessions this participant is expected at: their cohort's sessions for everyone,
    their own set's meetings, and any session whose register records them."""
    return session_queryset().filter(
        Q(cohort_id=enrolment.cohort_id)
        & (
            Q(action_learning_set__isnull=True)
            | Q(action_learning_set_id=enrolment.action_learning_set_id)
            | Q(pk__in=Attendance.objects.filter(enrolment=enrolment).values("session_id"))
        )
    )


def participant_enrolments(user) -> QuerySet[Enrolment]:
    active_members = Enrolment.objects.filter(withdrawn_at__isnull=True).select_related(
        "participant"
    )
    return (
        Enrolment.objects.filter(participant=user)
        .select_related("cohort", "action_learning_set__facilitator")
        .prefetch_related(
            Prefetch("action_learning_set__enrolments", queryset=active_members, to_attr="active")
        )
        .order_by("-cohort__starts_on", "pk")
    )


def enrolment_programme(enrolment: Enrolment, *, now: datetime.datetime | None = None) -> Programme:
    """One enrolment's timetable (next session first, then the rest, then past sessions),
    set and attendance, in a constant number of queries."""
    now = now or timezone.now()
    programme = Programme(enrolment=enrolment)
    completion = enrolment_completion(enrolment, now=now)
    programme.module_attendance = completion.modules
    programme.set_attendance = completion.set_meetings
    alset = enrolment.action_learning_set
    if alset is not None:
        programme.set_members = sorted(
            member.participant.full_name for member in getattr(alset, "active", [])
        )
    attendances = {a.session_id: a for a in Attendance.objects.filter(enrolment=enrolment)}
    for session in _with_when(enrolment_sessions(enrolment).order_by("starts_at", "pk")):
        attendance = attendances.get(session.pk)
        is_past = session.ends_at <= now
        session.attendance_label = _attendance_label(attendance, past=is_past)
        if is_past:
            programme.past.append(session)
        elif programme.next_session is None:
            programme.next_session = session
        else:
            programme.upcoming.append(session)
    # Most recent first: what happened last is what a participant looks for.
    programme.past.reverse()
    if enrolment.graduated_on is not None:
        programme.certificate = enrolment_current_certificate(enrolment)
        if programme.certificate is not None:
            programme.certificate_linkedin_url = certificate_linkedin_url(programme.certificate)
        else:
            programme.certificate_withdrawn = enrolment.certificates.exists()
    return programme


def participant_programmes(user, *, now: datetime.datetime | None = None) -> list[Programme]:
    return [enrolment_programme(e, now=now) for e in participant_enrolments(user)]


def enrolment_for_calendar_token(token: str) -> Enrolment | None:
    """The enrolment whose feed address this is, or None (unknown, tampered with, reset)."""
    digest = link_token_hash(CALENDAR_FEED_SALT, token)
    if digest is None:
        return None
    return (
        Enrolment.objects.select_related("cohort", "participant")
        .filter(calendar_feed_token_hash=digest)
        .first()
    )
