"""Secret links, one mechanism for every kind: endorsement links, calendar feeds, and later
testimonial requests and alumni updates.

A link's token is derived from a stored random nonce under a key that is not in the
database (SECRET_KEY via salted_hmac) and signed, so a tampered token is refused before any
query. Only the nonce and the token's SHA-256 are stored: the database alone, or anyone
reading the admin, holds no working link. A new nonce makes the old link stop working.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import salted_hmac


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
