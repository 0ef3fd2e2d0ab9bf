"""An e-mail backend for production without EMAIL_URL: it refuses to send, so bodies are
never printed to a log (as the console backend would) and the rows end up on the failed
e-mails page; `check --deploy` reports the missing setting (mail.E001)."""

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend


class NotConfiguredEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ImproperlyConfigured("E-mail is not configured: set EMAIL_URL.")
