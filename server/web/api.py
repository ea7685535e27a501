"""REST API /api/v1: each view parses, calls one use case, renders JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

from server.domain.rating import RatingLevel
from server.domain.ticket import Outcome, Priority
from server.services import counter, snapshot, tickets, windows
from server.services.commands import (
    STAFF_ROLES,
    Actor,
    Finish,
    IssueTicket,
    Pause,
    Rate,
    TicketCommand,
    Transfer,
    WindowCommand,
)
from server.web.auth import actor, current_principal, require, sign_in
from server.web.csrf import csrf_token, end_session
from server.web.errors import ApiError
from server.web.idempotency import request_key
from server.web.parsing import enum_field, field, json_body, reject_unknown
from server.web.ratelimit import limit_public
from server.web.runtime import Runtime

api = Blueprint("api", __name__, url_prefix="/api/v1")
STAFF = tuple(STAFF_ROLES)
HALL_READERS = (*STAFF, "kiosk", "display", "counter")


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


@api.post("/auth/login")
def login() -> Any:
    body = json_body()
    reject_unknown(body, "username", "password")
    username = field(body, "username", str, required=True, max_len=60)
    password = field(body, "password", str, required=True, max_len=200)
    return jsonify(sign_in(username, password))


@api.post("/auth/logout")
def logout() -> Any:
    end_session()
    return jsonify({"ok": True})


@api.get("/auth/csrf")
def csrf() -> Any:
    """The session's CSRF token (before sign-in: the sign-in form's), for X-CSRF-Token."""
    return jsonify({"csrf_token": csrf_token()})


@api.get("/auth/me")
@require(*STAFF, "kiosk", "display", "counter", "rating_pad")
def me() -> Any:
    p = current_principal()
    assert p is not None
    return jsonify({"kind": p.kind, "role": p.role, "hall": p.hall_id, "name": p.name,
                    "window_id": p.window_id})  # fmt: skip


@api.get("/halls/<hall_id>/catalogue")
@require(*HALL_READERS)
def hall_catalogue(hall_id: str) -> Any:
    return jsonify(runtime().read(snapshot.catalogue, hall_id))


@api.get("/halls/<hall_id>/queues")
@require(*HALL_READERS)
def hall_queues(hall_id: str) -> Any:
    return jsonify(runtime().read(snapshot.queues, hall_id))


@api.get("/halls/<hall_id>/snapshot")
@require(*STAFF, "display")
def hall_snapshot(hall_id: str) -> Any:
    return jsonify(runtime().read(snapshot.hall_snapshot, hall_id))


@api.post("/halls/<hall_id>/tickets")
@require(*STAFF, "kiosk")
def issue(hall_id: str) -> Any:
    body = json_body()
    reject_unknown(body, "service", "priority", "id_number", "name")
    cmd = IssueTicket(
        hall_id=hall_id,
        service_code=field(body, "service", str, required=True, max_len=40),
        actor=actor(),
        priority=enum_field(body, "priority", Priority, Priority.NORMAL),
        id_number=field(body, "id_number", str, max_len=18),
        name=field(body, "name", str, max_len=60),
        request_key=request_key(),
    )
    return jsonify(runtime().execute(tickets.issue_ticket, cmd)), 201


@api.get("/tickets/<token>")
def ticket_status(token: str) -> Any:
    """Public: anyone holding the ticket's unguessable token may see its state."""
    return jsonify(runtime().read(tickets.ticket_status, token))


def _ticket_command(token: str) -> TicketCommand:
    p = current_principal()
    if p is None or p.role not in (*STAFF, "kiosk"):
        raise ApiError(401 if p is None else 403, "unauthorized" if p is None else "forbidden")
    return TicketCommand(token, actor())


@api.post("/tickets/<token>/rejoin")
def rejoin(token: str) -> Any:
    return jsonify(runtime().execute(tickets.rejoin, _ticket_command(token)))


@api.post("/tickets/<token>/cancel")
def cancel(token: str) -> Any:
    return jsonify(runtime().execute(tickets.cancel, _ticket_command(token)))


@api.post("/tickets/<token>/rating")
@limit_public
def rate(token: str) -> Any:
    """Public to the token holder (the citizen's phone) and to rating pads."""
    body = json_body()
    reject_unknown(body, "level", "reasons")
    reasons = field(body, "reasons", list) or []
    if len(reasons) > 10 or not all(isinstance(r, str) and len(r) <= 60 for r in reasons):
        raise ApiError(400, "bad_request", detail="reasons must be up to 10 short strings")
    p = current_principal()
    who = actor() if p else Actor(role="citizen", hall_id=None)
    cmd = Rate(token, who, enum_field(body, "level", RatingLevel), tuple(reasons))
    return jsonify(runtime().execute(tickets.rate, cmd)), 201


def _window_command(window_id: int, body: dict[str, Any], *extra: str) -> dict[str, Any]:
    reject_unknown(body, "ticket_id", *extra)
    return {"window_id": window_id, "actor": actor(), "ticket_id": field(body, "ticket_id", int)}


SIMPLE_ACTIONS = {
    "sign-in": windows.sign_in,
    "sign-out": windows.sign_out,
    "resume": windows.resume,
    "open": windows.open_window,
    "close": windows.close_window,
    "call-next": counter.call_next,
    "recall": counter.recall,
    "start": counter.start,
    "no-show": counter.mark_no_show,
}


@api.post("/windows/<int:window_id>/<action>")
@require(*STAFF)
def window_action(window_id: int, action: str) -> Any:
    body = json_body()
    if action in SIMPLE_ACTIONS:
        cmd: WindowCommand = WindowCommand(**_window_command(window_id, body))
        return jsonify(runtime().execute(SIMPLE_ACTIONS[action], cmd))
    if action == "finish":
        base = _window_command(window_id, body, "outcome")
        cmd = Finish(**base, outcome=enum_field(body, "outcome", Outcome, Outcome.DONE))
        return jsonify(runtime().execute(counter.finish, cmd))
    if action == "pause":
        base = _window_command(window_id, body, "reason")
        cmd = Pause(**base, reason=field(body, "reason", str, max_len=100) or "")
        return jsonify(runtime().execute(windows.pause, cmd))
    if action == "transfer":
        base = _window_command(window_id, body, "service", "window_id", "keep_place", "note")
        cmd = Transfer(
            **base,
            to_service=field(body, "service", str, max_len=40),
            to_window_id=field(body, "window_id", int),
            keep_place=field(body, "keep_place", bool),
            note=field(body, "note", str, max_len=200) or "",
        )
        return jsonify(runtime().execute(counter.transfer, cmd))
    raise ApiError(404, "not_found", detail=f"no window action {action}")


@api.get("/windows/<int:window_id>/snapshot")
@require(*STAFF, "counter")
def window_snapshot(window_id: int) -> Any:
    return jsonify(runtime().read(snapshot.window_snapshot, window_id, actor().hall_id))
