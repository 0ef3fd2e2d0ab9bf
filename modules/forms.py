"""Forms for the catalogue, training partners and speakers: they parse; services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ellw.forms import CappedForm

from .enums import SpeakerKind
from .models import (
    BIO_MAX_CHARS,
    OUTCOMES_MAX_CHARS,
    SUMMARY_MAX_CHARS,
    Module,
    Speaker,
    TrainingPartner,
)
from .services import SpeakerValues, TrainingPartnerValues

MAX_CPD_HOURS = Decimal("100")
CPD_MESSAGE = "CPD hours must be a number from 0 to 100, with at most one decimal place"


def _cap(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class ModuleForm(CappedForm):
    summary = forms.CharField(
        label="Summary",
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One or two sentences, shown on the public programme page.",
        error_messages={"required": "Enter the module's summary"},
    )
    learning_outcomes = forms.CharField(
        label="Learning outcomes",
        max_length=OUTCOMES_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What participants can do after the module, one outcome per line.",
    )
    self_assessment_outcome = forms.CharField(
        label="What the self-assessment asks about",
        max_length=200,
        required=False,
        help_text=(
            "One outcome that completes 'I can …', for example: use coaching conversations "
            "to help people find their own way forward. Participants rate their confidence "
            "in it before and after the programme. Leave blank to ask about the module's name."
        ),
    )
    default_cpd_hours = forms.DecimalField(
        label="CPD hours",
        min_value=Decimal("0"),
        max_value=MAX_CPD_HOURS,
        max_digits=4,
        decimal_places=1,
        help_text="From 0 to 100, for example 6 or 7.5. Certificates state them.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the module's CPD hours",
            **dict.fromkeys(
                ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places"),
                CPD_MESSAGE,
            ),
            "max_whole_digits": CPD_MESSAGE,
        },
    )

    def __init__(self, *args, module: Module, **kwargs):
        if (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                "summary": module.summary,
                "learning_outcomes": module.learning_outcomes,
                "self_assessment_outcome": module.self_assessment_outcome,
                "default_cpd_hours": module.default_cpd_hours,
            }
        super().__init__(*args, **kwargs)

    def clean_self_assessment_outcome(self) -> str:
        # It completes a question: "How confident are you that you can …?"
        text = " ".join(self.cleaned_data["self_assessment_outcome"].split())
        text = text.removeprefix("I can ").removeprefix("i can ").rstrip(".?! ")
        first_word = text.split(" ", 1)[0]
        if first_word.isupper():  # an acronym ("QI methods …") keeps its capitals
            return text
        return text[:1].lower() + text[1:]

    def clean_learning_outcomes(self) -> str:
        # One outcome per line, without the blank lines and stray spaces a paste brings.
        lines = (line.strip() for line in self.cleaned_data["learning_outcomes"].splitlines())
        return "\n".join(line for line in lines if line)


class TrainingPartnerForm(CappedForm):
    name = forms.CharField(
        label="Name",
        max_length=_cap(TrainingPartner, "name"),
        help_text="The organisation, for example a training provider or a university.",
        error_messages={"required": "Enter the training partner's name"},
    )
    website = forms.URLField(
        label="Website",
        assume_scheme="https",
        max_length=_cap(TrainingPartner, "website"),
        required=False,
        help_text="For example, https://www.example.org",
        error_messages={"invalid": "Website must be a web address, like https://www.example.org"},
    )
    contact_email = forms.EmailField(
        label="Contact e-mail address",
        max_length=_cap(TrainingPartner, "contact_email"),
        required=False,
        error_messages={
            "invalid": "Contact e-mail address must be an e-mail address, like name@example.org"
        },
    )

    def __init__(self, *args, partner: TrainingPartner | None = None, **kwargs):
        if partner is not None and (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                name: getattr(partner, name) for name in TrainingPartnerValues.__dataclass_fields__
            }
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    @property
    def values(self) -> TrainingPartnerValues:
        data = self.cleaned_data
        return TrainingPartnerValues(
            **{name: data[name] for name in TrainingPartnerValues.__dataclass_fields__}
        )


class SpeakerForm(CappedForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=_cap(Speaker, "full_name"),
        error_messages={"required": "Enter the speaker's full name"},
    )
    kind = forms.ChoiceField(
        label="What they do",
        choices=SpeakerKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what they do",
            "invalid_choice": "Select what they do from the list",
        },
    )
    job_title = forms.CharField(
        label="Job title", max_length=_cap(Speaker, "job_title"), required=False
    )
    training_partner = forms.ModelChoiceField(
        label="Training partner",
        queryset=TrainingPartner.objects.order_by("name"),
        required=False,
        empty_label="None",
        help_text="The organisation they deliver sessions for, if any.",
        error_messages={"invalid_choice": "Select a training partner from the list"},
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=_cap(Speaker, "email"),
        required=False,
        error_messages={
            "invalid": "E-mail address must be an e-mail address, like name@example.org"
        },
    )
    bio = forms.CharField(
        label="Biography",
        max_length=BIO_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, speaker: Speaker | None = None, **kwargs):
        if speaker is not None and (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                name: getattr(speaker, name) for name in SpeakerValues.__dataclass_fields__
            }
        super().__init__(*args, **kwargs)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    @property
    def values(self) -> SpeakerValues:
        data = self.cleaned_data
        return SpeakerValues(**{name: data[name] for name in SpeakerValues.__dataclass_fields__})
