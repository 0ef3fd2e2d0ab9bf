"""Who runs the service, for e-mails (rendered without a request, so no context processor)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def contact_email() -> str:
    return settings.ELLW_CONTACT["email"]


@register.simple_tag
def contact_name() -> str:
    return settings.ELLW_CONTACT["name"]
