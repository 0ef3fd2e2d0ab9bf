"""Forms on the SP managers' pages: a decision's message to the applicant, internal notes."""

from django import forms

from ellw.forms import CharLimitsMixin

from .models import TEXT_MAX_CHARS

DECISION_MESSAGE_MAX_CHARS = 2000


class DecisionForm(CharLimitsMixin, forms.Form):
    char_limit_labels = {"message": "The message to the applicant"}

    message = forms.CharField(
        label="Message to the applicant (optional)",
        help_text="We add it to the e-mail that tells them the decision.",
        required=False,
        max_length=DECISION_MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NoteForm(CharLimitsMixin, forms.Form):
    char_limit_labels = {"text": "The note"}

    text = forms.CharField(
        label="Add a note",
        help_text="Only staff see notes. The applicant never does.",
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the note"},
    )


class OfferNextForm(DecisionForm):
    """Offer the free place to the person the manager was shown: their application's id
    travels with the form, so a waitlist changed meanwhile is noticed, not guessed at."""

    field_order = ["application", "message"]  # an out-of-date page is told first

    application = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This page was out of date. Check who is next and confirm again.",
            "invalid": "This page was out of date. Check who is next and confirm again.",
            "min_value": "This page was out of date. Check who is next and confirm again.",
        },
    )


class RescindOfferForm(CharLimitsMixin, forms.Form):
    char_limit_labels = {"reason": "The reason"}

    reason = forms.CharField(
        label="Why are you withdrawing the offer?",
        help_text="We put this in the e-mail that tells them. It is also kept in the history.",
        max_length=DECISION_MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for withdrawing the offer"},
    )
