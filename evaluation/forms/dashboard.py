"""The evaluation dashboard's choice of cohorts (GET parameters, validated)."""

from __future__ import annotations

from django import forms

from ellw.forms import CappedForm

NOT_A_COHORT = "Choose cohorts from the list: one of those asked for does not exist"


class DashboardCohortsForm(CappedForm):
    cohort = forms.ModelMultipleChoiceField(
        label="Cohorts to include",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave every box unticked to see all cohorts together.",
        error_messages={
            "invalid_choice": NOT_A_COHORT,
            "invalid_pk_value": NOT_A_COHORT,
            "invalid_list": "Choose cohorts from the list",
        },
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.name
