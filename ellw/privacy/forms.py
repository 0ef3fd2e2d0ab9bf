"""The forms of people's rights pages: each validates and says what is wrong."""

from django import forms

from ellw.forms import CappedForm

from .models import REASON_MAX_CHARS

EMAIL_MAX_CHARS = 254


class ErasureRequestForm(CappedForm):
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone and that I will no longer be able to "
        "sign in",
        error_messages={
            "required": "Tick the box to say you understand what erasure does, or go back"
        },
    )


class PersonFindForm(CappedForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=EMAIL_MAX_CHARS,
        error_messages={
            "required": "Enter the e-mail address of the person",
            "invalid": "Enter an e-mail address in the right format, like name@example.nhs.uk",
        },
    )


class ErasureConfirmForm(CappedForm):
    confirm = forms.BooleanField(
        label="I have checked who this is, and their data is to be erased for good",
        error_messages={"required": "Tick the box to confirm the erasure"},
    )


class ErasureByEmailForm(PersonFindForm, ErasureConfirmForm):
    pass


class ErasureRefuseForm(CappedForm):
    reason = forms.CharField(
        label="Why the request is refused",
        help_text="We e-mail this to the person. Say which law or duty requires us to keep "
        "their data, and for how long.",
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reason: the person is told it"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason: the person is told it")
        return reason
