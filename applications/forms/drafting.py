"""The applicant's forms: the application itself and the reason for withdrawing it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from applications.eligibility import endorser_domain_problem, endorser_identity_problem
from applications.models import TEXT_MAX_CHARS, Application
from cohorts.models import Cohort, Place, PrimaryCareNetwork
from ellw.forms import CharLimitsMixin, MaxWordsValidator, NHSDateField, WordLimitTextarea

MAX_WORDS = 250

REASON_MAX_CHARS = 2000

NULLABLE_FIELDS = {"role", "place", "pcn", "started_in_role_on"}


class ApplicationForm(CharLimitsMixin, forms.ModelForm):
    """One form for drafts and submission: nothing is required to save a draft; what
    submission needs is checked by services.application_submission_errors.
    The fields are in the page's order, so the error summary lists problems in that order."""

    char_limit_labels = {
        "motivation": "Why you want to join",
        "workplace_benefit": "What you hope to take back",
    }

    started_in_role_on = NHSDateField(
        label="Date started in role",
        required=False,
        help_text="The day you started as a link worker or in your current personalised-care "
        "role. For example, 15 3 2021",
    )
    motivation = forms.CharField(
        label="Why do you want to join the programme?",
        required=False,
        max_length=TEXT_MAX_CHARS,
        widget=WordLimitTextarea(MAX_WORDS),
        validators=[MaxWordsValidator(MAX_WORDS, "Why you want to join")],
    )
    workplace_benefit = forms.CharField(
        label="What do you hope to take back to your workplace?",
        required=False,
        max_length=TEXT_MAX_CHARS,
        widget=WordLimitTextarea(MAX_WORDS),
        validators=[MaxWordsValidator(MAX_WORDS, "What you hope to take back")],
    )
    privacy_consent = forms.BooleanField(
        label="I have read the privacy notice and agree to my information being used to "
        "run the programme",
        required=False,
    )

    class Meta:
        model = Application
        fields = [
            "full_name",
            "work_email",
            "phone",
            "role",
            "started_in_role_on",
            "employer",
            "place",
            "pcn",
            "pcn_other",
            "motivation",
            "workplace_benefit",
            "clinical_director_name",
            "clinical_director_email",
        ]
        labels = {
            "full_name": "Full name",
            "work_email": "Work e-mail address",
            "phone": "Work phone number",
            "role": "Your role",
            "employer": "Employer",
            "place": "Place (borough) you work in",
            "pcn": "Primary care network (PCN)",
            "pcn_other": "If your PCN is not listed, enter its name",
            "clinical_director_name": "Clinical director's full name",
            "clinical_director_email": "Clinical director's e-mail address",
        }
        help_texts = {
            "employer": "For example, your GP federation, PCN or voluntary organisation",
            "clinical_director_name": "The clinical director of your PCN, who will endorse you",
            "clinical_director_email": "We will e-mail them a link to endorse your application",
        }
        widgets = {
            "role": forms.RadioSelect,
            "place": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "work_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, cohort: Cohort, applicant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        # Who is applying: the endorser must be someone else.
        self.applicant = applicant or (self.instance.applicant if self.instance.pk else None)
        for field in self.fields.values():
            field.required = False
        roles = cohort.eligible_roles.all()
        self.fields["role"].queryset = roles
        self.fields["role"].empty_label = None
        open_to = ", ".join(r.name for r in roles)
        self.fields["role"].help_text = f"This cohort is open to: {open_to}"
        self.fields["role"].error_messages["invalid_choice"] = (
            f"{cohort.name} does not take applications from that role. It is open to: {open_to}"
        )
        self.fields["place"].queryset = Place.objects.all()
        self.fields["place"].empty_label = None
        self.fields["pcn"].queryset = PrimaryCareNetwork.objects.select_related("place")
        self.fields["pcn"].empty_label = "Select your PCN"
        self.fields["privacy_consent"].initial = bool(
            self.instance and self.instance.privacy_consent_at
        )
        self.fields[
            "privacy_consent"
        ].help_text = 'Read the <a href="/privacy/">privacy notice</a> (opens in this window).'

    def clean_started_in_role_on(self):
        value = self.cleaned_data.get("started_in_role_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date started in role must be today or in the past")
        return value

    def clean_clinical_director_email(self):
        email = self.cleaned_data.get("clinical_director_email", "")
        # Told at once, even for a draft: the link could not be sent there.
        problem = endorser_domain_problem(self.cohort, email) or endorser_identity_problem(
            email=email,
            applicant=self.applicant,
            work_email=self.cleaned_data.get("work_email") or "",
        )
        if problem:
            raise forms.ValidationError(problem.message)
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pcn") and cleaned.get("pcn_other"):
            self.add_error(
                "pcn_other", "Either select your PCN from the list or enter its name, not both"
            )
        return cleaned

    def draft_data(self) -> dict:
        """What to save in the draft: text left empty is stored as "", choices as None."""
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name, value in data.items():
            if value is None and name not in NULLABLE_FIELDS:
                data[name] = ""
        data["privacy_consent"] = bool(self.cleaned_data.get("privacy_consent"))
        return data


class ReasonForm(CharLimitsMixin, forms.Form):
    char_limit_labels = {"reason": "The reason"}

    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
