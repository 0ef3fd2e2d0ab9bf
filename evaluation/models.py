"""Evidence of what the programme changes: the surveys participants answer, testimonials,
recognition, alumni updates, and the influencing report built from them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from ellw.text import max_chars_check
from modules.models import Module

from .enums import (
    Confidence,
    QuoteConsent,
    Rating,
    RecognitionKind,
    Recommend,
    SurveyKind,
    TestimonialConsent,
    TestimonialSource,
    TestimonialStatus,
    Usefulness,
)

ANSWER_MAX_CHARS = 2000
TESTIMONIAL_MAX_CHARS = 2000
DESCRIPTION_MAX_CHARS = 1000
NAME_MAX_CHARS = 200
# The confidence question beside the seven modules' skills: its key in ConfidenceRating.skill.
LEADING_CHANGE = "leading-change"
LEADING_CHANGE_LABEL = "Leading change"


def survey_closing_date(opened: datetime.datetime) -> datetime.date:
    """The last day a survey opened (or reopened) at `opened` takes answers, in UK time."""
    return timezone.localtime(opened).date() + datetime.timedelta(
        days=settings.ELLW_SURVEY_OPEN_DAYS - 1
    )


class Survey(models.Model):
    """One instrument opened to a cohort: its baseline or end-of-programme self-assessment,
    the feedback on one module, or the final evaluation. Opened automatically when due
    (evaluation.services.surveys.surveys_open_due); answers can be edited until it closes,
    on its closing date or earlier when the lead closes it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(max_length=20, choices=SurveyKind.choices)
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, null=True, blank=True, related_name="surveys"
    )
    opened_at = models.DateTimeField()
    # The last day answers can be given (UK date): the survey closes by itself after it,
    # unless the lead closed it earlier.
    closes_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Automatic reminders already sent (claimed before sending, so never twice).
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # The lead's "Send a reminder" button: when it was last pressed (throttled).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "kind"],
                condition=Q(module__isnull=True),
                name="survey_once_per_cohort_and_kind",
            ),
            models.UniqueConstraint(
                fields=["cohort", "module"],
                condition=Q(module__isnull=False),
                name="survey_once_per_cohort_and_module",
            ),
            models.CheckConstraint(
                condition=Q(kind=SurveyKind.MODULE_FEEDBACK, module__isnull=False)
                | (~Q(kind=SurveyKind.MODULE_FEEDBACK) & Q(module__isnull=True)),
                name="survey_module_only_for_module_feedback",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.cohort})"

    def save(self, *args, **kwargs):
        # Every way a survey is opened (the periodic run, the demo, a test) gets the closing
        # date the rule gives unless it names one.
        if self.closes_on is None and self.opened_at is not None:
            self.closes_on = survey_closing_date(self.opened_at)
        super().save(*args, **kwargs)

    def is_closed_at(self, now: datetime.datetime) -> bool:
        """Closed by the lead, or past its closing date at `now` (whether or not the
        periodic run has marked it yet)."""
        return self.closed_at is not None or timezone.localtime(now).date() > self.closes_on

    @property
    def is_closed(self) -> bool:
        return self.is_closed_at(timezone.now())

    @property
    def closed_on(self) -> datetime.date | None:
        """The day it closed: the lead's, or the day after its closing date."""
        if self.closed_at is not None:
            return timezone.localtime(self.closed_at).date()
        if timezone.localdate() > self.closes_on:
            return self.closes_on + datetime.timedelta(days=1)
        return None

    @property
    def title(self) -> str:
        if self.kind == SurveyKind.MODULE_FEEDBACK:
            return f"Module feedback: {self.module.name}"
        return self.get_kind_display()

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.opened_at <= now and not self.is_closed_at(now)

    @property
    def is_self_assessment(self) -> bool:
        return self.kind in (SurveyKind.BASELINE, SurveyKind.END_OF_PROGRAMME)


def _answer(verbose_name: str) -> models.TextField:
    return models.TextField(verbose_name, max_length=ANSWER_MAX_CHARS, blank=True)


class SurveyResponse(models.Model):
    """One participant's answers to one survey; each kind uses its own fields (the forms
    say which). Confidence answers are ConfidenceRating rows, one per skill answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="survey_responses"
    )
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    overall_rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    usefulness = models.PositiveSmallIntegerField(choices=Usefulness.choices, null=True, blank=True)
    would_recommend = models.CharField(max_length=10, choices=Recommend.choices, blank=True)
    what_worked = _answer("what worked")
    what_to_improve = _answer("what could be improved")
    practice_change = _answer("the change to your practice")
    take_back = _answer("what you will take back to your workplace")
    reflection = _answer("reflection")
    quote_consent = models.CharField(max_length=12, choices=QuoteConsent.choices, blank=True)

    class Meta:
        ordering = ["survey", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "enrolment"], name="survey_response_once_per_participant"
            ),
            *[
                max_chars_check(
                    field, ANSWER_MAX_CHARS, name=f"survey_response_{field}_max_chars", label=label
                )
                for field, label in (
                    ("what_worked", "What worked"),
                    ("what_to_improve", "What could be improved"),
                    ("practice_change", "The change to your practice"),
                    ("take_back", "What you will take back"),
                    ("reflection", "Your answer"),
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} – {self.survey.title}"


class ConfidenceRating(models.Model):
    """Confidence (1–5) in one skill in a self-assessment: a module's slug, or
    LEADING_CHANGE. A skill left unanswered has no row, so pairs skip it."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="ratings")
    skill = models.CharField(max_length=50)
    confidence = models.PositiveSmallIntegerField(
        choices=Confidence.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["response", "skill"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "skill"], name="confidence_rating_once_per_skill"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=5),
                name="confidence_rating_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.confidence}"


class Testimonial(models.Model):
    """What someone says of the programme: recorded by the lead, or written by the person
    through a request link (ellw.links: only the nonce and the token's hash are stored).
    Used in the report only with consent and once the lead approves it."""

    source = models.CharField(max_length=20, choices=TestimonialSource.choices)
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        help_text="Leave empty for a testimonial about the programme as a whole.",
    )
    author_name = models.CharField(max_length=NAME_MAX_CHARS)
    author_role = models.CharField("role or job title", max_length=NAME_MAX_CHARS, blank=True)
    organisation = models.CharField(max_length=NAME_MAX_CHARS, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    text = models.TextField(max_length=TESTIMONIAL_MAX_CHARS, blank=True)
    consent = models.CharField(max_length=12, choices=TestimonialConsent.choices, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=TestimonialStatus.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The request link, when the person writes it themselves.
    link_nonce = models.CharField(max_length=64, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            max_chars_check(
                "text",
                TESTIMONIAL_MAX_CHARS,
                name="testimonial_text_max_chars",
                label="Testimonial",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} ({self.get_source_display()})"


class Recognition(models.Model):
    """An award, a shortlisting or a milestone, for the programme or one cohort."""

    kind = models.CharField(max_length=20, choices=RecognitionKind.choices)
    title = models.CharField(max_length=NAME_MAX_CHARS)
    awarded_by = models.CharField("awarded by or event", max_length=NAME_MAX_CHARS, blank=True)
    date = models.DateField()
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recognitions",
        help_text="Leave empty for recognition of the programme as a whole.",
    )
    description = models.TextField(max_length=DESCRIPTION_MAX_CHARS, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            max_chars_check(
                "description",
                DESCRIPTION_MAX_CHARS,
                name="recognition_description_max_chars",
                label="Description",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AlumniUpdate(models.Model):
    """A graduate's progress some months after graduating: the e-mailed link (only its
    nonce and token hash stored; usable once, expiring) and the answers it brought."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="alumni_updates"
    )
    months_after = models.PositiveSmallIntegerField()
    requested_at = models.DateTimeField()
    # When the lead last sent the request again (a new link; the old one stops working).
    last_sent_at = models.DateTimeField(null=True, blank=True)
    link_nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, db_index=True)
    link_expires_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    current_role = models.CharField(max_length=NAME_MAX_CHARS, blank=True)
    organisation = models.CharField(max_length=NAME_MAX_CHARS, blank=True)
    promoted = models.BooleanField(null=True, blank=True)
    new_responsibilities = _answer("new responsibilities")
    leadership_activities = _answer("leadership activities")
    qi_projects_led = models.PositiveSmallIntegerField(
        "quality-improvement projects led",
        null=True,
        blank=True,
        validators=[MaxValueValidator(99)],
    )
    mentoring_others = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "months_after"], name="alumni_update_once_per_interval"
            ),
            max_chars_check(
                "new_responsibilities",
                ANSWER_MAX_CHARS,
                name="alumni_update_responsibilities_max_chars",
                label="New responsibilities",
            ),
            max_chars_check(
                "leadership_activities",
                ANSWER_MAX_CHARS,
                name="alumni_update_activities_max_chars",
                label="Leadership activities",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} at {self.months_after} months"


REPORT_INTRODUCTION_MAX_CHARS = 3000


class InfluencingReport(models.Model):
    """One render of the influencing report, for one cohort or several: a dated version.
    Its figures are recorded at the first render (snapshot), so rendering it again gives
    the same file."""

    title = models.CharField(max_length=NAME_MAX_CHARS)
    # The lead's own opening words, printed before the summary (optional).
    introduction = models.TextField(max_length=REPORT_INTRODUCTION_MAX_CHARS, blank=True)
    # The testimonials the lead chose (their ids); None: every one that qualifies.
    testimonial_ids = models.JSONField(null=True, blank=True)
    # Participants' answers the lead left out (their ids): the report quotes others instead.
    left_out_quote_ids = models.JSONField(default=list, blank=True)
    cohorts = models.ManyToManyField(Cohort, related_name="influencing_reports")
    snapshot = models.JSONField(null=True, blank=True)
    document = models.OneToOneField(
        "documents.GeneratedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="influencing_report",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.requested_at:%d %B %Y})"
