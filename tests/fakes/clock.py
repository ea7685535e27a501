"""Time and the keyed ID hash passed into use cases: a Context built from a fixed clock."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from server.services.context import Context

# Monday 2026-11-23 10:00 in Shanghai: the example hall is open (as tests/server uses).
OPEN_MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def id_hash(secret: str = "test-secret") -> Callable[[str], str]:
    """A keyed hash of an ID number (HMAC-SHA256), as the runtime's, with a test key."""
    key = hashlib.sha256(b"onewindow-id:" + secret.encode()).digest()
    return lambda id_number: hmac.new(key, id_number.encode(), hashlib.sha256).hexdigest()


def fixed_context(now: datetime, secret: str = "test-secret") -> Context:
    """The context of one use case run at `now` (aware)."""
    if now.tzinfo is None:
        raise ValueError("use cases take aware datetimes")
    return Context(now=now, hash_id=id_hash(secret))


class FixedClock:
    """Stands still until told: `advance(minutes=...)`; `context()` for the next use case."""

    def __init__(self, start: datetime = OPEN_MONDAY, secret: str = "test-secret") -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start
        self.secret = secret

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, at: datetime) -> None:
        self._now = at

    def context(self) -> Context:
        return fixed_context(self._now, self.secret)
