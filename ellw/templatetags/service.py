"""Who runs the service, for e-mails (rendered without a request, so no context processor),
and how long the service keeps each kind of data, for the privacy notices."""

from django import template
from django.conf import settings

from ellw.retention import selectors as retention_selectors

register = template.Library()


@register.simple_tag
def contact_email() -> str:
    return settings.ELLW_CONTACT["email"]


@register.simple_tag
def contact_name() -> str:
    return settings.ELLW_CONTACT["name"]


@register.simple_tag
def retention_periods() -> dict[str, str]:
    """`{% retention_periods as periods %}`: the retention periods, from the settings the
    purge reads."""
    return retention_selectors.retention_periods()
