"""An Idempotency-Key as the server keeps it (tickets.request_key): hashed with its caller.

For tests that look a kiosk's request up in the database by the key it sent.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from server.adapters import tables
from server.adapters.accounts import token_digest
from server.domain.idempotency import scoped_key


def device_id(engine: Engine, token: str) -> int:
    d = tables.devices.c
    with engine.connect() as conn:
        found = conn.execute(select(d.id).where(d.token_hash == token_digest(token)))
        return int(found.scalar_one())


def stored_key(engine: Engine, token: str, key: str) -> str:
    """What tickets.request_key holds for `key` sent with this device token."""
    return scoped_key(f"device:{device_id(engine, token)}", key)
