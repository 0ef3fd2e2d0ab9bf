"""Reads about cohorts, one module per part of a cohort's life; import from here."""

from .cohorts import cohort_list_for_staff, cohort_list_open_for_applications

__all__ = ["cohort_list_for_staff", "cohort_list_open_for_applications"]

# The timetable and a participant's own pages (issue 7).
from .participant import (  # noqa: E402
    enrolment_for_calendar_token,
    enrolment_programme,
    enrolment_sessions,
    participant_programmes,
)
from .timetable import cohort_timetable, session_clashes, session_when  # noqa: E402

__all__ += [
    "cohort_timetable",
    "enrolment_for_calendar_token",
    "enrolment_programme",
    "enrolment_sessions",
    "participant_programmes",
    "session_clashes",
    "session_when",
]

# Cohort set-up (issue 7).
from .setup import cohort_for_overview, cohort_places_taken  # noqa: E402

__all__ += ["cohort_for_overview", "cohort_places_taken"]

# Action learning sets and the attendance register (issue 7).
from .attendance import (  # noqa: E402
    cohort_attendance_overview,
    session_expected_enrolments,
    session_register_history,
)
from .sets import cohort_active_enrolments, cohort_sets_page  # noqa: E402

__all__ += [
    "cohort_active_enrolments",
    "cohort_attendance_overview",
    "cohort_sets_page",
    "session_expected_enrolments",
    "session_register_history",
]

# The completion rule and graduation (issue 7).
from .completion import (  # noqa: E402
    EnrolmentCompletion,
    cohort_completion,
    cohort_graduation_page,
    enrolment_completion,
)

__all__ += [
    "EnrolmentCompletion",
    "cohort_completion",
    "cohort_graduation_page",
    "enrolment_completion",
]
