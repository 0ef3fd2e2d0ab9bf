"""Template helpers that render Django form fields with NHS.UK frontend markup."""

from django import forms, template
from django.forms.boundfield import BoundField

from ellw.forms import NHSDateWidget, WordLimitTextarea

register = template.Library()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def nhs_field_kind(field: BoundField) -> str:
    """Which NHS pattern the field follows: a single checkbox, a set of choices, or an input."""
    widget = field.field.widget
    if isinstance(widget, NHSDateWidget):
        return "date"
    if isinstance(widget, WordLimitTextarea):
        return "words"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    return "input"


@register.filter
def nhs_anchor_id(field: BoundField) -> str:
    """The id an error-summary link should point at (the first option for choices)."""
    if isinstance(field.field.widget, (*CHOICE_WIDGETS, forms.MultiWidget)):
        return f"{field.auto_id}_0"
    return field.auto_id


def _describedby(field: BoundField) -> str:
    ids = []
    if isinstance(field.field.widget, WordLimitTextarea):
        ids.append(f"{field.auto_id}-info")
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def nhs_widget(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, NHSDateWidget):
        return field.as_widget(attrs={"error": bool(field.errors)})
    if isinstance(widget, WordLimitTextarea):
        base = "nhsuk-textarea nhsuk-js-character-count"
    elif isinstance(widget, forms.Textarea):
        base = "nhsuk-textarea"
    elif isinstance(widget, forms.Select):
        base = "nhsuk-select"
    elif isinstance(widget, forms.CheckboxInput):
        base = "nhsuk-checkboxes__input"
    else:
        base = "nhsuk-input"
    classes = [base]
    if field.errors and base != "nhsuk-checkboxes__input":
        classes.append(f"{base.split()[0]}--error")
    if widget.attrs.get("class"):
        classes.append(widget.attrs["class"])
    attrs = {"class": " ".join(classes)}
    describedby = _describedby(field)
    if describedby:
        attrs["aria-describedby"] = describedby
    return field.as_widget(attrs=attrs)


@register.filter
def nhs_describedby(field: BoundField) -> str:
    return _describedby(field)
