"""The caller's address, which the sign-in guard (server/services/sign_in.py) and the public
limits (server/services/public_requests.py) count by."""

from __future__ import annotations

from flask import request


def client_address() -> str:
    """The caller's address (behind a trusted proxy, ProxyFix has put the real one here)."""
    return (request.remote_addr or "unknown")[:64]
