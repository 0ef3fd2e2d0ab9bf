"""Form rendering and widgets in the NHS.UK frontend style, for our forms and allauth's."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from ellw.text import MaxCharsValidator
from ellw.widget_html import widget_html


class NHSFormRenderer(TemplatesSetting):
    form_template_name = "forms/nhs_form.html"
    field_template_name = "forms/nhs_field.html"

    def render(self, template_name, context, request=None):
        # Plain inputs, textareas and selects are written in Python (the same markup as
        # Django's templates, which render three templates per input): see ellw.widget_html.
        html = widget_html(template_name, context)
        if html is not None:
            return html
        return super().render(template_name, context, request)


class NHSDateWidget(forms.MultiWidget):
    """The NHS date input: day, month and year boxes."""

    template_name = "forms/widgets/nhs_date.html"
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.parts]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (_, label, width) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            subwidget["label"] = label
            subwidget["width"] = width
        return context


class NHSDateField(forms.MultiValueField):
    widget = NHSDateWidget

    def __init__(self, **kwargs):
        label = kwargs.get("label") or "Date"
        self.date_label = str(label)
        fields = tuple(forms.CharField(required=False) for _ in NHSDateWidget.parts)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        parts = zip(NHSDateWidget.parts, data_list, strict=True)
        missing = [name for (name, _, _), value in parts if not value]
        if missing:
            raise ValidationError(f"{self.date_label} must include a {' and a '.join(missing)}")
        try:
            texts = [str(v).strip() for v in data_list]
            # A box longer than it should be is never a real date; capping it first also
            # keeps a 20-digit number away from datetime.date (OverflowError).
            if any(
                len(t) > width for t, (_, _, width) in zip(texts, NHSDateWidget.parts, strict=True)
            ):
                raise ValueError
            day, month, year = (int(t) for t in texts)
            if year < 1900:
                raise ValueError
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError(f"{self.date_label} must be a real date") from None


class WordLimitTextarea(forms.Textarea):
    """A textarea with the NHS character count in words (the limit shows without JS too)."""

    def __init__(self, max_words: int, attrs=None):
        self.max_words = max_words
        super().__init__(attrs={"rows": 6, **(attrs or {})})


def word_count(text: str) -> int:
    return len(text.split())


class MaxWordsValidator:
    def __init__(self, max_words: int, label: str):
        self.max_words = max_words
        self.label = label

    def __call__(self, value: str) -> None:
        count = word_count(value or "")
        if count > self.max_words:
            raise ValidationError(
                f"{self.label} must be {self.max_words} words or fewer (you have {count})"
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxWordsValidator) and other.max_words == self.max_words


def cap_text_field(field: forms.CharField, label: str) -> None:
    """Give a text field the character cap whose message names it, in place of Django's."""
    if field.max_length is None:
        raise ImproperlyConfigured(f"The text field {label!r} has no max_length")
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxCharsValidator(field.max_length, label))


class CharLimitsMixin:
    """Every text field of the form has a cap, and its message names it ("Full name must be
    200 characters or fewer (you have 250)"); a text field without one is a programming
    error. `char_limit_labels` names, in those messages, fields whose label is a question."""

    char_limit_labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                label = self.char_limit_labels.get(name) or str(field.label or pretty_name(name))
                cap_text_field(field, label)


class CappedForm(CharLimitsMixin, forms.Form):
    """A plain form whose text fields are capped (also the base of the queue's filter form)."""


def add_rule_errors(form: forms.Form, error: Exception) -> None:
    """Put a service's refusal on the form: on the fields it names ({"field": message}),
    the rest on the form itself. Takes a ValidationError or a rule error carrying a
    message or such a dict."""
    if not isinstance(error, ValidationError):
        error = ValidationError(error.args[0] if error.args else str(error))
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def posted(request):
    """The form data on POST (an empty POST must still show errors), else None."""
    return request.POST if request.method == "POST" else None


class ConfirmForm(forms.Form):
    """A confirmation with nothing to type: the button is the answer."""
