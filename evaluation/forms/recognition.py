"""The lead's form for recording an award, a shortlisting or a milestone: it parses;
evaluation.services.recognition decides."""

from __future__ import annotations

from django import forms

from cohorts.models import Cohort
from ellw.forms import CappedForm, NHSDateField
from evaluation.enums import RecognitionKind
from evaluation.models import DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS, Recognition
from evaluation.services.recognition import RecognitionValues


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cohort) -> str:
        return obj.name


class RecognitionForm(CappedForm):
    kind = forms.ChoiceField(
        label="What kind of recognition is it?",
        choices=RecognitionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose award, shortlisted or milestone",
            "invalid_choice": "Choose award, shortlisted or milestone",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=NAME_MAX_CHARS,
        help_text="For example, Winner: Social Prescribing Workforce Initiative of the Year.",
        error_messages={"required": "Enter the title"},
    )
    awarded_by = forms.CharField(
        label="Awarded by or event (optional)",
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text="For example, Link Worker Day 2022 Awards.",
    )
    date = NHSDateField(
        label="Date",
        help_text="For example, 12 5 2022.",
        error_messages={"required": "Enter the date"},
    )
    cohort = CohortChoiceField(
        label="Who is it for?",
        queryset=Cohort.objects.order_by("starts_on", "pk"),
        required=False,
        empty_label="The programme as a whole",
        error_messages={"invalid_choice": "Choose the programme or one of the cohorts listed"},
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=DESCRIPTION_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"What it was for, in a sentence or two. Up to {DESCRIPTION_MAX_CHARS} "
        "characters.",
    )
    char_limit_labels = {"awarded_by": "Awarded by or event", "description": "Description"}

    def __init__(self, *args, recognition: Recognition | None = None, **kwargs):
        if recognition is not None and (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                name: getattr(recognition, name) for name in RecognitionValues.__dataclass_fields__
            }
        super().__init__(*args, **kwargs)

    @property
    def values(self) -> RecognitionValues:
        data = self.cleaned_data
        return RecognitionValues(
            **{name: data[name] for name in RecognitionValues.__dataclass_fields__}
        )
