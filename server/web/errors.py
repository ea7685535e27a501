"""One error mapping: every typed error becomes JSON with its code and zh/en message."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from config.errors import ConfigError
from server.domain.errors import DomainError
from server.i18n import both

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, **params: Any) -> None:
        self.status, self.code, self.params = status, code, params
        super().__init__(code)


def error_body(code: str, params: dict[str, Any]) -> dict[str, Any]:
    safe = {k: v for k, v in params.items() if isinstance(v, str | int | float | bool | None)}
    return {"error": {"code": code, "message": both(f"error.{code}", **safe), "params": safe}}


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(e: DomainError) -> Any:
        response = jsonify(error_body(e.code, e.params))
        if e.code == "storage_busy":  # nothing was written: the client may simply retry
            response.headers["Retry-After"] = "1"
        return response, e.status

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
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found"}.get(e.code or 500)
        body = error_body(code or "bad_request", {"detail": e.description or e.name})
        return jsonify(body), e.code or 500

    @app.errorhandler(Exception)
    def _unexpected(e: Exception) -> Any:
        log.exception("unhandled error")
        return jsonify(error_body("server", {})), 500
