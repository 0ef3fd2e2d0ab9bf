"""Decisions and offers: the SP managers' decision, offering the next place, rescinding
an offer, withdrawing a participant, and the applicant's answer to an offer."""

from __future__ import annotations

from django import forms

from applications.forms.drafting import REASON_MAX_CHARS
from ellw.forms import CharLimitsMixin


class WithdrawParticipantForm(CharLimitsMixin, forms.Form):
    """The programme lead withdraws a participant: the reason is required and kept."""

    char_limit_labels = {"reason": "The reason"}

    reason = forms.CharField(
        label="Why are they leaving the cohort?",
        help_text="Kept in the participant's history and e-mailed to them.",
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why they are leaving the cohort"},
    )


class OfferResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Do you accept your place?",
        choices=[("accept", "Yes, I accept my place"), ("decline", "No, I decline my place")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you accept your place"},
    )


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
