"""GOV.UK Notify as the way e-mail leaves, chosen by EMAIL_URL (read by the settings, so it
imports nothing of Django's):

    notify://<api key>@api.notifications.service.gov.uk/?template=<template id>
    notify://<api key>@api.notifications.service.gov.uk/?template=<id>&reply_to=<id>
    notify+http://<api key>@127.0.0.1:<port>/?template=<id>     (loopback only: tests)

The API key is Notify's own, `{key name}-{service id}-{secret}` (the last two are UUIDs).
Notify sends only through templates: one e-mail template whose subject is ((subject)) and
whose body is ((body)) carries every message. `reply_to` is the id of a reply-to address
set up in the Notify service (optional).
"""

from __future__ import annotations

import ipaddress
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = {"notify": "https", "notify+http": "http"}


class NotifyURLError(ValueError):
    """EMAIL_URL names Notify but does not say enough, or says it wrongly."""


def notify_url_is(url: str) -> bool:
    """Whether EMAIL_URL names GOV.UK Notify (any other URL is django-environ's to read)."""
    return url.partition("://")[0].lower() in SCHEMES


def _uuid(value: str, what: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise NotifyURLError(f"EMAIL_URL: the {what} is not a UUID.") from None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def notify_url_parse(url: str) -> dict[str, str]:
    """The settings a `notify://` EMAIL_URL stands for: NOTIFY_API_KEY, NOTIFY_BASE_URL,
    NOTIFY_TEMPLATE_ID and NOTIFY_REPLY_TO_ID ("" for none). Raises NotifyURLError, whose
    message never repeats the key."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise NotifyURLError("EMAIL_URL: not a notify:// URL.")
    # Everything before the last @: a key name may hold characters a URL's user name would not.
    api_key = unquote(parts.netloc.rpartition("@")[0])
    # {key name}-{service id}-{secret}: the client reads the last 73 characters.
    if len(api_key) < 74 or api_key[-74] != "-" or api_key[-37] != "-":
        raise NotifyURLError(
            "EMAIL_URL: the API key must be Notify's whole key, "
            "{key name}-{service id}-{secret}, before the @."
        )
    _uuid(api_key[-73:-37], "service id in the API key")
    _uuid(api_key[-36:], "secret in the API key")
    host = parts.hostname or ""
    if not host:
        raise NotifyURLError("EMAIL_URL: Notify's host is missing after the @.")
    if scheme == "notify+http" and not _loopback(host):
        # An API key in clear text goes nowhere but this machine.
        raise NotifyURLError("EMAIL_URL: notify+http:// is for a loopback address only.")
    if parts.path not in ("", "/"):
        raise NotifyURLError("EMAIL_URL: Notify's URL takes no path (the API's own is used).")
    query = parse_qs(parts.query)
    unknown = set(query) - {"template", "reply_to"}
    if unknown:
        raise NotifyURLError(f"EMAIL_URL: unknown option(s) {', '.join(sorted(unknown))}.")
    template = query.get("template", [""])[-1]
    if not template:
        raise NotifyURLError("EMAIL_URL: ?template=<Notify e-mail template id> is missing.")
    reply_to = query.get("reply_to", [""])[-1]
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if ":" in host:
        netloc = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
    return {
        "NOTIFY_API_KEY": api_key,
        "NOTIFY_BASE_URL": f"{SCHEMES[scheme]}://{netloc}",
        "NOTIFY_TEMPLATE_ID": _uuid(template, "template id"),
        "NOTIFY_REPLY_TO_ID": _uuid(reply_to, "reply_to id") if reply_to else "",
    }
