"""Template helpers that render Django form fields with NHS.UK frontend markup."""

from collections.abc import Iterator

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.functional import LazyObject

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
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
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


@register.simple_tag
def nhs_error_summary_items(form: forms.BaseForm) -> list[tuple[str, str]]:
    """The error summary's entries as (link, message): errors about the whole form first,
    then each field's in the form's field order (the order the page shows them). A hidden
    field's error has no link: there is nothing on the page to move to."""
    items = [("", str(error)) for error in form.non_field_errors()]
    for field in form:
        link = "" if field.is_hidden else f"#{nhs_anchor_id(field)}"
        items.extend((link, str(error)) for error in field.errors)
    return items


def _forms_in(context) -> Iterator[forms.BaseForm]:
    """Every form the page was given: directly, or inside a filter set (django-filter keeps
    its form, once built, in `_form`). Lazy values (the CSRF token, the user) are skipped
    unevaluated: a form is never lazy, and evaluating the token would set a CSRF cookie
    (and `Vary: Cookie`) on every page, forms or not."""
    for value in context.flatten().values():
        if isinstance(value, LazyObject):  # decided by type(), so it does not evaluate it
            continue
        if isinstance(value, forms.BaseForm):
            yield value
        elif isinstance(getattr(value, "__dict__", None), dict):
            inner = value.__dict__.get("_form")
            if isinstance(inner, forms.BaseForm):
                yield inner


@register.simple_tag(takes_context=True)
def nhs_error_title_prefix(context) -> str:
    """The page title's prefix, "Error: ", when any form on the page has errors.
    Only forms already validated count: reading `errors` would validate the others."""
    has_errors = any(form._errors for form in _forms_in(context) if form.is_bound)
    return "Error: " if has_errors else ""
