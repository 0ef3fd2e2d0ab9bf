"""The cohort set-up form: parses what the lead enters, with messages that say what to do;
the model's rules and the places already held are applied by cohorts.services.setup."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from cohorts.models import SUMMARY_MAX_CHARS, Cohort, Role, cohort_date_problems
from cohorts.services.setup import CohortValues
from ellw.forms import CappedForm, NHSDateField

DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
MAX_CAPACITY = 1000
MAX_MONTHS = 120


def _whole_number(label: str, minimum: int, maximum: int, **kwargs) -> forms.IntegerField:
    between = f"{label} must be a whole number from {minimum:,} to {maximum:,}"
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "invalid": between,
            # Django %-formats these two with the limit: a "%" in the label must be doubled.
            "min_value": between.replace("%", "%%"),
            "max_value": between.replace("%", "%%"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        **kwargs,
    )


def _date(label: str, what: str, hint: str) -> NHSDateField:
    return NHSDateField(
        label=label, help_text=hint, error_messages={"required": f"Enter the date {what}"}
    )


class CohortForm(CappedForm):
    name = forms.CharField(
        label="Name",
        max_length=Cohort._meta.get_field("name").max_length,
        help_text="For example, Cohort 3. Each cohort's name is different.",
        error_messages={"required": "Enter the cohort's name"},
    )
    summary = forms.CharField(
        label="Summary",
        max_length=SUMMARY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to people choosing a cohort to apply to.",
    )
    applications_open_on = _date(
        "Applications open on", "applications open", "The first day. For example, 1 11 2026"
    )
    applications_close_on = _date(
        "Applications close on", "applications close", "The last day. For example, 15 12 2026"
    )
    starts_on = _date("Starts on", "the cohort starts", "For example, 11 1 2027")
    ends_on = _date("Ends on", "the cohort ends", "For example, 31 3 2027")
    capacity = _whole_number(
        "Places on the cohort", 1, MAX_CAPACITY, help_text="How many participants it takes."
    )
    minimum_experience_months = _whole_number(
        "Minimum months in role",
        0,
        MAX_MONTHS,
        initial=12,
        help_text="Months in role an applicant needs by the cohort's start date.",
    )
    eligible_roles = forms.ModelMultipleChoiceField(
        label="Roles the cohort is open to",
        queryset=Role.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one role the cohort is open to",
            "invalid_choice": "Select roles from the list",
            "invalid_pk_value": "Select roles from the list",
        },
    )
    endorser_email_domains = forms.CharField(
        label="Clinical directors' e-mail domains",
        max_length=Cohort._meta.get_field("endorser_email_domains").max_length,
        required=False,
        help_text=(
            "Clinical directors' addresses must end with one of these, separated by commas. "
            "For example, nhs.net. Leave blank to accept any address."
        ),
    )
    module_attendance_threshold = _whole_number(
        "Module sessions to attend (%)",
        0,
        100,
        initial=80,
        help_text="The share of module sessions a participant must attend to complete.",
    )
    set_meeting_attendance_threshold = _whole_number(
        "Action learning set meetings to attend (%)",
        0,
        100,
        initial=75,
        help_text="The share of their set's meetings a participant must attend to complete.",
    )
    signatory_name = forms.CharField(
        label="Certificate signatory's name",
        max_length=Cohort._meta.get_field("signatory_name").max_length,
        required=False,
        help_text="Who signs the certificates.",
    )
    signatory_title = forms.CharField(
        label="Certificate signatory's title",
        max_length=Cohort._meta.get_field("signatory_title").max_length,
        required=False,
        help_text="For example, Programme Director.",
    )

    def __init__(self, *args, cohort: Cohort | None = None, **kwargs):
        if cohort is not None and (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                **{name: getattr(cohort, name) for name in CohortValues.__dataclass_fields__},
                "eligible_roles": list(cohort.eligible_roles.all()),
            }
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_endorser_email_domains(self) -> str:
        raw = self.cleaned_data["endorser_email_domains"]
        domains = [d.strip().lower().lstrip("@") for d in raw.split(",") if d.strip()]
        wrong = [d for d in domains if not DOMAIN_PATTERN.match(d)]
        if wrong:
            raise ValidationError(
                f"Clinical directors' e-mail domains must be domains like nhs.net, "
                f"separated by commas: {', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not"
            )
        return ", ".join(dict.fromkeys(domains))

    def clean(self) -> dict:
        """The rules between the dates, checked with every other field (not only once the
        rest is right), on the dates that are valid."""
        data = super().clean()
        dates = ("applications_open_on", "applications_close_on", "starts_on", "ends_on")
        problems = cohort_date_problems(**{name: data.get(name) for name in dates})
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    @property
    def values(self) -> CohortValues:
        data = self.cleaned_data
        return CohortValues(**{name: data[name] for name in CohortValues.__dataclass_fields__})
