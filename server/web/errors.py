"""One error mapping: every typed error becomes JSON with its code and zh/en message."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, jsonify
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from config.errors import ConfigError
from server.domain.errors import DomainError
from server.i18n import both
from server.web.api_error import ApiError
from server.web.request_guard import TOO_LARGE, install_request_guard, refusal
from server.web.status import status_of

__all__ = ["ApiError", "error_body", "install_error_handlers"]

log = logging.getLogger(__name__)
# What an echoed value may not carry into a message: control characters are shown escaped,
# and a lone surrogate (which no UTF-8 response can hold) too, so rendering never fails.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
ECHO_MAX = 300


def echoed(value: str) -> str:
    """A value as an error may quote it: escaped where unprintable, cut when long."""
    text = UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    return text if len(text) <= ECHO_MAX else f"{text[:ECHO_MAX]}…"


def error_body(code: str, params: dict[str, Any]) -> dict[str, Any]:
    safe = {
        k: echoed(v) if isinstance(v, str) else v
        for k, v in params.items()
        if isinstance(v, str | int | float | bool | None)
    }
    return {"error": {"code": code, "message": both(f"error.{code}", **safe), "params": safe}}


def install_error_handlers(app: Flask) -> None:
    """The error mapping, and the request guard that refuses malformed input before views."""
    install_request_guard(app)

    @app.errorhandler(DomainError)
    def _domain(e: DomainError) -> Any:
        response = jsonify(error_body(e.code, e.params))
        if e.code == "storage_busy":  # nothing was written: the client may simply retry
            response.headers["Retry-After"] = "1"
        return response, status_of(e)

    @app.errorhandler(OperationalError)
    def _storage(e: OperationalError) -> Any:
        # The database locked or out of reach outside a use case (signing a device or user
        # in reads it first): the same typed, retryable answer as inside one, not a 500.
        log.warning("storage unavailable: %s", e)
        response = jsonify(error_body("storage_busy", {}))
        response.headers["Retry-After"] = "1"
        return response, 503

    @app.errorhandler(ApiError)
    def _api(e: ApiError) -> Any:
        return jsonify(error_body(e.code, e.params)), e.status

    @app.errorhandler(ConfigError)
    def _config(e: ConfigError) -> Any:
        return jsonify(error_body("bad_request", {"detail": str(e)})), 400

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException) -> Any:
        if e.code == 413:  # a body over the limit that werkzeug refused as it read it
            return _api(refusal("body", TOO_LARGE, 413))
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found"}.get(e.code or 500)
        body = error_body(code or "bad_request", {"detail": e.description or e.name})
        return jsonify(body), e.code or 500

    @app.errorhandler(Exception)
    def _unexpected(e: Exception) -> Any:
        log.exception("unhandled error")
        return jsonify(error_body("server", {})), 500
