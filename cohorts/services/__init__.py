"""Writes for a cohort's life, one module per part (set-up, timetable, action learning
sets, attendance, graduation); import from here: `from cohorts import services`."""

__all__: list[str] = []

# The timetable, reminders and the calendar (issue 7).
from .calendar import (  # noqa: E402
    calendar_ics,
    enrolment_calendar_feed_reset,
    enrolment_calendar_feed_token,
)
from .timetable import (  # noqa: E402
    SessionRuleError,
    SessionWarnings,
    london_time_resolve,
    session_delete,
    session_reminders_send,
    session_save,
)

__all__ += [
    "SessionRuleError",
    "SessionWarnings",
    "calendar_ics",
    "enrolment_calendar_feed_reset",
    "enrolment_calendar_feed_token",
    "london_time_resolve",
    "session_delete",
    "session_reminders_send",
    "session_save",
]

# Cohort set-up (issue 7).
from .setup import CohortValues, cohort_create, cohort_update  # noqa: E402

__all__ += ["CohortValues", "cohort_create", "cohort_update"]
