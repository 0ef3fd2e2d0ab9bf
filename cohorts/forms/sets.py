"""Forms for action learning sets: a set's name and facilitator, everyone's set in one
form, and the size for a suggestion."""

from __future__ import annotations

import re

from django import forms

from cohorts.models import ActionLearningSet, Enrolment
from cohorts.selectors.sets import set_facilitator_choices
from cohorts.services.sets import SET_SIZE_MAX, SET_SIZE_MIN
from ellw.forms import CappedForm
from modules.models import Speaker

ENROLMENT_KEY = re.compile(r"^enrolment_(\d+)$")


class FacilitatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Speaker) -> str:
        return f"{obj.full_name} ({obj.get_kind_display().lower()})"


class ActionLearningSetForm(CappedForm):
    name = forms.CharField(label="Name of the set", max_length=100)
    facilitator = FacilitatorChoiceField(
        label="Facilitator",
        queryset=Speaker.objects.none(),
        required=False,
        empty_label="No facilitator yet",
        help_text="Facilitators are listed first. Add people on the speakers page.",
    )

    def __init__(self, *args, learning_set: ActionLearningSet | None = None, **kwargs):
        if learning_set is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": learning_set.name,
                "facilitator": learning_set.facilitator_id,
            }
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = set_facilitator_choices()


class SetAssignmentForm(forms.Form):
    """One select per active participant: their set, or none. Only the participants given
    (the cohort's active ones) have a field; anyone else posted is refused."""

    def __init__(
        self,
        *args,
        enrolments: list[Enrolment],
        sets: list[ActionLearningSet],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in a set")] + [(str(s.pk), s.name) for s in sets]
        self.rows = []
        for enrolment in enrolments:
            name = f"enrolment_{enrolment.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"Set for {enrolment.participant.full_name}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=enrolment.action_learning_set_id or "",
                error_messages={
                    "invalid_choice": (
                        f"Choose one of the cohort's sets for {enrolment.participant.full_name}"
                    )
                },
            )
            self.rows.append((enrolment, name))

    def clean(self):
        data = super().clean()
        if self.data:
            strangers = [
                key for key in self.data if ENROLMENT_KEY.match(key) and key not in self.fields
            ]
            if strangers:
                raise forms.ValidationError(
                    f"{len(strangers)} of the people in the form are not active participants "
                    "of this cohort (they may have withdrawn). Nothing has been changed."
                )
        return data

    @property
    def assignments(self) -> dict[int, int | None]:
        """Enrolment pk → set pk (None: no set), for the participants the post named: a
        participant enrolled after the page was shown keeps their set."""
        return {
            int(ENROLMENT_KEY.match(name)[1]): self.cleaned_data.get(name)
            for name in self.fields
            if name in self.data
        }

    def bound_rows(self):
        return [(enrolment, self[name]) for enrolment, name in self.rows]


class SuggestSetsForm(forms.Form):
    size = forms.TypedChoiceField(
        label="How many people in each set?",
        choices=[(n, str(n)) for n in range(SET_SIZE_MIN, SET_SIZE_MAX + 1)],
        coerce=int,
        initial=6,
        help_text=(
            f"From {SET_SIZE_MIN} to {SET_SIZE_MAX}. Sets will differ in size by at most one."
        ),
        error_messages={
            "required": "Choose how many people in each set",
            "invalid_choice": (
                f"Choose how many people in each set: from {SET_SIZE_MIN} to {SET_SIZE_MAX}"
            ),
        },
    )
    fingerprint = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
