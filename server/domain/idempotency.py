"""Idempotent requests: an Idempotency-Key names one request of one caller.

- A key belongs to who sends it: a device (kiosk token), a signed-in user, or else the
  client address. The same key from another caller is another request, never a way to
  receive that caller's ticket and token.
- A retry asks the same thing: the key is stored with a keyed digest of what the request
  asked; the same key with another request is refused (IdempotencyKeyReused), never
  answered with the first request's result.
- Stored keys are hashes of scope and key (fixed length, and no caller's key is kept as sent).
"""

from __future__ import annotations

import hashlib
import json

from server.domain.errors import IdempotencyKeyReused

MAX_KEY_LENGTH = 80


def caller_scope(device_id: int | None, user_id: int | None, address: str) -> str:
    """Who a key belongs to: the device, else the user, else the client address."""
    if device_id is not None:
        return f"device:{device_id}"
    if user_id is not None:
        return f"user:{user_id}"
    return f"address:{address}"


def scoped_key(scope: str, key: str) -> str:
    """The key as stored (tickets.request_key): unique per hall, caller and key."""
    return hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest()


def fingerprint(kind: str, *fields: object) -> str:
    """What a request asks, as canonical text (hash it with the server's key before storing:
    it may hold an ID number)."""
    return json.dumps([kind, *fields], ensure_ascii=False, separators=(",", ":"))


def ensure_same_request(stored: str | None, digest: str) -> None:
    """A retry must carry the request its key first named (rows from before digests were
    kept have none: they are taken as the same)."""
    if stored is not None and stored != digest:
        raise IdempotencyKeyReused()
