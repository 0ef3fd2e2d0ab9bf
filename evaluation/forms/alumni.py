"""Forms for alumni progress: the graduate's short update (every question optional, at
least one answered) and the lead's cohort filter."""

from __future__ import annotations

from django import forms

from cohorts.models import Cohort
from ellw.forms import CappedForm
from evaluation.models import ANSWER_MAX_CHARS, NAME_MAX_CHARS

YES_NO = [("yes", "Yes"), ("no", "No")]
QI_PROJECTS_MAX = 99


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def _long_answer(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=ANSWER_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"{help_text} Up to {ANSWER_MAX_CHARS:,} characters.",
    )


class AlumniUpdateForm(CappedForm):
    current_role = forms.CharField(
        label="Your current role or job title",
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text="For example, Lead social prescribing link worker.",
    )
    organisation = forms.CharField(
        label="Your organisation", max_length=NAME_MAX_CHARS, required=False
    )
    promoted = _yes_no("Have you been promoted since the programme?")
    new_responsibilities = _long_answer(
        "New responsibilities",
        "Anything you now lead or are responsible for that you did not before.",
    )
    leadership_activities = _long_answer(
        "Leadership activities",
        "For example, chairing a network meeting, presenting to your PCN, a working group.",
    )
    qi_projects_led = forms.IntegerField(
        label="How many quality-improvement projects have you led since the programme?",
        min_value=0,
        max_value=QI_PROJECTS_MAX,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the number of projects as a whole number, like 2",
            "min_value": "The number of projects cannot be less than 0",
            "max_value": f"The number of projects must be {QI_PROJECTS_MAX} or fewer",
        },
    )
    mentoring_others = _yes_no("Are you mentoring or coaching others?")
    char_limit_labels = {
        "current_role": "Your role",
        "organisation": "Your organisation",
        "new_responsibilities": "New responsibilities",
        "leadership_activities": "Leadership activities",
    }

    def clean(self):
        data = super().clean()
        answered = [name for name, value in data.items() if value is not None and value != ""]
        if not self.errors and not answered:
            raise forms.ValidationError("Answer at least one question")
        return data


class AlumniFilterForm(CappedForm):
    """The lead's choice of cohort, from the query string; none means every cohort."""

    cohort = forms.ModelChoiceField(
        label="Cohort",
        queryset=Cohort.objects.order_by("starts_on", "pk"),
        required=False,
        empty_label="All cohorts",
    )

    def chosen(self) -> Cohort | None:
        return self.cleaned_data["cohort"] if self.is_valid() else None
