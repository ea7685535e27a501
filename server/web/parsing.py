"""The request body as a JSON object, and ids too large for a column: the two checks that
come before a view's models (server/web/schema.py validates the fields themselves). Broken
text, deep nesting and control characters never get this far: the request guard
(server/web/request_guard.py) refuses them for every route first."""

from __future__ import annotations

from typing import Any

from flask import request

from server.web.api_error import ApiError
from server.web.request_guard import json_value

# Integer columns are 32-bit on PostgreSQL; SQLite takes 64. A larger number from a client
# used to reach the database and fail there (a 500): it is a 400 (body) or a 404 (path).
INT_MAX = 2**31 - 1


def reject_huge_ids(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """A URL value preprocessor: an `<int:...>` id no column can hold is an unknown object.

    (Not a converter `max`: werkzeug then answers 405 when another method's rule matches.)
    """
    for name, value in (values or {}).items():
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT_MAX:
            raise ApiError(404, "not_found", detail=f"no such {name}")


def json_body() -> Any:
    """The body the guard parsed ({} when none was sent); its shape is the model's to judge."""
    if not request.data:
        return {}
    if not request.is_json:
        raise ApiError(415, "bad_request", detail="send Content-Type: application/json")
    return json_value()
