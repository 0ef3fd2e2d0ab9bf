"""Who, from where and in which request: auditlog's middleware, with the request id and the
client address decided here."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings

REQUEST_ID_HEADER = "X-Request-ID"
# A request id the proxy sends is used only if it looks like one (nginx's $request_id is
# 32 hex digits); anything else is replaced, so a client cannot write into the trail.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

_current_request_id: ContextVar[str | None] = ContextVar("ellw_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served (auditlog's correlation id); None outside one."""
    return _current_request_id.get()


def client_address(request) -> str | None:
    """The client's address as the nearest trusted proxy reports it: with
    TRUSTED_PROXY_COUNT proxies in front, the address that many entries from the right of
    X-Forwarded-For; with none, the connection's own. (The left end is whatever the client
    chose to send.)"""
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count] or None
    return request.META.get("REMOTE_ADDR") or None


class AuditMiddleware(AuditlogMiddleware):
    """Sets, for every row auditlog writes while the request runs, the signed-in person,
    the client address and the request id; the id goes back in the response's
    X-Request-ID header so a complaint about a request can be found in the trail."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    @staticmethod
    def _get_actor(request):
        # Only staff are named in the trail; a person acting on their own data is recorded
        # against their own record, without their name or address.
        from ellw.accounts.rules import must_use_mfa

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_use_mfa(user):
            return user
        return None

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        trusted = settings.ALLAUTH_TRUSTED_PROXY_COUNT and _REQUEST_ID.fullmatch(offered)
        request.request_id = offered if trusted else uuid.uuid4().hex
        token = _current_request_id.set(request.request_id)
        try:
            response = super().__call__(request)
        finally:
            _current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response
