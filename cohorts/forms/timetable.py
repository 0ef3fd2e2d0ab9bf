"""The session form: parses London date and times and the session's details; the service
(cohorts.services.timetable.session_save) applies the rules and asks about clashes."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone

from cohorts.enums import SessionKind
from cohorts.models import NOTES_MAX_CHARS, ActionLearningSet, Cohort, Session
from cohorts.services.timetable import (
    SERIES_WEEKS_MAX,
    SESSION_FIELDS,
    SessionRuleError,
    london_time_resolve,
)
from ellw.forms import CappedForm, NHSDateField
from modules.models import Module, Speaker, TrainingPartner

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
TIME_HINT = "In UK time, on the 24-hour clock. For example, 09:30 or 14:00"


def _time(value: str, label: str) -> datetime.time:
    match = TIME_PATTERN.match(value or "")
    if not match:
        raise forms.ValidationError(f"{label} must be a time like 09:30 or 14:00")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise forms.ValidationError(f"{label} must be a real time, from 00:00 to 23:59")
    return datetime.time(hour, minute)


class SessionForm(CappedForm):
    kind = forms.ChoiceField(label="Kind of session", choices=SessionKind.choices)
    module = forms.ModelChoiceField(
        label="Module",
        queryset=Module.objects.all(),
        required=False,
        empty_label="Not a module session",
        help_text="Needed for a module session.",
    )
    action_learning_set = forms.ModelChoiceField(
        label="Action learning set",
        queryset=ActionLearningSet.objects.none(),
        required=False,
        empty_label="Not a set meeting",
        help_text="Needed for a set meeting.",
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        required=False,
        help_text="Leave blank to use the module's or set's name.",
    )
    date = NHSDateField(label="Date")
    start_time = forms.CharField(label="Start time", max_length=5, help_text=TIME_HINT)
    end_time = forms.CharField(label="End time", max_length=5, help_text=TIME_HINT)
    venue = forms.CharField(
        label="Venue", max_length=300, required=False, help_text="Give a venue, a link or both."
    )
    online_link = forms.URLField(
        assume_scheme="https",
        label="Online link",
        max_length=500,
        required=False,
        help_text="For example, https://teams.microsoft.com/…",
    )
    training_partner = forms.ModelChoiceField(
        label="Training partner",
        queryset=TrainingPartner.objects.all(),
        required=False,
        empty_label="No training partner",
    )
    speakers = forms.ModelMultipleChoiceField(
        label="Speakers",
        queryset=Speaker.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes", max_length=NOTES_MAX_CHARS, required=False, widget=forms.Textarea
    )
    repeat_weeks = forms.IntegerField(
        label="Repeat weekly",
        min_value=0,
        max_value=SERIES_WEEKS_MAX,
        initial=0,
        required=False,
        help_text=(
            "How many more weeks to schedule the same session, at the same UK time. "
            "0 schedules this one only."
        ),
        error_messages={
            "invalid": f"Repeat weekly must be a whole number from 0 to {SERIES_WEEKS_MAX}",
            "min_value": f"Repeat weekly must be a whole number from 0 to {SERIES_WEEKS_MAX}",
            "max_value": f"Repeat weekly must be a whole number from 0 to {SERIES_WEEKS_MAX}",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}),
    )
    # Shown only when the service warned; the digest names the warnings that were shown.
    save_anyway = forms.BooleanField(label="Save anyway", required=False)
    warnings_seen = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        cohort: Cohort,
        session: Session | None = None,
        copy_of: Session | None = None,
        **kwargs,
    ):
        """`session`: the one being changed. `copy_of`: a new session starts as a copy of
        that one, a week later (same place, times and people)."""
        if session is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(session)
        elif copy_of is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(copy_of, weeks_later=1)
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        example = cohort.starts_on
        self.fields["date"].help_text = f"For example, {example.day} {example.month} {example.year}"
        if session is not None:
            self.fields.pop("repeat_weeks")
        field = self.fields["action_learning_set"]
        field.queryset = ActionLearningSet.objects.filter(cohort=cohort)
        field.error_messages["invalid_choice"] = (
            f"Choose an action learning set of {cohort.name}: that set is not one of its sets"
        )
        self.ambiguities: list[str] = []

    @staticmethod
    def initial_for(session: Session, *, weeks_later: int = 0) -> dict:
        start = timezone.localtime(session.starts_at) + datetime.timedelta(weeks=weeks_later)
        end = timezone.localtime(session.ends_at) + datetime.timedelta(weeks=weeks_later)
        initial = {name: getattr(session, name) for name in SESSION_FIELDS}
        initial.update(
            date=start.date(),
            start_time=f"{start:%H:%M}",
            end_time=f"{end:%H:%M}",
            speakers=list(session.speakers.all()),
        )
        return initial

    def clean(self):
        data = super().clean()
        day = data.get("date")
        times = {}
        for name, label in (("start_time", "Start time"), ("end_time", "End time")):
            if name not in data:
                continue
            try:
                times[name] = _time(data[name], label)
            except forms.ValidationError as error:
                self.add_error(name, error)
        if day is None or len(times) != 2:
            return data
        resolved = {}
        for name, label in (("start_time", "Start time"), ("end_time", "End time")):
            try:
                resolved[name] = london_time_resolve(day, times[name], label=label)
            except SessionRuleError as error:
                self.add_error(name, error.messages[0])
        if len(resolved) == 2:
            data["starts_at"] = resolved["start_time"].instant
            data["ends_at"] = resolved["end_time"].instant
            self.ambiguities = [r.ambiguity for r in resolved.values() if r.ambiguity]
        return data

    @property
    def values(self) -> dict:
        """What the service needs (after is_valid)."""
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in SESSION_FIELDS},
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }

    @property
    def confirmed_warnings(self) -> str:
        data = self.cleaned_data
        return data.get("warnings_seen", "") if data.get("save_anyway") else ""
