"""Rate limits of the public phone pages (requests per client address and minute), and the
429 answer of every limit. Counted by a use case (server/services/public_requests.py) in the
database, so every server process sees the same. Sign-in has its own guard
(server/services/sign_in.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, jsonify

from server.domain.limits import RateLimited
from server.services.public_requests import count_public_request
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
    runtime.execute(count_public_request, hall_id, client_address())


def install_limit_errors(app: Flask) -> None:
    """Every limit answers 429 with its typed message and a Retry-After header."""

    @app.errorhandler(RateLimited)
    def _limited(e: RateLimited) -> Any:
        response = jsonify(error_body(e.code, e.params))
        response.headers["Retry-After"] = str(int(e.params.get("retry_after") or 60))
        return response, status_of(e)
