"""Applications to a cohort, clinical-director endorsement links, notes and history.

Statuses change only through applications.services.application_transition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cohorts.models import Cohort, Place, PrimaryCareNetwork, Role
from ellw.text import max_chars_check

from .enums import ApplicationStatus, EndorsementOutcome, status_tag_class

# A hard cap on every free-text answer, comment and note. The forms' word limits sit far
# below it; the CHECK constraints hold it even for a write that bypasses the forms.
TEXT_MAX_CHARS = 5000


class Application(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )

    full_name = models.CharField(max_length=200, blank=True)
    work_email = models.EmailField("work e-mail address", blank=True)
    phone = models.CharField("work phone number", max_length=40, blank=True)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, null=True, blank=True)
    employer = models.CharField(max_length=200, blank=True)
    pcn = models.ForeignKey(
        PrimaryCareNetwork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="primary care network",
    )
    pcn_other = models.CharField("PCN not listed", max_length=200, blank=True)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True)
    started_in_role_on = models.DateField("date started in role", null=True, blank=True)
    motivation = models.TextField(blank=True, max_length=TEXT_MAX_CHARS)
    workplace_benefit = models.TextField(blank=True, max_length=TEXT_MAX_CHARS)
    clinical_director_name = models.CharField(max_length=200, blank=True)
    clinical_director_email = models.EmailField(blank=True)
    privacy_consent_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # Set once the personal fields were blanked (erasure, or retention): nothing here names
    # anyone any more, and retention does not pick it again.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "cohort"], name="application_once_per_cohort"
            ),
            max_chars_check(
                "motivation",
                TEXT_MAX_CHARS,
                name="application_motivation_max_chars",
                label="Why you want to join",
            ),
            max_chars_check(
                "workplace_benefit",
                TEXT_MAX_CHARS,
                name="application_workplace_benefit_max_chars",
                label="What you hope to take back",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"], name="application_cohort_status"),
            models.Index(fields=["status", "waitlisted_at"], name="application_waitlist"),
            # The review queue's default order (applications.filters.DEFAULT_SORT), over
            # submitted applications only, for all cohorts and for one: a page of the queue
            # reads its 50 rows from the index instead of sorting every application.
            models.Index(
                fields=["-submitted_at", "-id"],
                condition=~Q(status=ApplicationStatus.DRAFT),
                name="application_queue_order",
            ),
            models.Index(
                fields=["cohort", "-submitted_at", "-id"],
                condition=~Q(status=ApplicationStatus.DRAFT),
                name="application_cohort_queue_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.applicant} – {self.cohort}"

    @property
    def pcn_name(self) -> str:
        return self.pcn.name if self.pcn else self.pcn_other

    @property
    def status_tag_class(self) -> str:
        """The NHS tag colour class for the status (enums.STATUS_TAG_COLOURS)."""
        return status_tag_class(self.status)


class EndorsementRequest(models.Model):
    """One link sent to a clinical director.

    The link's token is an HMAC of `link_nonce` under SECRET_KEY, and only its hash is
    stored: the database alone gives no working link, yet a reminder can repeat the link.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="endorsement_requests"
    )
    endorser_name = models.CharField(max_length=200)
    endorser_email = models.EmailField()
    link_nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=EndorsementOutcome.choices, blank=True)
    comment = models.TextField(blank=True, max_length=TEXT_MAX_CHARS)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(superseded_at__isnull=True),
                name="one_live_endorsement_request",
            ),
            max_chars_check(
                "comment", TEXT_MAX_CHARS, name="endorsement_comment_max_chars", label="Comment"
            ),
        ]

    def __str__(self) -> str:
        return f"Endorsement by {self.endorser_email} for {self.application}"


class ApplicationEvent(models.Model):
    """The history: every state change and every notable action, with who and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Room for a 200-character name and its role, and for a description that names an
    # endorser by name and e-mail address.
    actor_label = models.CharField(max_length=300, blank=True)
    from_status = models.CharField(max_length=24, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=ApplicationStatus.choices, blank=True)
    description = models.CharField(max_length=600)
    note = models.TextField(blank=True, max_length=TEXT_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            max_chars_check("note", TEXT_MAX_CHARS, name="event_note_max_chars", label="Note"),
        ]

    def __str__(self) -> str:
        return self.description


class ApplicationNote(models.Model):
    """An internal note: staff only, never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField(max_length=TEXT_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            max_chars_check("text", TEXT_MAX_CHARS, name="note_text_max_chars", label="Note"),
        ]

    def __str__(self) -> str:
        return self.text[:50]
