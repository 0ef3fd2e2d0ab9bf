"""A participant's answers to a survey: the questions each kind of survey takes, the checks
on each answer and confidence rating, and saving (or changing) their one response.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from cohorts.models import Enrolment
from ellw.text import max_chars_message
from evaluation.enums import (
    SELF_ASSESSMENTS,
    Confidence,
    QuoteConsent,
    Rating,
    Recommend,
    SurveyKind,
    Usefulness,
)
from evaluation.models import ANSWER_MAX_CHARS, ConfidenceRating, Survey, SurveyResponse
from evaluation.selectors.surveys import self_assessment_questions
from evaluation.services.surveys import SurveyRuleError

K = SurveyKind

# The answers each kind of survey takes (besides confidence ratings), with the allowed values
# of the choice answers, and which of them must be given.
TEXT_ANSWERS: dict[str, tuple[str, ...]] = {
    K.BASELINE: ("reflection",),
    K.END_OF_PROGRAMME: ("reflection",),
    K.MODULE_FEEDBACK: ("what_worked", "what_to_improve"),
    K.FINAL_EVALUATION: ("practice_change", "take_back"),
}
CHOICE_ANSWERS: dict[str, dict[str, frozenset]] = {
    K.BASELINE: {},
    K.END_OF_PROGRAMME: {},
    K.MODULE_FEEDBACK: {
        "overall_rating": frozenset(Rating.values),
        "usefulness": frozenset(Usefulness.values),
    },
    K.FINAL_EVALUATION: {
        "overall_rating": frozenset(Rating.values),
        "would_recommend": frozenset(Recommend.values),
        "quote_consent": frozenset(QuoteConsent.values),
    },
}
REQUIRED_ANSWERS: dict[str, dict[str, str]] = {
    K.BASELINE: {},
    K.END_OF_PROGRAMME: {},
    K.MODULE_FEEDBACK: {
        "overall_rating": "Rate the module overall",
        "usefulness": "Say how useful the module was",
    },
    K.FINAL_EVALUATION: {
        "overall_rating": "Rate the programme overall",
        "would_recommend": "Say whether you would recommend the programme",
        "quote_consent": "Say whether we may quote you",
    },
}
# How each text answer is named in the message about its length.
TEXT_LABELS = {
    "reflection": "Your answer",
    "what_worked": "What worked",
    "what_to_improve": "What could be improved",
    "practice_change": "The change to your practice",
    "take_back": "What you will take back",
}


def _checked_answers(
    survey: Survey, data: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    """The answers of `data` this kind of survey takes, each checked: a choice among its
    values, a text within the cap, the required ones given. Each problem goes into
    `errors`, by field."""
    texts, choices = TEXT_ANSWERS[survey.kind], CHOICE_ANSWERS[survey.kind]
    unknown = set(data) - set(texts) - set(choices)
    if unknown:
        raise ValueError(f"{survey.get_kind_display()} takes no {', '.join(sorted(unknown))}")
    answers: dict[str, Any] = {}
    for name in texts:
        value = (data.get(name) or "").strip()
        if len(value) > ANSWER_MAX_CHARS:
            errors[name] = max_chars_message(TEXT_LABELS[name], ANSWER_MAX_CHARS, len(value))
        answers[name] = value
    for name, allowed in choices.items():
        value = data.get(name)
        if value in (None, ""):
            value = None
        elif value not in allowed:
            errors[name] = "Choose one of the answers given"
        answers[name] = value
    for name, message in REQUIRED_ANSWERS[survey.kind].items():
        if answers.get(name) is None and name not in errors:
            errors[name] = message
    # Choice answers stored as text use "" for no answer; numbers use NULL.
    for name in ("would_recommend", "quote_consent"):
        if name in answers and answers[name] is None:
            answers[name] = ""
    return answers


def _checked_ratings(
    survey: Survey, ratings: dict[str, int | None], errors: dict[str, str]
) -> dict[str, int]:
    """The confidence ratings given (skill → 1 to 5); a skill left out or None is not
    answered. A rating out of range goes into `errors`."""
    given = {skill: value for skill, value in ratings.items() if value is not None}
    if not given:
        return {}
    if survey.kind not in SELF_ASSESSMENTS:
        raise ValueError(f"{survey.get_kind_display()} asks no confidence questions")
    messages = {q.skill: q.required_message for q in self_assessment_questions()}
    unknown = set(given) - set(messages)
    if unknown:
        raise ValueError(f"No such skill: {', '.join(sorted(unknown))}")
    for skill, value in sorted(given.items()):
        if value not in Confidence.values:
            errors[f"confidence_{skill}"] = (
                f"{messages[skill]}, from 1 (not at all confident) to 5 (very confident)"
            )
    return given


@transaction.atomic
def survey_response_save(
    *,
    survey: Survey,
    enrolment: Enrolment,
    data: dict[str, Any],
    ratings: dict[str, int | None],
) -> SurveyResponse:
    """Create or update the participant's one response to the survey. Refused once the
    survey is closed, and for a withdrawn participant or one of another cohort. Ratings are
    set as given: a skill no longer answered loses its rating. The first submission's time
    is kept; `updated_at` says when it last changed."""
    now = timezone.now()
    # Locked so the lead's "Close" and a save cannot cross: a save either lands before the
    # survey closes or is refused.
    survey = (
        Survey.objects.select_for_update(of=("self",))
        .select_related("cohort", "module")
        .get(pk=survey.pk)
    )
    if enrolment.cohort_id != survey.cohort_id:
        raise SurveyRuleError(f"This survey is for {survey.cohort.name}, which you are not in.")
    if enrolment.withdrawn_at is not None:
        raise SurveyRuleError(
            f"You withdrew from {survey.cohort.name}, so you can no longer answer its surveys."
        )
    if survey.is_closed_at(now):
        raise SurveyRuleError(
            f"This survey closed on {survey.closed_on:%-d %B %Y}: "
            "answers can no longer be given or changed."
        )
    if survey.opened_at > now:
        raise SurveyRuleError("This survey is not open yet.")
    errors: dict[str, str] = {}
    answers = _checked_answers(survey, data, errors)
    given = _checked_ratings(survey, ratings, errors)
    if errors:
        raise SurveyRuleError(errors)

    response = SurveyResponse.objects.filter(survey=survey, enrolment=enrolment).first()
    if response is None:
        response = SurveyResponse(survey=survey, enrolment=enrolment, submitted_at=now)
    for name, value in answers.items():
        setattr(response, name, value)
    response.updated_at = now
    response.save()

    response.ratings.exclude(skill__in=list(given)).delete()
    if given:
        ConfidenceRating.objects.bulk_create(
            [
                ConfidenceRating(response=response, skill=skill, confidence=value)
                for skill, value in given.items()
            ],
            update_conflicts=True,
            unique_fields=["response", "skill"],
            update_fields=["confidence"],
        )
    return response
