"""The lead's form for a new version of the influencing report: which cohorts, and
optionally its title, an introduction and which testimonials go in."""

from __future__ import annotations

from django import forms
from django.utils.text import Truncator

from cohorts.models import Cohort
from ellw.forms import CappedForm
from evaluation.models import (
    NAME_MAX_CHARS,
    REPORT_INTRODUCTION_MAX_CHARS,
    InfluencingReport,
    Testimonial,
)
from evaluation.selectors.report import report_quotes_shown, report_testimonials_chosen
from evaluation.selectors.testimonials import testimonials_the_report_may_use


class CohortChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, cohort: Cohort) -> str:
        return f"{cohort.name} ({cohort.starts_on:%-d %B %Y} to {cohort.ends_on:%-d %B %Y})"


class TestimonialChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, testimonial: Testimonial) -> str:
        about = testimonial.cohort.name if testimonial.cohort_id else "the programme"
        return (
            f"{testimonial.author_name or 'Anonymous'}, about {about}: “{_short(testimonial.text)}”"
        )


def _short(text: str) -> str:
    """A long answer cut to about a line, for a checkbox's label."""
    return Truncator(" ".join(text.split())).chars(90)


def _quote_label(quote: dict) -> str:
    return f"“{_short(quote['text'])}” ({quote['attribution']})"


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
    introduction = forms.CharField(
        label="Introduction (optional)",
        max_length=REPORT_INTRODUCTION_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Your own opening words, printed before the summary. Leave a blank line "
        f"between paragraphs. Up to {REPORT_INTRODUCTION_MAX_CHARS:,} characters.",
    )
    testimonials = TestimonialChoiceField(
        label="Testimonials to include",
        queryset=Testimonial.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Approved testimonials with consent. Only those about the cohorts you "
        "chose, or about the programme as a whole, go in: at most six from each kind of "
        "source.",
        error_messages={
            "invalid_choice": "Choose testimonials from the list",
            "invalid_pk_value": "Choose testimonials from the list",
        },
    )
    char_limit_labels = {"title": "The title", "introduction": "The introduction"}

    def __init__(self, *args, like: InfluencingReport | None = None, **kwargs):
        """`like`: a new version starts from that one's choices."""
        choices = testimonials_the_report_may_use()
        if (args[0] if args else kwargs.get("data")) is None:
            if like is not None:
                kwargs["initial"] = {
                    "cohorts": list(like.cohorts.all()),
                    "title": like.title,
                    "introduction": like.introduction,
                    "testimonials": report_testimonials_chosen(like, choices),
                }
            else:
                kwargs["initial"] = {"testimonials": list(choices)}
        super().__init__(*args, **kwargs)
        self.fields["testimonials"].queryset = choices
        # Starting from a version, the lead sees the answers it quoted and may leave some out:
        # the new version quotes others in their place.
        shown = report_quotes_shown(like) if like else []
        if shown:
            self.fields["quotes_kept"] = forms.TypedMultipleChoiceField(
                label="Participants' words to keep",
                choices=[(q["id"], _quote_label(q)) for q in shown],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[q["id"] for q in shown],
                help_text="The answers that version quoted. Untick one to leave it out: the "
                "new version quotes another participant's words in its place, if there is one.",
                error_messages={"invalid_choice": "Choose quotes from the list"},
            )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_introduction(self) -> str:
        return self.cleaned_data["introduction"].strip()
