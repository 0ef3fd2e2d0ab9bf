"""Error reporting to Sentry, on when SENTRY_DSN is set (ellw/settings/base.py calls
`sentry_init`), for the web and the Celery workers alike.

What may leave the service is decided twice. The SDK is told to collect no personal data
(its `data_collection`: no user details, cookies, request bodies, query strings, database
query values nor local variables) and `sentry_event_scrub` then goes over every event
before it is sent: it drops cookies, the Authorization and Cookie headers, query strings
and posted data, keeps only the account's id of the user, and replaces, in every text of
the event, the secret token of a link's path (endorsement, calendar feed, alumni update,
testimonial request, allauth's e-mail confirmation and password reset) and any e-mail
address.
"""

from __future__ import annotations

import re
from typing import Any

FILTERED = "[Filtered]"
EMAIL_REPLACEMENT = "[email]"

# The paths whose last part is a credential (ellw/urls.py, evaluation/urls/alumni.py and
# testimonials.py, allauth's account URLs). The negative look-aheads keep the token-free
# pages beside them (endorse/review/<id>/, alumni/update/<id>/, testimonials/write/<id>/).
# A path counts where a path can start: at the beginning of a text, after a host, a space,
# a quote, a bracket or an equals sign (not /staff/evaluation/alumni/…).
_TOKEN_PATH = re.compile(
    r"(?P<before>^|(?<=[\s\"'(\[<=])|(?:https?:)?//[^/\s\"'<>]+)"
    r"(?P<prefix>/endorse/(?!review/)"
    r"|/calendar/"
    r"|/alumni/(?!update/)"
    r"|/testimonials/(?!write/)"
    r"|/accounts/confirm-email/"
    r"|/accounts/password/reset/key/(?!done/))"
    r"(?P<token>[^/?#\s\"'<>]+)"
)
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_DROPPED_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-csrftoken"})


def _token_filtered(match: re.Match) -> str:
    token = match["token"]
    # A calendar feed's address ends in .ics, which is not part of its token.
    suffix = ".ics" if match["prefix"] == "/calendar/" and token.endswith(".ics") else ""
    return f"{match['before']}{match['prefix']}{FILTERED}{suffix}"


def text_scrub(text: str) -> str:
    """The text with link tokens in paths and e-mail addresses replaced."""
    return _EMAIL.sub(EMAIL_REPLACEMENT, _TOKEN_PATH.sub(_token_filtered, text))


def _scrub_everything(value: Any) -> Any:
    if isinstance(value, str):
        return text_scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_everything(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_everything(item) for item in value]
    return value


def _url_without_query(url: Any) -> Any:
    return url.split("?", 1)[0].split("#", 1)[0] if isinstance(url, str) else url


def sentry_event_scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict:
    """before_send: the event with nothing personal left."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        request["url"] = _url_without_query(request.get("url"))
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: _url_without_query(value) if name.lower() == "referer" else value
                for name, value in headers.items()
                if name.lower() not in _DROPPED_HEADERS
            }
    user = event.get("user")
    if isinstance(user, dict):
        if user.get("id") is not None:
            event["user"] = {"id": user["id"]}
        else:
            event.pop("user")
    return _scrub_everything(event)


def sentry_span_scrub(span: dict[str, Any], hint: dict[str, Any] | None = None) -> dict:
    """before_send_span (only with traces on): a span's texts scrubbed the same way."""
    return _scrub_everything(span)


# What the SDK collects at all (sentry-sdk 3's data_collection): nothing that names a person
# or carries a secret. (Its send_default_pii=False and include_local_variables=False.)
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {
        "request": {"mode": "denylist", "terms": sorted(_DROPPED_HEADERS)},
    },
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "stack_frame_variables": False,
    "gen_ai": {"inputs": False, "outputs": False},
    "mcp": {"inputs": False, "outputs": False},
}


def sentry_init(
    *,
    dsn: str,
    environment: str = "",
    release: str = "",
    traces_sample_rate: float | None = None,
    **options: Any,
) -> None:
    """Start the SDK with the Django and Celery integrations. Traces are off unless a
    sample rate is given. (`options` is for tests: a transport that sends nothing.)"""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        data_collection=DATA_COLLECTION,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=sentry_event_scrub,
        before_send_span=sentry_span_scrub,
        **options,
    )
