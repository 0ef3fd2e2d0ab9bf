"""Cohorts of the programme and the reference data they draw on, one module per concept;
import from here: `from cohorts.models import Cohort`."""

from .attendance import Attendance, AttendanceChange
from .certificates import (
    CERTIFICATE_NAME_MAX_CHARS,
    CURRENT_CERTIFICATE,
    Certificate,
    CertificateQuerySet,
)
from .cohorts import REASON_MAX_CHARS, SUMMARY_MAX_CHARS, Cohort, cohort_date_problems
from .enrolments import Enrolment, EnrolmentEvent
from .reference import Place, PrimaryCareNetwork, Role
from .sets import ActionLearningSet
from .timetable import NOTES_MAX_CHARS, Session

__all__ = [
    "CERTIFICATE_NAME_MAX_CHARS",
    "CURRENT_CERTIFICATE",
    "NOTES_MAX_CHARS",
    "REASON_MAX_CHARS",
    "SUMMARY_MAX_CHARS",
    "ActionLearningSet",
    "Attendance",
    "AttendanceChange",
    "Certificate",
    "CertificateQuerySet",
    "Cohort",
    "Enrolment",
    "EnrolmentEvent",
    "Place",
    "PrimaryCareNetwork",
    "Role",
    "Session",
    "cohort_date_problems",
]
