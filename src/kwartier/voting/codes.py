"""One-time vote codes: generation, normalisation of what a resident types, hashing.

Pure: no Django imports. A code is 12 characters from a 32-letter alphabet without
look-alikes (no 0/O, 1/I/L), printed in three groups of four: about 59 bits of
chance, so even with ten thousand codes out a guess hits one with a chance of about
1 in 2^46, far beyond what the rate limit allows. Only a keyed hash (HMAC-SHA256) is
stored; the code itself exists in the letter and in the resident's hands.
"""

import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 letters: no 0/O, 1/I/L
CODE_LENGTH = 12
GROUP = 4


def new_code() -> str:
    """A fresh code in print form, e.g. "7KQ2-M9XD-4TNB"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(typed: str) -> str | None:
    """The code as typed (any case, spaces or dashes) in canonical form, or None when it
    cannot be a code at all (wrong length or a character outside the alphabet)."""
    compact = "".join(ch for ch in (typed or "").upper() if ch not in " -.\t")
    if len(compact) != CODE_LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def code_hash(code: str, key: str) -> str:
    """The stored form of a normalised code: HMAC-SHA256 with the site's secret key, so a
    copy of the database alone does not allow testing guesses offline."""
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()
