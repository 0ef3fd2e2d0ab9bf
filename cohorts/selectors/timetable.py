"""Reads for a cohort's timetable: its sessions with what the page shows, clashes, and
times written as people read them in London ("Tuesday 11 January 2022, 10am to 1pm")."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cohorts.models import Cohort, Session


def _clock(value: datetime.datetime) -> str:
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def session_when(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """A session's date and times in London: "Tuesday 11 January 2022, 10am to 1pm"."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    text = f"{start:%A %-d %B %Y}, {_clock(start)} to "
    if end.date() != start.date():
        text += f"{end:%A %-d %B %Y}, "
    return text + _clock(end)


def session_queryset() -> QuerySet[Session]:
    """Sessions with everything a timetable row shows, in one query plus one for speakers."""
    return Session.objects.select_related(
        "cohort", "module", "action_learning_set", "training_partner"
    ).prefetch_related("speakers")


def _with_when(sessions) -> list[Session]:
    sessions = list(sessions)
    for session in sessions:
        session.when = session_when(session.starts_at, session.ends_at)
        session.location = session.venue or session.online_link
    return sessions


def cohort_timetable(cohort: Cohort) -> list[Session]:
    """Every session of the cohort in time order, each with `when`, `location` and
    `attendance_count` (a session with a register cannot be deleted)."""
    return _with_when(
        session_queryset()
        .filter(cohort=cohort)
        .annotate(attendance_count=Count("attendances"))
        .order_by("starts_at", "pk")
    )


def session_for_timetable(pk: int) -> Session | None:
    return session_queryset().filter(pk=pk).first()


def session_clashes(
    *,
    cohort: Cohort,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    action_learning_set_id: int | None,
    exclude_pk: int | None = None,
) -> list[Session]:
    """Sessions of the cohort overlapping [starts_at, ends_at) that share participants with
    a session of `action_learning_set_id` (None: a session for the whole cohort). Everyone
    attends a cohort-wide session; a set meeting is attended by that set's members, so two
    different sets may meet at the same time."""
    overlapping = Session.objects.filter(
        cohort=cohort, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).select_related("module", "action_learning_set")
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if action_learning_set_id is not None:
        overlapping = overlapping.filter(
            Q(action_learning_set__isnull=True) | Q(action_learning_set_id=action_learning_set_id)
        )
    return list(overlapping.order_by("starts_at", "pk"))


def session_to_copy(cohort: Cohort, pk: int) -> Session | None:
    """The session a new one starts as a copy of (?copy=<pk>), if it is one of this
    cohort's, with its speakers."""
    return Session.objects.filter(cohort=cohort, pk=pk).prefetch_related("speakers").first()
