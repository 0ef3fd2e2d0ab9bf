"""Choices for a cohort's life: kinds of session, attendance, what happened to an enrolment."""

from django.db import models


class SessionKind(models.TextChoices):
    MODULE = "module", "Module session"
    SET_MEETING = "set_meeting", "Action learning set meeting"
    INDUCTION = "induction", "Induction"
    GUEST_SPEAKER = "guest_speaker", "Guest speaker"
    GRADUATION = "graduation", "Graduation event"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"
    APOLOGIES = "apologies", "Sent apologies"


# Late counts as attended; apologies count as absent unless the lead excuses them (and then
# the session does not count at all for that participant).
ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})


class EnrolmentEventKind(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    SET_ASSIGNED = "set_assigned", "Action learning set changed"
    WITHDRAWN = "withdrawn", "Withdrew from the cohort"
    GRADUATED = "graduated", "Graduated"
    GRADUATED_OVERRIDE = "graduated_override", "Graduated by the lead's decision"
    GRADUATION_UNDONE = "graduation_undone", "Graduation undone"
    FEED_RESET = "feed_reset", "Calendar feed address reset"
