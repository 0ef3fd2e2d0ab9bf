"""Writes for a cohort's life, one module per part (set-up, timetable, action learning
sets, attendance, graduation); import from here: `from cohorts import services`."""

from .attendance import AttendanceRuleError, RegisterEntry, session_register_save
from .calendar import calendar_ics, enrolment_calendar_feed_reset, enrolment_calendar_feed_token
from .graduation import (
    GraduationRuleError,
    cohort_graduate_completed,
    enrolment_graduate_override,
    enrolment_graduation_undo,
)
from .sets import (
    SetRuleError,
    SetSuggestion,
    action_learning_set_create,
    action_learning_set_delete,
    action_learning_set_update,
    set_assignments_save,
    set_suggest,
    set_suggestion_apply,
)
from .setup import CohortValues, cohort_create, cohort_update
from .timetable import (
    SessionRuleError,
    SessionWarnings,
    london_time_resolve,
    session_delete,
    session_reminders_send,
    session_save,
)
from .withdrawal import enrolment_withdraw

__all__ = [
    "AttendanceRuleError",
    "CohortValues",
    "GraduationRuleError",
    "RegisterEntry",
    "SessionRuleError",
    "SessionWarnings",
    "SetRuleError",
    "SetSuggestion",
    "action_learning_set_create",
    "action_learning_set_delete",
    "action_learning_set_update",
    "calendar_ics",
    "cohort_create",
    "cohort_graduate_completed",
    "cohort_update",
    "enrolment_calendar_feed_reset",
    "enrolment_calendar_feed_token",
    "enrolment_graduate_override",
    "enrolment_graduation_undo",
    "enrolment_withdraw",
    "london_time_resolve",
    "session_delete",
    "session_register_save",
    "session_reminders_send",
    "session_save",
    "set_assignments_save",
    "set_suggest",
    "set_suggestion_apply",
]
