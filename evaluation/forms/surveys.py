"""The survey forms, one per kind: the self-assessments (confidence in each skill, labelled
1 to 5, and one open question), module feedback and the final evaluation. Each hands the
service its answers (`answers()`) and confidence ratings (`ratings()`)."""

from __future__ import annotations

from typing import Any

from django import forms

from ellw.forms import CappedForm
from evaluation.enums import Confidence, QuoteConsent, Rating, Recommend, SurveyKind, Usefulness
from evaluation.models import ANSWER_MAX_CHARS, Survey, SurveyResponse
from evaluation.selectors.figures import skill_labels
from evaluation.selectors.surveys import self_assessment_questions

# The confidence answer for "I would rather not say": stored as no rating at all.
PREFER_NOT_TO_SAY = "skip"
NOT_ANSWERED = "Not answered"


def confidence_field_name(skill: str) -> str:
    return f"confidence_{skill}"


def _rating(label: str, choices, *, required_message: str, help_text: str = "") -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{required_message}: choose one of the answers given",
        },
    )


def _choice(label: str, choices, *, required_message: str, help_text: str = "") -> forms.Field:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{required_message}: choose one of the answers given",
        },
    )


def _answer(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=ANSWER_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Optional. Up to {ANSWER_MAX_CHARS:,} characters.",
    )


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


class SurveyForm(CappedForm):
    """What every survey form gives the service and the read-only page."""

    answer_fields: tuple[str, ...] = ()

    def __init__(self, *args, survey: Survey, **kwargs):
        self.survey = survey
        super().__init__(*args, **kwargs)

    def answers(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.answer_fields}

    def ratings(self) -> dict[str, int | None]:
        return {}

    def answer_rows(self) -> list[tuple[str, str]]:
        """(question, answer as the participant chose it) for each question, from the saved
        answers: the closed survey's read-only page."""
        rows = []
        for name, field in self.fields.items():
            value = self.initial.get(name)
            if isinstance(field, forms.ChoiceField):
                shown = dict(field.choices).get(value, NOT_ANSWERED) if value else NOT_ANSWERED
            else:
                shown = value or NOT_ANSWERED
            rows.append((str(field.label), str(shown)))
        return rows


class SelfAssessmentForm(SurveyForm):
    """The baseline and end-of-programme self-assessments: how confident the participant
    is in each skill (any may be left out), and one open question."""

    answer_fields = ("reflection",)
    char_limit_labels = {"reflection": "Your answer"}

    QUESTIONS = {
        SurveyKind.BASELINE: "What would you most like to develop through the programme?",
        SurveyKind.END_OF_PROGRAMME: "What has changed most in how you lead?",
    }

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, survey=survey, **kwargs)
        questions = self_assessment_questions()
        self.skills = [(q.skill, q.question) for q in questions]
        choices = [*Confidence.choices, (PREFER_NOT_TO_SAY, "Prefer not to say")]
        skill_fields = {}
        for question in questions:
            message = question.required_message
            skill_fields[confidence_field_name(question.skill)] = forms.TypedChoiceField(
                label=question.question,
                choices=choices,
                coerce=lambda value: None if value == PREFER_NOT_TO_SAY else int(value),
                empty_value=None,
                # Every question is answered, "Prefer not to say" included, so a skill
                # is never left out by mistake (a skill left out is not paired).
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"{message}, or choose Prefer not to say",
                    "invalid_choice": f"{message}, from 1 (not at all confident) to 5 "
                    "(very confident), or choose Prefer not to say",
                },
            )
        reflection = self.fields.pop("reflection")
        reflection.label = self.QUESTIONS[survey.kind]
        self.fields = {**skill_fields, "reflection": reflection}

    reflection = _answer("Your answer")

    def ratings(self) -> dict[str, int | None]:
        return {
            skill: self.cleaned_data.get(confidence_field_name(skill)) for skill, _ in self.skills
        }


class ModuleFeedbackForm(SurveyForm):
    answer_fields = ("overall_rating", "usefulness", "what_worked", "what_to_improve")
    char_limit_labels = {"what_worked": "What worked", "what_to_improve": "What could be improved"}

    overall_rating = _rating(
        "Overall, how would you rate this module?",
        Rating.choices,
        required_message="Rate the module overall",
    )
    usefulness = _rating(
        "How useful has this module been in your work?",
        Usefulness.choices,
        required_message="Say how useful the module was",
    )
    what_worked = _answer("What worked well for you?")
    what_to_improve = _answer("What could be improved?")


class FinalEvaluationForm(SurveyForm):
    answer_fields = (
        "overall_rating",
        "would_recommend",
        "practice_change",
        "take_back",
        "quote_consent",
    )
    char_limit_labels = {
        "practice_change": "The change to your practice",
        "take_back": "What you will take back",
    }

    overall_rating = _rating(
        "Overall, how would you rate the programme?",
        Rating.choices,
        required_message="Rate the programme overall",
    )
    would_recommend = _choice(
        "Would you recommend the programme to another link worker?",
        Recommend.choices,
        required_message="Say whether you would recommend the programme",
    )
    practice_change = _answer("What change has the programme made to your practice?")
    take_back = _answer("What will you take back to your workplace?")
    quote_consent = _choice(
        "May we quote your answers?",
        QuoteConsent.choices,
        required_message="Say whether we may quote you",
        help_text="We may use short quotes from your answers in reports about the programme, "
        "for example to the people who fund it. We quote you only if you agree, and then "
        "with your name or without it, as you choose here.",
    )


FORMS: dict[str, type[SurveyForm]] = {
    SurveyKind.BASELINE: SelfAssessmentForm,
    SurveyKind.END_OF_PROGRAMME: SelfAssessmentForm,
    SurveyKind.MODULE_FEEDBACK: ModuleFeedbackForm,
    SurveyKind.FINAL_EVALUATION: FinalEvaluationForm,
}


def _initial(form_class: type[SurveyForm], response: SurveyResponse | None) -> dict[str, Any]:
    if response is None:
        return {}
    initial = {name: getattr(response, name) for name in form_class.answer_fields}
    if issubclass(form_class, SelfAssessmentForm):
        # A skill they left out was answered "Prefer not to say": it has no row.
        initial |= {confidence_field_name(skill): PREFER_NOT_TO_SAY for skill, _ in skill_labels()}
    for rating in response.ratings.all():
        initial[confidence_field_name(rating.skill)] = rating.confidence
    return initial


def survey_form(survey: Survey, *, data=None, response: SurveyResponse | None = None) -> SurveyForm:
    """The survey's form, bound to what was posted, or showing the saved answers."""
    form_class = FORMS[survey.kind]
    return form_class(data, survey=survey, initial=_initial(form_class, response))
