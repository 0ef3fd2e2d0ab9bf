"""Secret links, one mechanism for every kind: endorsement links, calendar feeds,
testimonial requests and alumni updates.

A link's token is derived from a stored random nonce under a key that is not in the
database (SECRET_KEY via salted_hmac) and signed, so a tampered token is refused before any
query. Only the nonce and the token's SHA-256 are stored: the database alone, or anyone
reading the admin, holds no working link. A new nonce makes the old link stop working.

The links people open from an e-mail (endorsement, testimonial request, alumni update) also
share what a link is worth (LinkState, link_state, link_problem_status: 404 for a link we
never issued, 410 for one that no longer works) and the swap of the token for a token-free
address (link_session_keep / link_session_token, link_no_referrer).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ellw import crypto

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class LinkKeys:
    """What to store for a new link: its nonce and the hash of its token."""

    nonce: str
    token_hash: str


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def raw_token(salt: str, nonce: str) -> str:
    return salted_hmac(salt, nonce, algorithm="sha256").hexdigest()


def link_keys_new(salt: str) -> LinkKeys:
    nonce = secrets.token_urlsafe(32)
    return LinkKeys(nonce=nonce, token_hash=token_hash(raw_token(salt, nonce)))


def link_token(salt: str, nonce: str) -> str:
    """The token that goes in the URL for this nonce."""
    return signing.Signer(salt=salt).sign(raw_token(salt, nonce))


def link_token_hash(salt: str, token: str) -> str | None:
    """The stored hash a token from a URL should match, or None if it was tampered with."""
    try:
        raw = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    return token_hash(raw)


# --- what a link is worth ------------------------------------------------------------------


class LinkState(models.TextChoices):
    """Why a link works or not, as the person who opened it is told."""

    VALID = "valid", "Valid"
    TAMPERED = "tampered", "Not a valid link"
    SUPERSEDED = "superseded", "Replaced by a newer link"
    USED = "used", "Already used"
    EXPIRED = "expired", "Expired"


def link_find(queryset: QuerySet[M], salt: str, token: str) -> M | None:
    """The row whose stored hash matches this token (its `token_hash`), or None: a token
    that was tampered with, or never issued. A bad signature costs no query."""
    hashed = link_token_hash(salt, token)
    if hashed is None:
        return None
    return queryset.filter(token_hash=hashed).first()


def link_state(
    *,
    used_at: datetime.datetime | None,
    expires_at: datetime.datetime,
    superseded_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> LinkState:
    """A found link's state from its row's timestamps. Used wins (the answer was given,
    whatever happened after), then superseded, then expired: a link stops working at the
    very moment it expires."""
    if used_at is not None:
        return LinkState.USED
    if superseded_at is not None:
        return LinkState.SUPERSEDED
    if expires_at <= (now or timezone.now()):
        return LinkState.EXPIRED
    return LinkState.VALID


def link_problem_status(state: str) -> int:
    """The status of the page explaining a link that does not work: a link we never
    issued is not found (404); one we issued that no longer works is gone (410)."""
    if state == LinkState.VALID:
        raise ValueError("A valid link has no problem to explain.")
    return 404 if state == LinkState.TAMPERED else 410


# --- the token leaves the address after the first request ---------------------------------
#
# A working link is kept in the browser's session and swapped at once for a token-free
# address (as Django's PasswordResetConfirmView does), so the token appears in one request
# only: not in the address bar, later access-log lines or any Referer. The session keeps the
# links opened in this browser by kind and row pk, each token encrypted (ellw.crypto) so the
# session table holds no working link. Each link keeps its own entry and address, so a
# person with several links can have one tab per link; the oldest give way beyond
# LINK_SESSION_LINKS.

LINK_SESSION_LINKS = 10


def link_session_key(kind: str) -> str:
    """The session key holding the links of one kind ("endorsement" → "endorsement_links")."""
    return f"{kind}_links"


def link_session_keep(request: HttpRequest, kind: str, pk: int, token: str) -> None:
    key = link_session_key(kind)
    links = dict(request.session.get(key, {}))
    links.pop(str(pk), None)
    links[str(pk)] = crypto.encrypt(token)
    request.session[key] = dict(list(links.items())[-LINK_SESSION_LINKS:])


def link_session_token(request: HttpRequest, kind: str, pk: int) -> str | None:
    """The token of the link of this kind for row `pk` opened in this browser, or None."""
    stored = request.session.get(link_session_key(kind), {}).get(str(pk))
    if not stored:
        return None
    try:
        return crypto.decrypt(stored)
    except crypto.DecryptionError:
        return None


def link_opened(
    request: HttpRequest,
    *,
    state: str,
    kind: str,
    pk: int | None,
    token: str,
    to: str,
    problem: Callable[[], HttpResponse],
) -> HttpResponse:
    """The response to a link's own address (the one in the e-mail): a working link is kept
    in this browser's session and swapped for the token-free page `to` (a URL name taking
    the row's pk); any other gets `problem()`, keeps nothing and changes nothing. Either way
    the address held the token, so it is never passed on as a Referer."""
    if state == LinkState.VALID:
        link_session_keep(request, kind, pk, token)
        response = redirect(to, pk=pk)
    else:
        response = problem()
    return link_no_referrer(response)


def link_no_referrer(response: HttpResponse) -> HttpResponse:
    """For the response to the address that holds the token: never pass it on as a Referer."""
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- retention: a link's keys are erased some time after it stopped working ----------------
#
# A link that stopped working (used, replaced or expired) keeps its nonce and hash for a
# while, so someone opening an old e-mail is told "already used" or "expired" (410) rather
# than "not a valid link" (404). After ELLW_RETENTION_LINK_DAYS both are erased: the row and
# what it brought (an endorsement, a testimonial, an update) stay, no token can ever match it
# again, and a reminder or resend can no longer rebuild the old link.

LINK_ERASED_HASH_PREFIX = "erased-"


def links_past_retention(
    now: datetime.datetime,
    *,
    expires_field: str,
    ended_fields: tuple[str, ...] = (),
    nonce_field: str = "link_nonce",
) -> models.Q:
    """Links whose keys are still stored and that stopped working at least
    ELLW_RETENTION_LINK_DAYS before `now`: expired then, or used or replaced then (each of
    `ended_fields` a time it stopped)."""
    cutoff = now - datetime.timedelta(days=settings.ELLW_RETENTION_LINK_DAYS)
    stopped = models.Q(**{f"{expires_field}__lte": cutoff})
    for field in ended_fields:
        stopped |= models.Q(**{f"{field}__lte": cutoff})
    return stopped & ~models.Q(**{nonce_field: ""})


def links_erase(
    queryset: QuerySet,
    *,
    nonce_field: str = "link_nonce",
    hash_field: str = "token_hash",
    unique_hash: bool = False,
) -> int:
    """Erase the keys of these links; returns how many were erased. The nonce goes (the token
    cannot be derived again) and so does the hash (no token finds the row). A hash column
    that must stay unique gets "erased-<pk>", which no SHA-256 hex digest can equal."""
    erased_hash = (
        Concat(models.Value(LINK_ERASED_HASH_PREFIX), Cast("pk", models.CharField()))
        if unique_hash
        else models.Value("")
    )
    return queryset.exclude(**{nonce_field: ""}).update(
        **{nonce_field: "", hash_field: erased_hash}
    )
