"""The SP managers' internal note on an application."""

from __future__ import annotations

from django import forms

from applications.models import TEXT_MAX_CHARS
from ellw.forms import CharLimitsMixin


class NoteForm(CharLimitsMixin, forms.Form):
    char_limit_labels = {"text": "The note"}

    text = forms.CharField(
        label="Add a note",
        help_text="Only staff see notes. The applicant never does.",
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the note"},
    )
