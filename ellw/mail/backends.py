"""E-mail backends of our own, behind the outbox (ellw.mail.services):

- NotConfiguredEmailBackend, for production without EMAIL_URL: it refuses to send, so
  bodies are never printed to a log (as the console backend would) and the rows end up on
  the failed e-mails page; `check --deploy` reports the missing setting (mail.E001).
- NotifyEmailBackend, for EMAIL_URL=notify://… (ellw.mail.notify): each message goes to
  GOV.UK Notify's API through one e-mail template, its subject and plain-text body as the
  template's ((subject)) and ((body)).

A backend raises EmailRejectedError when trying again can never help (the outbox marks the
row failed at once); any other exception is temporary, and the outbox tries again later.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class EmailRejectedError(Exception):
    """The e-mail service refused this message for good (a bad address, a bad template, a
    revoked key): sending it again would be refused again."""


class EmailDeliveryError(Exception):
    """The e-mail service could not take the message now (its error, a rate limit, a
    timeout): the outbox tries again later."""


class NotConfiguredEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ImproperlyConfigured("E-mail is not configured: set EMAIL_URL.")


class NotifyEmailBackend(BaseEmailBackend):
    """GOV.UK Notify through its Python client. The outbox row's id (the message's
    `outbox_id`, set by the outbox) is Notify's `reference`, so a message in Notify's
    dashboard can be traced to its row. Reply-To addresses cannot be set per message:
    Notify uses the reply-to address its service has under NOTIFY_REPLY_TO_ID, if any.
    Each request waits at most EMAIL_TIMEOUT seconds."""

    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = getattr(settings, "NOTIFY_API_KEY", "")
        self.base_url = getattr(settings, "NOTIFY_BASE_URL", "")
        self.template_id = getattr(settings, "NOTIFY_TEMPLATE_ID", "")
        self.reply_to_id = getattr(settings, "NOTIFY_REPLY_TO_ID", "") or None
        self.timeout = settings.EMAIL_TIMEOUT
        if not (self.api_key and self.base_url and self.template_id):
            raise ImproperlyConfigured(
                "GOV.UK Notify is not configured: set EMAIL_URL to "
                "notify://<api key>@api.notifications.service.gov.uk/?template=<template id>."
            )

    def _client(self):
        # The client brings requests and PyJWT: loaded when e-mail is sent, not at start-up.
        from notifications_python_client.notifications import NotificationsAPIClient

        return NotificationsAPIClient(self.api_key, base_url=self.base_url, timeout=self.timeout)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        client = self._client()
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    self._send(client, message, address)
            except (EmailRejectedError, EmailDeliveryError):
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def _send(self, client, message, address: str) -> None:
        from notifications_python_client.errors import HTTPError, InvalidResponse

        reference = getattr(message, "outbox_id", None)
        try:
            client.send_email_notification(
                email_address=address,
                template_id=self.template_id,
                personalisation={"subject": message.subject, "body": message.body},
                reference=str(reference) if reference is not None else None,
                email_reply_to_id=self.reply_to_id,
            )
        except InvalidResponse:
            # A 2xx whose body was not JSON: Notify took the message, so it is sent (sending
            # it again would send it twice).
            logger.warning("GOV.UK Notify accepted e-mail %s with an unreadable answer", reference)
        except HTTPError as error:
            # The client reports a timeout or a refused connection as a 503.
            status = error.status_code
            text = f"GOV.UK Notify answered {status}: {_notify_message(error.message)}"
            if 400 <= status < 500 and status != 429:
                raise EmailRejectedError(text) from error
            raise EmailDeliveryError(text) from error


def _notify_message(message) -> str:
    """Notify's errors come as {"errors": [{"error": ..., "message": ...}, ...]}."""
    if isinstance(message, list):
        return "; ".join(
            str(item.get("message", item)) if isinstance(item, dict) else str(item)
            for item in message
        )
    return str(message)
