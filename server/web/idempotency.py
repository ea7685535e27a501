"""The Idempotency-Key header of retried requests (a kiosk's ticket and check-ins): read once,
checked, and scoped to its caller (server/domain/idempotency.py says why)."""

from __future__ import annotations

from flask import request

from server.domain.idempotency import MAX_KEY_LENGTH, caller_scope, scoped_key
from server.web.auth import current_principal
from server.web.errors import ApiError
from server.web.sign_in import client_address

HEADER = "Idempotency-Key"


def request_key() -> str | None:
    """The caller's Idempotency-Key scoped to the caller (None when the header is absent)."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    if not 1 <= len(raw) <= MAX_KEY_LENGTH:
        raise ApiError(400, "bad_request", detail=f"{HEADER} must be 1-{MAX_KEY_LENGTH} characters")
    p = current_principal()
    scope = caller_scope(p.device_id if p else None, p.user_id if p else None, client_address())
    return scoped_key(scope, raw)
