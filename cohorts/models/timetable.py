"""The sessions of a cohort's timetable: modules, set meetings and other events."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from cohorts.enums import SessionKind
from cohorts.models.cohorts import Cohort
from cohorts.models.sets import ActionLearningSet
from ellw.text import max_chars_check
from modules.models import Module, Speaker, TrainingPartner

NOTES_MAX_CHARS = 2000


class Session(models.Model):
    """One scheduled session of a cohort. Times are stored in UTC and shown in Europe/London."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    action_learning_set = models.ForeignKey(
        ActionLearningSet,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave blank to use the module's name."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    training_partner = models.ForeignKey(
        TrainingPartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")
    notes = models.TextField(max_length=NOTES_MAX_CHARS, blank=True)
    # Claimed with a conditional UPDATE by the reminder task, so a reminder goes once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["cohort", "starts_at"], name="session_cohort_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=~Q(kind=SessionKind.MODULE) | Q(module__isnull=False),
                name="module_session_has_a_module",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=SessionKind.SET_MEETING, action_learning_set__isnull=False)
                    | (~Q(kind=SessionKind.SET_MEETING) & Q(action_learning_set__isnull=True))
                ),
                name="set_meeting_has_a_set",
            ),
            max_chars_check(
                "notes", NOTES_MAX_CHARS, name="session_notes_max_chars", label="Notes"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.module_id:
            return self.module.name
        if self.action_learning_set_id:
            return f"{self.action_learning_set.name} meeting"
        return self.get_kind_display()
