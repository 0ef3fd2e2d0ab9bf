"""Encryption at rest for secrets the service must keep readable (outbox bodies, TOTP seeds).

One mechanism for every such column: Fernet (AES-128-CBC + HMAC-SHA256) under keys that live
in the environment, never in the database. `ENCRYPTION_KEYS` lists keys newest first, so a
key can be rotated: the first encrypts, every one is tried to decrypt. Without it the key is
derived from SECRET_KEY (production demands SECRET_KEY, so a database dump alone is useless).
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "enc1:"


class DecryptionError(ValueError):
    """The value was encrypted under a key we no longer hold, or was tampered with."""


def _fernet_key(secret: str) -> bytes:
    """A Fernet key from any secret string (a ready Fernet key is used as it is)."""
    try:
        if len(base64.urlsafe_b64decode(secret.encode())) == 32:
            return secret.encode()
    except (ValueError, TypeError):
        pass
    digest = hashlib.sha256(("ellw.crypto:" + secret).encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def _current() -> MultiFernet:
    keys = tuple(settings.ELLW_ENCRYPTION_KEYS) or (settings.SECRET_KEY,)
    return _fernet(keys)


def encrypt(plaintext: str) -> str:
    """Encrypt text for storage; "" stays "" (nothing to hide)."""
    if not plaintext:
        return ""
    return PREFIX + _current().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    """The text that `encrypt` stored. Raises DecryptionError if no key opens it."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise DecryptionError("The value is not encrypted.")
    try:
        return _current().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("No configured key opens this value.") from exc


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)
