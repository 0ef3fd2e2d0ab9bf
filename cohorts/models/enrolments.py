"""A participant's place in a cohort, and what happened to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cohorts.enums import EnrolmentEventKind
from cohorts.models.cohorts import REASON_MAX_CHARS, Cohort
from ellw.text import max_chars_check


class Enrolment(models.Model):
    """A participant in a cohort: created when an applicant accepts their place."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="enrolment"
    )
    enrolled_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    action_learning_set = models.ForeignKey(
        "ActionLearningSet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    graduated_on = models.DateField(null=True, blank=True)
    graduation_override_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    # The personal calendar feed: its address is derived from this nonce under a key from
    # the environment (ellw.links), and only the address's hash is stored for look-up.
    calendar_feed_nonce = models.CharField(max_length=64, blank=True)
    calendar_feed_token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["cohort", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="enrolment_once_per_cohort"
            ),
            max_chars_check(
                "withdrawal_reason",
                REASON_MAX_CHARS,
                name="enrolment_withdrawal_reason_max_chars",
                label="Reason",
            ),
            max_chars_check(
                "graduation_override_reason",
                REASON_MAX_CHARS,
                name="enrolment_override_reason_max_chars",
                label="Reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"


class EnrolmentEvent(models.Model):
    """An enrolment's history: set changes, withdrawal, graduation and overrides, with who
    and when."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EnrolmentEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_label = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=600)
    note = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            max_chars_check(
                "note", REASON_MAX_CHARS, name="enrolment_event_note_max_chars", label="Note"
            )
        ]

    def __str__(self) -> str:
        return self.description
