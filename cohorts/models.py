"""Cohorts of the programme and the reference data they draw on: places, roles, PCNs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from ellw.text import max_chars_check

SUMMARY_MAX_CHARS = 2000


class Place(models.Model):
    """One of the eight north east London places (boroughs)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A personalised-care role a cohort may take applicants from."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PrimaryCareNetwork(models.Model):
    name = models.CharField(max_length=200)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="pcns")

    class Meta:
        ordering = ["name"]
        verbose_name = "primary care network"
        constraints = [
            models.UniqueConstraint(fields=["name", "place"], name="pcn_unique_name_in_place")
        ]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    summary = models.TextField(blank=True, max_length=SUMMARY_MAX_CHARS)
    applications_open_on = models.DateField(help_text="First day applications are accepted.")
    applications_close_on = models.DateField(help_text="Last day applications are accepted.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    minimum_experience_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months in role an applicant needs by the cohort's start date."
    )
    eligible_roles = models.ManyToManyField(Role, related_name="cohorts")
    endorser_email_domains = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Clinical directors' e-mail addresses must end with one of these domains, "
            "separated by commas (for example: nhs.net). Leave blank to accept any address."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=F("applications_open_on")),
                name="cohort_window_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_it_starts"
            ),
            max_chars_check(
                "summary", SUMMARY_MAX_CHARS, name="cohort_summary_max_chars", label="Summary"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def endorser_domains(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.endorser_email_domains.split(",")
            if d.strip()
        ]

    def clean(self) -> None:
        errors = {}
        opens, closes = self.applications_open_on, self.applications_close_on
        if opens and closes and closes < opens:
            errors["applications_close_on"] = "The window must close on or after the day it opens."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The cohort must end on or after the day it starts."
        if errors:
            raise ValidationError(errors)


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

    class Meta:
        ordering = ["cohort", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="enrolment_once_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"
