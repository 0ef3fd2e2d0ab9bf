"""Certificate codes: 11 random Crockford base32 characters and a check character (Luhn
mod 32), shown in three groups of four: "7K2M-9QXD-4HR8".

55 random bits make a code unguessable (the verification page is rate-limited too); the
check character catches any single mistyped character and most swapped neighbours before
a look-up. Crockford's alphabet leaves out I, L, O and U, and reading a code back forgives
the usual slips: lower case, O for 0, I or L for 1, spaces or missing hyphens.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_FORGIVEN = str.maketrans({"O": "0", "I": "1", "L": "1"})
RANDOM_LENGTH = 11
CODE_LENGTH = RANDOM_LENGTH + 1


def _check_character(body: str) -> str:
    """Luhn mod N over the alphabet (N = 32)."""
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * _VALUE[char]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def certificate_code_new() -> str:
    """A new code, canonical (no hyphens)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _check_character(body)


def certificate_code_normalise(typed: str) -> str | None:
    """The canonical code for what someone typed or scanned, or None if it cannot be a
    certificate code (wrong length, a character outside the alphabet, a failed check)."""
    code = "".join(typed.split()).replace("-", "").upper().translate(_FORGIVEN)
    if len(code) != CODE_LENGTH or any(c not in _VALUE for c in code):
        return None
    if _check_character(code[:-1]) != code[-1]:
        return None
    return code


def certificate_code_display(code: str) -> str:
    """Grouped for reading aloud and typing: XXXX-XXXX-XXXX."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
