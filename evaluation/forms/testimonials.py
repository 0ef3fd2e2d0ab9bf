"""Forms for testimonials: the lead records one or sends a request link, filters the list
and corrects the text; the person writes theirs through the link."""

from __future__ import annotations

from django import forms

from cohorts.models import Cohort
from ellw.forms import CappedForm
from evaluation.enums import TestimonialConsent, TestimonialSource, TestimonialStatus
from evaluation.models import NAME_MAX_CHARS, TESTIMONIAL_MAX_CHARS

TEXT_HINT = f"Up to {TESTIMONIAL_MAX_CHARS:,} characters."


def _cohort_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Cohort (optional)",
        queryset=Cohort.objects.order_by("-starts_on", "pk"),
        required=False,
        empty_label="The programme as a whole",
        help_text="Leave as the programme as a whole unless it is about one cohort.",
    )


def _source_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Who is it from?",
        choices=TestimonialSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the testimonial is from"},
    )


def _text_field(label: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TESTIMONIAL_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=TEXT_HINT,
        error_messages={"required": required_message},
    )


class TestimonialRecordForm(CappedForm):
    author_name = forms.CharField(
        label="Author's name",
        max_length=NAME_MAX_CHARS,
        help_text="As they would like to be named, for example Dr Priya Shah.",
        error_messages={"required": "Enter the author's name"},
    )
    author_role = forms.CharField(
        label="Their role or job title",
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text="For example, Clinical director. Shown with anonymised testimonials too.",
    )
    organisation = forms.CharField(
        label="Their organisation",
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text="For example, Newham Central 1 PCN. Shown only with named testimonials.",
    )
    source = _source_field()
    cohort = _cohort_field()
    text = _text_field("Testimonial", "Enter the testimonial")
    consent = forms.ChoiceField(
        label="How has the author agreed it may be used?",
        choices=TestimonialConsent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the author agreed it may be used"},
    )
    consent_confirmed = forms.BooleanField(
        label="I have the author's consent to use their testimonial in this way",
        error_messages={"required": "Confirm you have the author's consent"},
    )
    char_limit_labels = {
        "author_name": "The author's name",
        "author_role": "The role",
        "organisation": "The organisation",
    }


class TestimonialRequestForm(CappedForm):
    name = forms.CharField(
        label="Their name",
        max_length=NAME_MAX_CHARS,
        error_messages={"required": "Enter the name of the person you are asking"},
    )
    email = forms.EmailField(
        label="Their e-mail address",
        max_length=254,
        help_text="We e-mail them a link that works once, for a limited time. "
        "They do not need an account.",
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address like name@nhs.net",
        },
    )
    role = forms.CharField(
        label="Their role or job title",
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text="For example, Clinical director.",
    )
    organisation = forms.CharField(
        label="Their organisation", max_length=NAME_MAX_CHARS, required=False
    )
    source = _source_field()
    cohort = _cohort_field()
    char_limit_labels = {
        "name": "The name",
        "email": "The e-mail address",
        "role": "The role",
        "organisation": "The organisation",
    }


# Consent as the author reads it (the lead's labels are TestimonialConsent's).
CONSENT_AS_THE_AUTHOR_SAYS = {
    TestimonialConsent.NAMED: "With my name, role and organisation",
    TestimonialConsent.ANONYMISED: "Without my name: only my role and the kind of organisation",
}


class TestimonialWriteForm(CappedForm):
    """What the person fills in through their link."""

    author_name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_CHARS,
        help_text="As you would like to be named, for example Dr Priya Shah.",
        error_messages={"required": "Enter your name"},
    )
    author_role = forms.CharField(
        label="Your role or job title", max_length=NAME_MAX_CHARS, required=False
    )
    organisation = forms.CharField(
        label="Your organisation", max_length=NAME_MAX_CHARS, required=False
    )
    text = _text_field(
        "Your testimonial",
        "Write your testimonial",
    )
    consent = forms.ChoiceField(
        label="How may we use your testimonial?",
        choices=list(CONSENT_AS_THE_AUTHOR_SAYS.items()),
        widget=forms.RadioSelect,
        help_text="For example in the programme's reports to funders and system leaders.",
        error_messages={"required": "Select how we may use your testimonial"},
    )
    char_limit_labels = {
        "author_name": "Your name",
        "author_role": "Your role",
        "organisation": "Your organisation",
    }


class TestimonialEditForm(CappedForm):
    text = _text_field("Testimonial", "Enter the testimonial")


class TestimonialFilterForm(CappedForm):
    """The list's filters, from the query string; a value we do not know shows everything."""

    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *TestimonialStatus.choices], required=False
    )
    source = forms.ChoiceField(
        label="From", choices=[("", "Anyone"), *TestimonialSource.choices], required=False
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"status": "", "source": ""}
        return {"status": self.cleaned_data["status"], "source": self.cleaned_data["source"]}
