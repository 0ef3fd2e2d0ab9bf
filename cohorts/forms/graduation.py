"""Forms for graduation: the date the lead confirms graduation on, and the reason for an
override or for undoing a graduation."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from cohorts.models import REASON_MAX_CHARS, Cohort
from ellw.forms import CappedForm, NHSDateField


class GraduationDateForm(CappedForm):
    graduated_on = NHSDateField(
        label="Graduation date", help_text="For example, 31 3 2022. Today unless you change it."
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        kwargs.setdefault("initial", {"graduated_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["graduated_on"].required = True
        self.fields["graduated_on"].error_messages["required"] = "Enter the graduation date"

    def clean_graduated_on(self) -> datetime.date:
        value = self.cleaned_data["graduated_on"]
        if value < self.cohort.starts_on:
            raise forms.ValidationError(
                f"The graduation date must be on or after the cohort starts "
                f"({self.cohort.starts_on:%-d %B %Y})"
            )
        if value > timezone.localdate():
            raise forms.ValidationError("The graduation date must be today or in the past")
        return value


class GraduationOverrideForm(GraduationDateForm):
    reason = forms.CharField(
        label="Why should they graduate?",
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Kept in their history. Up to {REASON_MAX_CHARS} characters.",
        error_messages={"required": "Give the reason for your decision"},
    )
    char_limit_labels = {"reason": "The reason"}


class GraduationUndoForm(CappedForm):
    reason = forms.CharField(
        label="Why are you undoing this graduation?",
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Kept in their history. Up to {REASON_MAX_CHARS} characters.",
        error_messages={"required": "Give the reason for undoing the graduation"},
    )
    char_limit_labels = {"reason": "The reason"}
