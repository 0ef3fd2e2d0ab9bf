"""Endorsement forms: the applicant naming a clinical director, and the clinical
director's answer."""

from __future__ import annotations

from django import forms

from applications.eligibility import endorser_domain_problem, endorser_identity_problem
from applications.enums import EndorsementOutcome
from applications.models import TEXT_MAX_CHARS, Application
from cohorts.models import Cohort
from ellw.forms import CharLimitsMixin


class EndorserForm(CharLimitsMixin, forms.Form):
    clinical_director_name = forms.CharField(label="Clinical director's full name", max_length=200)
    clinical_director_email = forms.EmailField(
        label="Clinical director's e-mail address", max_length=254
    )

    def __init__(
        self,
        *args,
        cohort: Cohort,
        application: Application | None = None,
        by_applicant=True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.application = application
        self.by_applicant = by_applicant
        self.fields["clinical_director_name"].error_messages["required"] = (
            "Enter your clinical director's name"
        )
        self.fields["clinical_director_email"].error_messages["required"] = (
            "Enter your clinical director's e-mail address"
        )

    def clean_clinical_director_email(self):
        email = self.cleaned_data["clinical_director_email"]
        problem = endorser_domain_problem(self.cohort, email)
        if problem is None and self.application is not None:
            problem = endorser_identity_problem(
                email=email,
                applicant=self.application.applicant,
                work_email=self.application.work_email,
                for_applicant=self.by_applicant,
            )
        if problem:
            raise forms.ValidationError(problem.message)
        return email


class EndorsementForm(CharLimitsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Do you endorse this application?",
        choices=[
            (EndorsementOutcome.ENDORSED, "Yes, I endorse this application"),
            (EndorsementOutcome.DECLINED, "No, I do not endorse this application"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you endorse this application"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional if you endorse. If you do not endorse, tell the applicant why.",
    )
