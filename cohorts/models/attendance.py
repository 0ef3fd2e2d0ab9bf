"""The register: who attended each session, and every change to a mark."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cohorts.enums import AttendanceStatus
from cohorts.models.enrolments import Enrolment
from cohorts.models.timetable import Session


class Attendance(models.Model):
    """One participant at one session: the register's row."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    apologies_excused = models.BooleanField(
        default=False, help_text="Excused apologies do not count against completion."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "enrolment"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(apologies_excused=False) | Q(status=AttendanceStatus.APOLOGIES),
                name="only_apologies_are_excused",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} at {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """A correction to the register: who changed what, from what, and when."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=10, choices=AttendanceStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    from_excused = models.BooleanField(default=False)
    to_excused = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'none'} → {self.to_status}"
