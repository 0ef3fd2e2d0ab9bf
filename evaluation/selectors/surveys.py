"""Reads for surveys: a participant's surveys across their cohorts, their answers to one,
and a cohort's surveys with response rates for the lead (counted in the database)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from ellw.accounts.models import User
from ellw.text import percent_of
from evaluation.models import (
    LEADING_CHANGE,
    LEADING_CHANGE_LABEL,
    ConfidenceRating,
    Survey,
    SurveyResponse,
)
from modules.models import Module

# --- the participant's surveys --------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantSurvey:
    survey: Survey
    answered_at: datetime.datetime | None

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


@dataclass(frozen=True)
class ParticipantSurveys:
    """A participant's opened surveys: open ones still to answer, open ones answered (their
    answers can still be changed), and closed ones."""

    to_answer: list[ParticipantSurvey]
    answered: list[ParticipantSurvey]
    closed: list[ParticipantSurvey]

    @property
    def none(self) -> bool:
        return not (self.to_answer or self.answered or self.closed)


def participant_surveys(user: User, *, now: datetime.datetime | None = None) -> ParticipantSurveys:
    """The surveys opened to the cohorts this person takes part in (not withdrawn from), each
    with when they last saved their answers. One query."""
    now = now or timezone.now()
    cohort_ids = Enrolment.objects.filter(participant=user, withdrawn_at__isnull=True).values(
        "cohort_id"
    )
    last_saved = SurveyResponse.objects.filter(
        survey=OuterRef("pk"), enrolment__participant=user
    ).values("updated_at")[:1]
    surveys = (
        Survey.objects.filter(cohort_id__in=cohort_ids, opened_at__lte=now)
        .select_related("cohort", "module")
        .annotate(answered_at=Subquery(last_saved))
        .order_by("-cohort__starts_on", "opened_at", "pk")
    )
    to_answer, answered, closed = [], [], []
    for survey in surveys:
        row = ParticipantSurvey(survey=survey, answered_at=survey.answered_at)
        if survey.is_closed_at(now):
            closed.append(row)
        elif row.answered:
            answered.append(row)
        else:
            to_answer.append(row)
    return ParticipantSurveys(to_answer=to_answer, answered=answered, closed=closed)


def survey_for_answering(pk: int) -> Survey | None:
    """An opened survey with what its page shows (None if there is none)."""
    return (
        Survey.objects.select_related("cohort", "module")
        .filter(pk=pk, opened_at__lte=timezone.now())
        .first()
    )


def survey_enrolment(user: User, survey: Survey) -> Enrolment | None:
    """This person's enrolment in the survey's cohort, withdrawn or not."""
    return Enrolment.objects.filter(participant=user, cohort_id=survey.cohort_id).first()


def survey_response_of(survey: Survey, enrolment: Enrolment) -> SurveyResponse | None:
    """The participant's answers to the survey, with their confidence ratings."""
    return (
        SurveyResponse.objects.filter(survey=survey, enrolment=enrolment)
        .prefetch_related(Prefetch("ratings", queryset=ConfidenceRating.objects.order_by()))
        .first()
    )


# --- the lead's response rates ---------------------------------------------------------------


@dataclass(frozen=True)
class SurveyRate:
    """One survey of a cohort: the answers of its active participants, of them all."""

    survey: Survey
    responses: int
    invited: int
    # While the lead's last "Send a reminder" holds the button back: when it may be pressed
    # again.
    reminder_available_at: datetime.datetime | None

    @property
    def percent(self) -> int | None:
        return percent_of(self.responses, self.invited)

    @property
    def is_open(self) -> bool:
        return not self.survey.is_closed

    @property
    def status(self) -> str:
        """ "Open until 21 March 2027" or "Closed"; the responses sit beside it."""
        if self.is_open:
            return f"Open until {self.survey.closes_on:%-d %B %Y}"
        return "Closed"

    @property
    def everyone_answered(self) -> bool:
        return self.invited > 0 and self.responses >= self.invited


@dataclass(frozen=True)
class CohortSurveysPage:
    surveys: list[SurveyRate]
    invited: int


def cohort_survey_rates(
    cohort: Cohort, *, now: datetime.datetime | None = None
) -> CohortSurveysPage:
    """Every survey opened to the cohort, oldest first, with its responses from active
    participants counted in the database. Two queries whatever the cohort's size."""
    now = now or timezone.now()
    invited = Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True).count()
    surveys = (
        Survey.objects.filter(cohort=cohort)
        .select_related("module", "closed_by")
        .annotate(
            response_count=Count(
                "responses", filter=Q(responses__enrolment__withdrawn_at__isnull=True)
            )
        )
        .order_by("opened_at", "pk")
    )
    interval = datetime.timedelta(hours=settings.ELLW_SURVEY_MANUAL_REMINDER_HOURS)
    rows = []
    for survey in surveys:
        next_at = survey.reminded_at + interval if survey.reminded_at else None
        rows.append(
            SurveyRate(
                survey=survey,
                responses=survey.response_count,
                invited=invited,
                reminder_available_at=next_at if next_at and next_at > now else None,
            )
        )
    return CohortSurveysPage(surveys=rows, invited=invited)


# --- what a self-assessment asks -------------------------------------------------------------


@dataclass(frozen=True)
class SelfAssessmentQuestion:
    skill: str  # the key answers are stored under (a module's slug, or leading change)
    question: str  # "How confident are you that you can …?"
    required_message: str


def self_assessment_questions() -> list[SelfAssessmentQuestion]:
    """What a self-assessment asks, skill by skill in the programme's order: each module's
    stated outcome ("…that you can use coaching conversations…"), or where a module states
    none, its name; then leading change."""
    questions = []
    for slug, name, outcome in Module.objects.values_list(
        "slug", "name", "self_assessment_outcome"
    ):
        about = f"that you can {outcome}" if outcome else f"in {name[:1].lower()}{name[1:]}"
        questions.append(
            SelfAssessmentQuestion(
                skill=slug,
                question=f"How confident are you {about}?",
                required_message=f"Choose how confident you are {about}",
            )
        )
    about = f"in {LEADING_CHANGE_LABEL[:1].lower()}{LEADING_CHANGE_LABEL[1:]}"
    questions.append(
        SelfAssessmentQuestion(
            skill=LEADING_CHANGE,
            question=f"How confident are you {about}?",
            required_message=f"Choose how confident you are {about}",
        )
    )
    return questions
