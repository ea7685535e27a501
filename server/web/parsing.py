"""Parse request bodies and query numbers into typed values; anything malformed is a 400
naming the field. Broken text, deep nesting and control characters never get this far: the
request guard (server/web/request_guard.py) refuses them for every route first."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, TypeVar

from flask import request

from server.web.errors import ApiError
from server.web.request_guard import NOT_ASCII, json_value, refusal

E = TypeVar("E", bound=Enum)
# Integer columns are 32-bit on PostgreSQL; SQLite takes 64. A larger number from a client
# used to reach the database and fail there (a 500): it is a 400 (body) or a 404 (path).
INT_MAX = 2**31 - 1
# ASCII digits only: str.isdigit() and int() also take "²", "٣" and "５".
WHOLE_NUMBER = re.compile("[0-9]{1,10}")


def reject_huge_ids(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """A URL value preprocessor: an `<int:...>` id no column can hold is an unknown object.

    (Not a converter `max`: werkzeug then answers 405 when another method's rule matches.)
    """
    for name, value in (values or {}).items():
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT_MAX:
            raise ApiError(404, "not_found", detail=f"no such {name}")


def json_body() -> dict[str, Any]:
    if not request.data:
        return {}
    if not request.is_json:
        raise ApiError(415, "bad_request", detail="send Content-Type: application/json")
    body = json_value()
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", detail="body must be a JSON object")
    return body


def ascii_int(raw: str | None) -> int | None:
    """A whole number written in ASCII digits that a column can hold, else None."""
    if raw is None or not WHOLE_NUMBER.fullmatch(raw) or int(raw) > INT_MAX:
        return None
    return int(raw)


def query_int(name: str, default: int, low: int, high: int) -> int:
    """The query parameter `name` as a whole number from `low` to `high` (absent: default)."""
    raw = request.args.get(name)
    if raw is None:
        return default
    value = ascii_int(raw)
    if value is None or not low <= value <= high:
        raise refusal(name, (f"must be a whole number from {low} to {high}; {NOT_ASCII[0]}",
                             f"须为 {low} 至 {high} 的整数，{NOT_ASCII[1]}"))  # fmt: skip
    return value


def field(body: dict[str, Any], name: str, kind: type | tuple[type, ...], required: bool = False,
          max_len: int = 200) -> Any:  # fmt: skip
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "bad_request", detail=f"{name} is required")
        return None
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ApiError(400, "bad_request", detail=f"{name} has the wrong type")
    if not isinstance(value, kind):
        raise ApiError(400, "bad_request", detail=f"{name} has the wrong type")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT_MAX:
        raise ApiError(400, "bad_request", detail=f"{name} is out of range")
    if isinstance(value, str) and len(value) > max_len:
        raise ApiError(400, "bad_request", detail=f"{name} is too long")
    return value


def enum_field(body: dict[str, Any], name: str, enum: type[E], default: E | None = None) -> E:
    raw = field(body, name, (str, int))
    if raw is None:
        if default is None:
            raise ApiError(400, "bad_request", detail=f"{name} is required")
        return default
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum)
        raise ApiError(400, "bad_request", detail=f"{name} must be one of {allowed}") from None


def reject_unknown(body: dict[str, Any], *allowed: str) -> None:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise ApiError(400, "bad_request", detail=f"unknown field {unknown[0]}")
