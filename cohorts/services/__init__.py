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

# Action learning sets, the attendance register and withdrawal (issue 7).
from .attendance import AttendanceRuleError, RegisterEntry, session_register_save  # noqa: E402
from .sets import (  # noqa: E402
    SetRuleError,
    SetSuggestion,
    action_learning_set_create,
    action_learning_set_delete,
    action_learning_set_update,
    set_assignments_save,
    set_suggest,
    set_suggestion_apply,
)
from .withdrawal import enrolment_withdraw  # noqa: E402

__all__ += [
    "AttendanceRuleError",
    "RegisterEntry",
    "SetRuleError",
    "SetSuggestion",
    "action_learning_set_create",
    "action_learning_set_delete",
    "action_learning_set_update",
    "enrolment_withdraw",
    "session_register_save",
    "set_assignments_save",
    "set_suggest",
    "set_suggestion_apply",
]

# The completion rule and graduation (issue 7).
from .graduation import (  # noqa: E402
    GraduationRuleError,
    cohort_graduate_completed,
    enrolment_graduate_override,
    enrolment_graduation_undo,
)

__all__ += [
    "GraduationRuleError",
    "cohort_graduate_completed",
    "enrolment_graduate_override",
    "enrolment_graduation_undo",
]
