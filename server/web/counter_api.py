"""REST for the counter console and the rating pad: each view calls one use case."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from server.domain.rating import RatingLevel
from server.services import counter_console
from server.web.api import STAFF, runtime
from server.web.auth import actor, current_principal, require
from server.web.errors import ApiError
from server.web.parsing import enum_field, field, json_body, reject_unknown

counter_api = Blueprint("counter_api", __name__, url_prefix="/api/v1")


@counter_api.get("/windows/<int:window_id>/console")
@require(*STAFF)
def console(window_id: int) -> Any:
    """The clerk's screen: only the clerk signed in at the window, or a manager."""
    query = counter_console.ConsoleQuery(window_id, actor())
    return jsonify(runtime().read(counter_console.console_view, query))


def _own_pad(window_id: int) -> None:
    principal = current_principal()
    if principal is None or principal.window_id != window_id:
        raise ApiError(403, "forbidden")


@counter_api.get("/windows/<int:window_id>/rating")
@require("rating_pad")
def pending_rating(window_id: int) -> Any:
    """The ticket this window's pad may still ask about (after a reload or a reconnect)."""
    _own_pad(window_id)
    return jsonify(runtime().read(counter_console.pending_rating, window_id, actor().hall_id))


@counter_api.post("/windows/<int:window_id>/rating")
@require("rating_pad")
def rate(window_id: int) -> Any:
    """The pad of this window rates a ticket finished here a moment ago (办完即评)."""
    _own_pad(window_id)
    body = json_body()
    reject_unknown(body, "ticket_id", "level", "reasons")
    reasons = field(body, "reasons", list) or []
    if len(reasons) > 10 or not all(isinstance(r, str) and len(r) <= 60 for r in reasons):
        raise ApiError(400, "bad_request", detail="reasons must be up to 10 short strings")
    cmd = counter_console.PadRating(
        window_id=window_id,
        ticket_id=field(body, "ticket_id", int, required=True),
        actor=actor(),
        level=enum_field(body, "level", RatingLevel),
        reasons=tuple(reasons),
    )
    return jsonify(runtime().execute(counter_console.rate_at_window, cmd)), 201


def _doc(summary: str, body: str | None = None, status: str = "200") -> dict[str, Any]:
    error = {"description": "Error", "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/Error"}}}}  # fmt: skip
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            status: {
                "description": "OK",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Object"}}
                },
            },  # fmt: skip
            **{str(code): error for code in (400, 401, 403, 404, 409)},
        },
    }
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
            "$ref": f"#/components/schemas/{body}"}}}}  # fmt: skip
    return op


_WINDOW = [{"name": "window_id", "in": "path", "required": True, "schema": {"type": "integer"}}]

# For the lead to merge into server/web/openapi.py (paths relative to /api/v1). PadRatingBody:
# {ticket_id: integer (required), level: 1..5 (required), reasons: up to 10 strings <= 60}.
COUNTER_PATHS: dict[str, Any] = {
    "/windows/{window_id}/console": {
        "parameters": _WINDOW,
        "get": _doc("Counter console: ticket, lines, figures and the verdict on every button"),
    },
    "/windows/{window_id}/rating": {
        "parameters": _WINDOW,
        "get": _doc("The window's rating pad: the ticket it may still ask to rate"),
        "post": _doc(
            "The window's rating pad rates a ticket finished there", "PadRatingBody", "201"
        ),
    },  # fmt: skip
}
