"""Scheduling a cohort's sessions: London wall-clock times to UTC, the rules a session must
keep, and warnings (a clash for the same participants, a date outside the cohort) that the
lead must see and confirm before the session is saved."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import SessionKind
from cohorts.models import Cohort, Enrolment, Session
from cohorts.selectors.timetable import session_clashes, session_queryset, session_when
from ellw.mail.services import email_queue

LONDON = ZoneInfo(settings.TIME_ZONE)

# The fields a session's form hands over (besides the times and speakers).
SESSION_FIELDS = (
    "kind",
    "module",
    "action_learning_set",
    "title",
    "venue",
    "online_link",
    "training_partner",
    "notes",
)


class SessionRuleError(ValidationError):
    """A rule refused the session; the messages say why, on the fields they concern."""


@dataclass(frozen=True)
class LondonTime:
    """A London wall-clock time resolved to one instant. `ambiguity` explains the choice
    when the clocks went back and the time happened twice (empty otherwise)."""

    instant: datetime.datetime
    ambiguity: str = ""


def _clock(value: datetime.datetime) -> str:
    return value.strftime("%H:%M")


def london_time_resolve(day: datetime.date, time: datetime.time, *, label: str) -> LondonTime:
    """The UTC instant of a London wall-clock time.

    A time the spring clock change skips (01:00-01:59 on the last Sunday of March) does not
    exist, so it is refused. A time the autumn change repeats (01:00-01:59 on the last Sunday
    of October) is taken as the first of the two, British Summer Time, and the result says
    so: the same input always gives the same instant."""
    wall = datetime.datetime.combine(day, time)
    first = wall.replace(tzinfo=LONDON, fold=0)
    second = wall.replace(tzinfo=LONDON, fold=1)
    utc = datetime.UTC
    if first.astimezone(utc).astimezone(LONDON).replace(tzinfo=None) != wall:
        raise SessionRuleError(
            f"{label} {_clock(wall)} on {day:%-d %B %Y} does not exist in London: the clocks go "
            "forward from 01:00 to 02:00 that night. Choose a time before 01:00 or from 02:00."
        )
    if first.utcoffset() != second.utcoffset():
        instant = first.astimezone(utc)
        return LondonTime(
            instant=instant,
            ambiguity=(
                f"{label} {_clock(wall)} on {day:%-d %B %Y} happens twice in London (the clocks "
                f"go back at 02:00): we took the first, British Summer Time, which is "
                f"{_clock(instant)} UTC."
            ),
        )
    return LondonTime(instant=first.astimezone(utc))


@dataclass
class SessionWarnings(Exception):
    """The session may be saved only once the lead has seen these and confirmed.
    `digest` names this set of warnings: a confirmation of other warnings does not count."""

    messages: list[str] = field(default_factory=list)

    @property
    def digest(self) -> str:
        return warnings_digest(self.messages)


def warnings_digest(messages: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(messages)).encode()).hexdigest()[:32]


def _clash_message(other: Session) -> str:
    if other.action_learning_set_id:
        who = f"the members of {other.action_learning_set.name} attend"
    else:
        who = "every participant attends"
    return (
        f"It clashes with {other.display_title} "
        f"({session_when(other.starts_at, other.ends_at)}), which {who}."
    )


def session_warnings(
    *,
    cohort: Cohort,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    action_learning_set_id: int | None,
    exclude_pk: int | None,
) -> list[str]:
    """What the lead should confirm: sessions the same participants attend at overlapping
    times, and a session outside the cohort's dates (allowed: an induction may come before
    the start, a graduation event after the end)."""
    messages = [
        _clash_message(other)
        for other in session_clashes(
            cohort=cohort,
            starts_at=starts_at,
            ends_at=ends_at,
            action_learning_set_id=action_learning_set_id,
            exclude_pk=exclude_pk,
        )
    ]
    day = starts_at.astimezone(LONDON).date()
    if day < cohort.starts_on or day > cohort.ends_on:
        messages.append(
            f"It is outside the cohort's dates ({cohort.starts_on:%-d %B %Y} to "
            f"{cohort.ends_on:%-d %B %Y})."
        )
    return messages


def _session_rule_errors(*, cohort: Cohort, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind == SessionKind.MODULE and not values.get("module"):
        errors["module"] = "Choose the module this session teaches"
    alset = values.get("action_learning_set")
    if kind == SessionKind.SET_MEETING:
        if not alset:
            errors["action_learning_set"] = "Choose the action learning set that meets"
        elif alset.cohort_id != cohort.pk:
            errors["action_learning_set"] = (
                f"{alset.name} is a set of another cohort: choose a set of {cohort.name}"
            )
    if not values.get("venue") and not values.get("online_link"):
        errors["venue"] = "Enter a venue or an online link (or both)"
    if values["ends_at"] <= values["starts_at"]:
        errors["end_time"] = "The end time must be after the start time"
    return errors


@transaction.atomic
def session_save(
    *,
    cohort: Cohort,
    session: Session | None,
    values: dict[str, Any],
    speakers: Iterable[Any] = (),
    confirmed_warnings: str = "",
) -> Session:
    """Schedule a new session (`session` None) or change one. `values` holds SESSION_FIELDS
    plus starts_at and ends_at (aware). Refuses with SessionRuleError; asks for confirmation
    with SessionWarnings unless `confirmed_warnings` is the digest of the warnings now."""
    if session is not None and session.cohort_id != cohort.pk:
        raise SessionRuleError("This session belongs to another cohort.")
    errors = _session_rule_errors(cohort=cohort, values=values)
    if errors:
        raise SessionRuleError(errors)
    if values["kind"] != SessionKind.MODULE:
        values = {**values, "module": values.get("module") or None}
    if values["kind"] != SessionKind.SET_MEETING:
        values = {**values, "action_learning_set": None}
    alset = values.get("action_learning_set")
    warnings = session_warnings(
        cohort=cohort,
        starts_at=values["starts_at"],
        ends_at=values["ends_at"],
        action_learning_set_id=alset.pk if alset else None,
        exclude_pk=session.pk if session else None,
    )
    if warnings and warnings_digest(warnings) != confirmed_warnings:
        raise SessionWarnings(warnings)
    if session is None:
        session = Session(cohort=cohort)
    elif session.starts_at != values["starts_at"]:
        # A new time deserves its own reminder.
        session.reminder_sent_at = None
    for name in (*SESSION_FIELDS, "starts_at", "ends_at"):
        setattr(session, name, values.get(name) or ("" if name in _TEXT_FIELDS else None))
    session.full_clean(exclude=["cohort", "speakers"])
    session.save()
    session.speakers.set(list(speakers))
    return session


_TEXT_FIELDS = {"kind", "title", "venue", "online_link", "notes"}

SERIES_WEEKS_MAX = 11  # a session and up to 11 more: a term of weekly sessions


def session_week_later(instant: datetime.datetime, weeks: int = 1) -> datetime.datetime:
    """The same London wall-clock time `weeks` weeks on: across a clock change the UTC hour
    moves, the time on the clock does not. A time that does not exist that day (the spring
    change) is refused with SessionRuleError."""
    local = instant.astimezone(LONDON)
    day = local.date() + datetime.timedelta(weeks=weeks)
    return london_time_resolve(day, local.time().replace(tzinfo=None), label="The time").instant


@transaction.atomic
def session_series_save(
    *,
    cohort: Cohort,
    values: dict[str, Any],
    speakers: Iterable[Any] = (),
    more_weeks: int = 0,
    confirmed_warnings: str = "",
) -> list[Session]:
    """Schedule a session and the same session each week for `more_weeks` weeks after it
    (same London times, details and speakers), all or none. Every occurrence keeps the rules
    of session_save; their warnings are asked about together, each naming its date."""
    if not 0 <= more_weeks <= SERIES_WEEKS_MAX:
        raise SessionRuleError({"repeat_weeks": f"Repeat for 0 to {SERIES_WEEKS_MAX} more weeks"})
    errors = _session_rule_errors(cohort=cohort, values=values)
    if errors:
        raise SessionRuleError(errors)
    occurrences = [values]
    for week in range(1, more_weeks + 1):
        occurrences.append(
            {
                **values,
                "starts_at": session_week_later(values["starts_at"], week),
                "ends_at": session_week_later(values["ends_at"], week),
            }
        )
    alset = values.get("action_learning_set") if values["kind"] == SessionKind.SET_MEETING else None
    warnings_of = []
    for occurrence in occurrences:
        found = session_warnings(
            cohort=cohort,
            starts_at=occurrence["starts_at"],
            ends_at=occurrence["ends_at"],
            action_learning_set_id=alset.pk if alset else None,
            exclude_pk=None,
        )
        warnings_of.append(found)
    if more_weeks:
        named = [
            f"{occurrence['starts_at'].astimezone(LONDON):%-d %B %Y}: {message}"
            for occurrence, found in zip(occurrences, warnings_of, strict=True)
            for message in found
        ]
    else:
        named = warnings_of[0]
    if named and warnings_digest(named) != confirmed_warnings:
        raise SessionWarnings(named)
    speakers = list(speakers)
    return [
        session_save(
            cohort=cohort,
            session=None,
            values=occurrence,
            speakers=speakers,
            confirmed_warnings=warnings_digest(found) if found else "",
        )
        for occurrence, found in zip(occurrences, warnings_of, strict=True)
    ]


def session_delete_problem(session: Session) -> str | None:
    """Why the session cannot be deleted (its register holds someone), or None."""
    if session.attendances.exists():
        return (
            f"{session.display_title} cannot be deleted: attendance has been recorded for "
            "it. Change its details instead."
        )
    return None


def session_delete(*, session: Session) -> None:
    """Remove a session from the timetable; refused once its register holds anyone."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        problem = session_delete_problem(session)
        if problem:
            raise SessionRuleError(problem)
        session.delete()


# --- reminders ----------------------------------------------------------------------------

REMINDER_HOURS_AHEAD = 24


def session_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail each participant expected at a session that starts within the next day.
    Each session is claimed with a conditional UPDATE first, so two runs at once, or a
    re-run, remind once. Returns the number of e-mails queued."""
    now = now or timezone.now()
    due = Session.objects.filter(
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=REMINDER_HOURS_AHEAD),
    )
    return sum(
        _session_reminder_send(session_id=pk, now=now)
        for pk in list(due.values_list("pk", flat=True))
    )


@transaction.atomic
def _session_reminder_send(*, session_id: int, now: datetime.datetime) -> int:
    claimed = Session.objects.filter(pk=session_id, reminder_sent_at__isnull=True).update(
        reminder_sent_at=now
    )
    if not claimed:
        return 0
    session = session_queryset().get(pk=session_id)
    enrolments = Enrolment.objects.filter(
        cohort_id=session.cohort_id, withdrawn_at__isnull=True
    ).select_related("participant")
    if session.action_learning_set_id is not None:
        enrolments = enrolments.filter(action_learning_set_id=session.action_learning_set_id)
    context = {
        "session": session,
        "cohort": session.cohort,
        "when": session_when(session.starts_at, session.ends_at),
        "programme_url": settings.SITE_URL + reverse("programme:home"),
    }
    sent = 0
    for enrolment in enrolments:
        email_queue(
            to=enrolment.participant.email,
            template="session_reminder",
            context={**context, "participant_name": enrolment.participant.full_name},
        )
        sent += 1
    return sent
