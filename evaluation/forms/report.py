"""The lead's form for a new version of the influencing report: which cohorts, and
optionally its title."""

from __future__ import annotations

from django import forms

from cohorts.models import Cohort
from ellw.forms import CappedForm
from evaluation.models import NAME_MAX_CHARS


class CohortChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, cohort: Cohort) -> str:
        return f"{cohort.name} ({cohort.starts_on:%-d %B %Y} to {cohort.ends_on:%-d %B %Y})"


class InfluencingReportForm(CappedForm):
    cohorts = CohortChoiceField(
        label="Which cohorts should the report cover?",
        queryset=Cohort.objects.order_by("starts_on", "pk"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select one cohort, or several for a report across them.",
        error_messages={
            "required": "Select at least one cohort",
            "invalid_choice": "Select cohorts from the list",
            "invalid_pk_value": "Select cohorts from the list",
        },
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text="Shown on the cover and at the top of each page. Leave it blank for "
        "“Influencing report:” and the cohorts' names. Up to "
        f"{NAME_MAX_CHARS} characters.",
    )
    char_limit_labels = {"title": "The title"}

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())
