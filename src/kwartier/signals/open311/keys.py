"""Keys of outside Open311 apps: made once, shown once, kept only as a SHA-256 hash.

A key is 43 random URL-safe characters (256 bits), so a plain hash is enough: there is
nothing to guess that a slow hash would protect. Its first eight characters are kept in
the clear, so that the beheerder can tell keys apart in the admin and revoke one.
"""

from __future__ import annotations

import hashlib
import secrets

from ..models import ApiKey

KEY_LENGTH_MAX = 100  # longer input is no key of ours, and is not hashed


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(name: str, organisation=None) -> tuple[ApiKey, str]:
    """A new key for the app `name`: the stored record and the key itself (never stored)."""
    key = secrets.token_urlsafe(32)
    record = ApiKey.objects.create(
        name=name, prefix=key[:8], key_hash=digest(key), organisation=organisation
    )
    return record, key


def active(key: str) -> ApiKey | None:
    """The key's record when it is known and not revoked, else None."""
    if not key or len(key) > KEY_LENGTH_MAX:
        return None
    return ApiKey.objects.filter(key_hash=digest(key), revoked_at__isnull=True).first()
