"""System checks for e-mail delivery (registered in MailConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

# Backends that deliver nothing: they print bodies to the log, keep them in memory, drop
# them or refuse them. Fine for the demo and tests; in production they mean EMAIL_URL is unset.
NON_DELIVERING_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "ellw.mail.backends.NotConfiguredEmailBackend",
    }
)


def check_email_backend(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Deploy check: with DEBUG off, e-mail must really leave (and never go to a log)."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in NON_DELIVERING_BACKENDS:
        return []
    return [
        Error(
            f"E-mail is not delivered: EMAIL_BACKEND is {settings.EMAIL_BACKEND}.",
            hint=(
                "Set EMAIL_URL to your mail server, e.g. smtp+tls://user:password@host:587, "
                "or to GOV.UK Notify: notify://<api key>@api.notifications.service.gov.uk/"
                "?template=<template id>."
            ),
            id="mail.E001",
        )
    ]


def check_stale_claim_outlasts_sends(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A claim must outlive any live send, or a slow send is released and sent twice."""
    longest = max(settings.ELLW_OUTBOX_SEND_TIME_LIMIT, settings.ELLW_OUTBOX_RESEND_TIME_LIMIT)
    stale = settings.ELLW_OUTBOX_STALE_CLAIM_SECONDS
    if stale >= 2 * longest:
        return []
    return [
        Error(
            f"ELLW_OUTBOX_STALE_CLAIM_SECONDS ({stale}) must "
            f"be at least twice the longest outbox task time limit ({longest} s).",
            hint="A claim released while its send is still running sends the e-mail twice.",
            id="mail.E002",
        )
    ]
