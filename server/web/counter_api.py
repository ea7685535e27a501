"""REST for the counter console and the rating pad: each view calls one use case."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from server.services import counter_console, tickets
from server.web.api import STAFF, runtime
from server.web.api_models import PadRatingBody
from server.web.auth import actor, current_principal, require
from server.web.errors import ApiError
from server.web.responses import answers, reply
from server.web.schema import spec

counter_api = Blueprint("counter_api", __name__, url_prefix="/api/v1")


@counter_api.get("/windows/<int:window_id>/console")
@require(*STAFF)
@spec.validate(resp=answers(counter_console.CounterConsole))
def console(window_id: int) -> Any:
    """The clerk's screen: window, ticket, lines, own figures (its clerk or a manager)"""
    query = counter_console.ConsoleQuery(window_id, actor())
    return reply(runtime().read(counter_console.console_view, query))


def _own_pad(window_id: int) -> None:
    principal = current_principal()
    if principal is None or principal.window_id != window_id:
        raise ApiError(403, "forbidden")


@counter_api.get("/windows/<int:window_id>/rating")
@require("rating_pad")
@spec.validate(resp=answers(counter_console.PendingRating))
def pending_rating(window_id: int) -> Any:
    """The ticket this window's rating pad may ask about (after a reload or a reconnect)"""
    _own_pad(window_id)
    return reply(runtime().read(counter_console.pending_rating, window_id, actor().hall_id))


@counter_api.post("/windows/<int:window_id>/rating")
@require("rating_pad")
@spec.validate(resp=answers(tickets.RatingGiven, 201))
def rate(window_id: int, json: PadRatingBody) -> Any:
    """The window's rating pad rates a ticket finished there a moment ago (办完即评)"""
    _own_pad(window_id)
    cmd = counter_console.PadRating(
        window_id=window_id,
        ticket_id=json.ticket_id,
        actor=actor(),
        level=json.level,
        reasons=tuple(json.reasons or ()),
    )
    return reply(runtime().execute(counter_console.rate_at_window, cmd), 201)
