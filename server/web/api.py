"""REST API /api/v1: each view parses, calls one use case, renders JSON.

Bodies and answers are the models of server/web/api_models.py; spectree checks them
(server/web/schema.py) and the OpenAPI document is generated from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from flask import Blueprint, current_app, jsonify

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
from server.web.api_models import (
    CsrfToken,
    FinishBody,
    IssueBody,
    Login,
    PauseBody,
    RateBody,
    SignedIn,
    TransferBody,
    WindowBody,
)
from server.web.auth import actor, current_principal, require, sign_in
from server.web.csrf import csrf_token, end_session
from server.web.errors import ApiError
from server.web.idempotency import request_key
from server.web.ratelimit import limit_public
from server.web.responses import Ticket, answers
from server.web.runtime import Runtime
from server.web.schema import PUBLIC, CsrfHeaders, IdempotencyHeaders, spec

api = Blueprint("api", __name__, url_prefix="/api/v1")
STAFF = tuple(STAFF_ROLES)
HALL_READERS = (*STAFF, "kiosk", "display", "counter")
ACTION_ERRORS = (400, 401, 403, 404, 409, 429)
PUBLIC_ERRORS = (400, 403, 404, 409, 422, 429)


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


@api.post("/auth/login")
@spec.validate(headers=CsrfHeaders, resp=answers(SignedIn, errors=(400, 401, 403, 429)),
               security=PUBLIC)  # fmt: skip
def login(json: Login) -> Any:
    """Sign in a user (answers the session's new CSRF token)"""
    return jsonify(sign_in(json.username, json.password))


@api.post("/auth/logout")
@spec.validate(headers=CsrfHeaders, resp=answers(errors=(400, 403, 429)), security=PUBLIC)
def logout() -> Any:
    """Sign out"""
    end_session()
    return jsonify({"ok": True})


@api.get("/auth/csrf")
@spec.validate(resp=answers(CsrfToken), security=PUBLIC)
def csrf() -> Any:
    """The session's CSRF token (before sign-in: the sign-in form's), for X-CSRF-Token."""
    return jsonify({"csrf_token": csrf_token()})


@api.get("/auth/me")
@require(*STAFF, "kiosk", "display", "counter", "rating_pad")
@spec.validate(resp=answers())
def me() -> Any:
    """Who is calling"""
    p = current_principal()
    assert p is not None
    return jsonify({"kind": p.kind, "role": p.role, "hall": p.hall_id, "name": p.name,
                    "window_id": p.window_id})  # fmt: skip


@api.get("/halls/<hall_id>/catalogue")
@require(*HALL_READERS)
@spec.validate(resp=answers())
def hall_catalogue(hall_id: str) -> Any:
    """Services and windows"""
    return jsonify(runtime().read(snapshot.catalogue, hall_id))


@api.get("/halls/<hall_id>/queues")
@require(*HALL_READERS)
@spec.validate(resp=answers())
def hall_queues(hall_id: str) -> Any:
    """Lines: waiting and estimates"""
    return jsonify(runtime().read(snapshot.queues, hall_id))


@api.get("/halls/<hall_id>/snapshot")
@require(*STAFF, "display")
@spec.validate(resp=answers())
def hall_snapshot(hall_id: str) -> Any:
    """Everything a display shows"""
    return jsonify(runtime().read(snapshot.hall_snapshot, hall_id))


@api.post("/halls/<hall_id>/tickets")
@require(*STAFF, "kiosk")
@spec.validate(headers=IdempotencyHeaders,
               resp=answers(Ticket, 201, (400, 401, 403, 404, 409, 422, 429)))  # fmt: skip
def issue(hall_id: str, json: IssueBody) -> Any:
    """Take a number"""
    cmd = IssueTicket(
        hall_id=hall_id,
        service_code=json.service,
        actor=actor(),
        priority=json.priority or Priority.NORMAL,
        id_number=json.id_number,
        name=json.name,
        request_key=request_key(),
    )
    return jsonify(asdict(runtime().execute(tickets.issue_ticket, cmd))), 201


@api.get("/tickets/<token>")
@spec.validate(resp=answers(Ticket), security=PUBLIC)
def ticket_status(token: str) -> Any:
    """A ticket's state and place (public: anyone holding its unguessable token)"""
    return jsonify(runtime().read(tickets.ticket_status, token))


def _ticket_command(token: str) -> TicketCommand:
    p = current_principal()
    if p is None or p.role not in (*STAFF, "kiosk"):
        raise ApiError(401 if p is None else 403, "unauthorized" if p is None else "forbidden")
    return TicketCommand(token, actor())


@api.post("/tickets/<token>/rejoin")
@spec.validate(resp=answers(Ticket))
def rejoin(token: str) -> Any:
    """Rejoin after a no-show"""
    return jsonify(runtime().execute(tickets.rejoin, _ticket_command(token)))


@api.post("/tickets/<token>/cancel")
@spec.validate(resp=answers(Ticket))
def cancel(token: str) -> Any:
    """Cancel a ticket"""
    return jsonify(runtime().execute(tickets.cancel, _ticket_command(token)))


@api.post("/tickets/<token>/rating")
@limit_public
@spec.validate(resp=answers(status=201), security=PUBLIC)
def rate(token: str, json: RateBody) -> Any:
    """Rate a finished ticket (the token holder's phone, or a rating pad)"""
    p = current_principal()
    who = actor() if p else Actor(role="citizen", hall_id=None)
    cmd = Rate(token, who, json.level, tuple(json.reasons or ()))
    return jsonify(runtime().execute(tickets.rate, cmd)), 201


# -- window actions: one route each, so each has its own body in the document
SIMPLE_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "sign-in": (windows.sign_in, "Sign the clerk in to the window (opens it)"),
    "sign-out": (windows.sign_out, "Sign out and close the window"),
    "resume": (windows.resume, "Resume a paused window"),
    "open": (windows.open_window, "Open the window"),
    "close": (windows.close_window, "Close the window"),
    "call-next": (counter.call_next, "Call the next ticket by the routing policy"),
    "recall": (counter.recall, "Call the current ticket again"),
    "start": (counter.start, "Start serving the current ticket"),
    "no-show": (counter.mark_no_show, "Mark the current ticket a no-show (过号)"),
}


def _simple_action(action: str, handler: Callable[..., Any], summary: str) -> Any:
    def view(window_id: int, json: WindowBody) -> Any:
        cmd = WindowCommand(window_id, actor(), json.ticket_id)
        return jsonify(runtime().execute(handler, cmd))

    view.__name__ = f"window_{action.replace('-', '_')}"
    view.__doc__ = summary
    return require(*STAFF)(spec.validate(resp=answers(errors=ACTION_ERRORS))(view))


for _action, (_handler, _summary) in SIMPLE_ACTIONS.items():
    _view = _simple_action(_action, _handler, _summary)
    api.add_url_rule(f"/windows/<int:window_id>/{_action}", _view.__name__, _view,
                     methods=["POST"])  # fmt: skip


@api.post("/windows/<int:window_id>/finish")
@require(*STAFF)
@spec.validate(resp=answers(errors=ACTION_ERRORS))
def finish(window_id: int, json: FinishBody) -> Any:
    """Finish the current ticket with an outcome"""
    cmd = Finish(window_id, actor(), json.ticket_id, outcome=json.outcome or Outcome.DONE)
    return jsonify(runtime().execute(counter.finish, cmd))


@api.post("/windows/<int:window_id>/pause")
@require(*STAFF)
@spec.validate(resp=answers(errors=ACTION_ERRORS))
def pause(window_id: int, json: PauseBody) -> Any:
    """Pause the window with a reason"""
    cmd = Pause(window_id, actor(), json.ticket_id, reason=json.reason or "")
    return jsonify(runtime().execute(windows.pause, cmd))


@api.post("/windows/<int:window_id>/transfer")
@require(*STAFF)
@spec.validate(resp=answers(errors=ACTION_ERRORS))
def transfer(window_id: int, json: TransferBody) -> Any:
    """Transfer the current ticket to a service or window"""
    cmd = Transfer(
        window_id,
        actor(),
        json.ticket_id,
        to_service=json.service,
        to_window_id=json.window_id,
        keep_place=json.keep_place,
        note=json.note or "",
    )
    return jsonify(runtime().execute(counter.transfer, cmd))


@api.get("/windows/<int:window_id>/snapshot")
@require(*STAFF, "counter")
@spec.validate(resp=answers())
def window_snapshot(window_id: int) -> Any:
    """What a counter shows"""
    return jsonify(runtime().read(snapshot.window_snapshot, window_id, actor().hall_id))
