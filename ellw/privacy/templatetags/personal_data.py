"""Showing a copy of someone's data as a page: each record's keys as labels, its values as
text people read (dates in UK form, yes/no, lists joined)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def field_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


@register.filter
def field_value(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {field_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(field_value(v) for v in value)
    return str(value)
