"""A cohort of the programme: its dates, capacity, eligibility and completion rule."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from cohorts.models.reference import Role
from ellw.text import max_chars_check

SUMMARY_MAX_CHARS = 2000
REASON_MAX_CHARS = 2000


def _day(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def cohort_date_problems(
    *,
    applications_open_on: datetime.date | None,
    applications_close_on: datetime.date | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> dict[str, str]:
    """Every rule between a cohort's four dates, by field, each message naming the date it
    clashes with. A date not given (or not valid) takes part in no rule. Used by the model's
    clean() and by the set-up form, so the lead sees these with the other errors at once."""
    problems = {}
    opens, closes = applications_open_on, applications_close_on
    if opens and closes and closes < opens:
        problems["applications_close_on"] = (
            f"The window must close on or after the day it opens, {_day(opens)}."
        )
    elif closes and starts_on and closes > starts_on:
        problems["applications_close_on"] = (
            f"Applications must close by the day the cohort starts, {_day(starts_on)}: "
            f"{_day(closes)} is after it."
        )
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = (
            f"The cohort must end on or after the day it starts, {_day(starts_on)}."
        )
    return problems


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
    module_attendance_threshold = models.PositiveSmallIntegerField(
        "module sessions to attend (%)",
        default=80,
        validators=[MaxValueValidator(100)],
        help_text="The share of module sessions a participant must attend to complete.",
    )
    set_meeting_attendance_threshold = models.PositiveSmallIntegerField(
        "action learning set meetings to attend (%)",
        default=75,
        validators=[MaxValueValidator(100)],
        help_text="The share of their set's meetings a participant must attend to complete.",
    )
    signatory_name = models.CharField(
        max_length=200, blank=True, help_text="Who signs the certificates."
    )
    signatory_title = models.CharField(
        max_length=200, blank=True, help_text="Their title, for example Programme Director."
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
            models.CheckConstraint(
                condition=Q(module_attendance_threshold__lte=100)
                & Q(set_meeting_attendance_threshold__lte=100),
                name="cohort_thresholds_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        """How the audit trail names it (no person's name in it)."""
        return str(self)

    @property
    def has_signatory(self) -> bool:
        """Certificates can be issued only once someone signs them (name and title)."""
        return bool(self.signatory_name.strip() and self.signatory_title.strip())

    @property
    def endorser_domains(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.endorser_email_domains.split(",")
            if d.strip()
        ]

    def clean(self) -> None:
        errors = cohort_date_problems(
            applications_open_on=self.applications_open_on,
            applications_close_on=self.applications_close_on,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
        )
        if errors:
            raise ValidationError(errors)
