"""Forms on the SP managers' pages: a decision's message to the applicant, internal notes."""

from django import forms


class DecisionForm(forms.Form):
    message = forms.CharField(
        label="Message to the applicant (optional)",
        help_text="We add it to the e-mail that tells them the decision.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        help_text="Only staff see notes. The applicant never does.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the note"},
    )
