"""Who, from where and in which request: auditlog's middleware, with the client address
decided here and the request id by ellw.observability.RequestIdMiddleware."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings


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
    """Sets, for every row auditlog writes while the request runs, the signed-in person
    and the client address; the request id (auditlog's correlation id, AUDITLOG_CID_GETTER)
    is RequestIdMiddleware's, which also sends it back in the response's X-Request-ID
    header, so a complaint about a request can be found in the trail."""

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
