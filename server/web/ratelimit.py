"""Rate limits of the public phone pages (requests per client address and minute), and the
429 answer of every limit. Counts live in the database (server/adapters/limits_store.py), so
every server process sees the same. Sign-in has its own guard (server/web/sign_in.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, jsonify

from server.adapters import limits_store as store
from server.domain.limits import (
    RateLimited,
    ensure_within,
    window_of,
)
from server.web.auth import current_principal
from server.web.errors import error_body
from server.web.sign_in import client_address
from server.web.status import status_of

F = TypeVar("F", bound=Callable[..., Any])


def limit_public(view: F) -> F:
    """Count a public request per client address and minute (callers with a device token or
    a staff session are not counted: kiosks have their own limit)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_principal() is None:
            _count_public(kwargs.get("hall_id"))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _count_public(hall_id: str | None) -> None:
    runtime = current_app.extensions["onewindow"]
    now = runtime.clock.now()
    minute = window_of(now, 60)
    hall = (hall_id or "*")[:60]
    with runtime.engine.begin() as conn:
        limit = store.load_hall_limits(conn, hall).public_requests_per_minute
        address = runtime.hash_id(f"address:{client_address()}")  # keyed: no address stored
        count = store.hit(conn, "public", f"{hall}:{address}", minute)
        ensure_within(count, limit, RateLimited, retry_after=minute.seconds_left(now))


def install_limit_errors(app: Flask) -> None:
    """Every limit answers 429 with its typed message and a Retry-After header."""

    @app.errorhandler(RateLimited)
    def _limited(e: RateLimited) -> Any:
        response = jsonify(error_body(e.code, e.params))
        response.headers["Retry-After"] = str(int(e.params.get("retry_after") or 60))
        return response, status_of(e)
