"""Reads about cohorts, one module per part of a cohort's life; import from here."""

from .attendance import (
    cohort_attendance_overview,
    session_expected_enrolments,
    session_register_history,
)
from .cohorts import cohort_list_for_staff, cohort_list_open_for_applications
from .completion import (
    EnrolmentCompletion,
    cohort_completion,
    cohort_graduation_page,
    enrolment_completion,
)
from .participant import (
    enrolment_for_calendar_token,
    enrolment_programme,
    enrolment_sessions,
    participant_programmes,
)
from .sets import cohort_active_enrolments, cohort_sets_page
from .setup import cohort_for_overview, cohort_places_taken
from .timetable import cohort_timetable, session_clashes, session_when

__all__ = [
    "EnrolmentCompletion",
    "cohort_active_enrolments",
    "cohort_attendance_overview",
    "cohort_completion",
    "cohort_for_overview",
    "cohort_graduation_page",
    "cohort_list_for_staff",
    "cohort_list_open_for_applications",
    "cohort_places_taken",
    "cohort_sets_page",
    "cohort_timetable",
    "enrolment_completion",
    "enrolment_for_calendar_token",
    "enrolment_programme",
    "enrolment_sessions",
    "participant_programmes",
    "session_clashes",
    "session_expected_enrolments",
    "session_register_history",
    "session_when",
]
