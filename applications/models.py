"""Applications to a cohort, clinical-director endorsement links, notes and history.

Statuses change only through applications.services.application_transition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cohorts.models import Cohort, Place, PrimaryCareNetwork, Role

from .enums import ApplicationStatus, EndorsementOutcome


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
    motivation = models.TextField(blank=True)
    workplace_benefit = models.TextField(blank=True)
    clinical_director_name = models.CharField(max_length=200, blank=True)
    clinical_director_email = models.EmailField(blank=True)
    privacy_consent_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "cohort"], name="application_once_per_cohort"
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"], name="application_cohort_status"),
            models.Index(fields=["status", "waitlisted_at"], name="application_waitlist"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.applicant} – {self.cohort}"

    @property
    def pcn_name(self) -> str:
        return self.pcn.name if self.pcn else self.pcn_other


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
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(superseded_at__isnull=True),
                name="one_live_endorsement_request",
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
    actor_label = models.CharField(max_length=200, blank=True)
    from_status = models.CharField(max_length=24, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=ApplicationStatus.choices, blank=True)
    description = models.CharField(max_length=300)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description


class ApplicationNote(models.Model):
    """An internal note: staff only, never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:50]
