"""Django's commonest widget templates written as Python, for the form renderer's speed.

Django renders an <input> through three templates (text.html, input.html, attrs.html) and
a <select> through two more per <option>; on a form page that was most of the rendering
time (docs/performance.md). Each function here returns the markup those templates give,
character for character and escaped the same way, from the same widget context.
tests/ellw/test_form_rendering.py compares them with the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

Widget = dict[str, Any]
DEFAULT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, bare ` name` for True, none for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def input_html(widget: Widget) -> str:
    """input.html (and text.html, email.html, checkbox.html… which only include it)."""
    value = widget["value"]
    value_attr = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value_attr}{_attrs(widget["attrs"])}>'
    )


def textarea_html(widget: Widget) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


def select_html(widget: Widget) -> str | None:
    """select.html with select_option.html; None when an option has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != DEFAULT_OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_templates() -> dict[str, Callable[[Widget], str | None]]:
    names = ("input", "text", "email", "tel", "url", "number", "password", "hidden", "search")
    return {f"django/forms/widgets/{name}.html": input_html for name in (*names, "checkbox")}


# Django's template name → the function that writes the same markup.
WIDGET_HTML: dict[str, Callable[[Widget], str | None]] = {
    **_input_templates(),
    "django/forms/widgets/textarea.html": textarea_html,
    "django/forms/widgets/select.html": select_html,
}


def widget_html(template_name: str, context: dict[str, Any]) -> SafeString | None:
    """The widget's markup, or None when Django's template must render it."""
    write = WIDGET_HTML.get(template_name)
    if write is None or "widget" not in context:
        return None
    html = write(context["widget"])
    return None if html is None else mark_safe(html)
