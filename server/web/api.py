"""REST API /api/v1: each view parses, calls one use case, renders JSON.

Bodies and answers are the models of server/web/api_models.py; spectree checks them
(server/web/schema.py) and the OpenAPI document is generated from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app

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
from server.services.views import (
    AnyTicketView,
    IssuedTicket,
    TicketView,
    WaitingTicketView,
    WindowView,
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
from server.web.responses import answers, reply
from server.web.runtime import Runtime
from server.web.schema import PUBLIC, CsrfHeaders, IdempotencyHeaders, spec

api = Blueprint("api", __name__, url_prefix="/api/v1")
STAFF = tuple(STAFF_ROLES)
HALL_READERS = (*STAFF, "kiosk", "display", "counter")
ACTION_ERRORS = (400, 401, 403, 404, 409, 429)
PUBLIC_ERRORS = (400, 403, 404, 409, 422, 429)


def runtime() -> Runtime:
    found: Runtime = current_app.extensions["onewindow"]
    return found


@dataclass(frozen=True, slots=True)
class SignedOut:
    """The session is over."""

    ok: bool


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: a user or a device, its role, hall, name and window (if any)."""

    kind: str
    role: str
    hall: str | None
    name: str
    window_id: int | None


@api.post("/auth/login")
@spec.validate(headers=CsrfHeaders, resp=answers(SignedIn, errors=(400, 401, 403, 429)),
               security=PUBLIC)  # fmt: skip
def login(json: Login) -> Any:
    """Sign in a user (answers the session's new CSRF token)"""
    return reply(SignedIn(**sign_in(json.username, json.password)))


@api.post("/auth/logout")
@spec.validate(headers=CsrfHeaders, resp=answers(SignedOut, errors=(400, 403, 429)),
               security=PUBLIC)  # fmt: skip
def logout() -> Any:
    """Sign out"""
    end_session()
    return reply(SignedOut(ok=True))


@api.get("/auth/csrf")
@spec.validate(resp=answers(CsrfToken), security=PUBLIC)
def csrf() -> Any:
    """The session's CSRF token (before sign-in: the sign-in form's), for X-CSRF-Token."""
    return reply(CsrfToken(csrf_token()))


@api.get("/auth/me")
@require(*STAFF, "kiosk", "display", "counter", "rating_pad")
@spec.validate(resp=answers(Caller))
def me() -> Any:
    """Who is calling"""
    p = current_principal()
    assert p is not None
    return reply(Caller(p.kind, p.role, p.hall_id, p.name, p.window_id))


@api.get("/halls/<hall_id>/catalogue")
@require(*HALL_READERS)
@spec.validate(resp=answers(snapshot.HallCatalogue))
def hall_catalogue(hall_id: str) -> Any:
    """Services and windows"""
    return reply(runtime().read(snapshot.catalogue, hall_id))


@api.get("/halls/<hall_id>/queues")
@require(*HALL_READERS)
@spec.validate(resp=answers(snapshot.QueueLengths))
def hall_queues(hall_id: str) -> Any:
    """Lines: waiting and estimates"""
    return reply(runtime().read(snapshot.queues, hall_id))


@api.get("/halls/<hall_id>/snapshot")
@require(*STAFF, "display")
@spec.validate(resp=answers(snapshot.HallSnapshot))
def hall_snapshot(hall_id: str) -> Any:
    """Everything a display shows"""
    return reply(runtime().read(snapshot.hall_snapshot, hall_id))


@api.post("/halls/<hall_id>/tickets")
@require(*STAFF, "kiosk")
@spec.validate(headers=IdempotencyHeaders,
               resp=answers(IssuedTicket, 201, (400, 401, 403, 404, 409, 422, 429)))  # fmt: skip
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
    return reply(runtime().execute(tickets.issue_ticket, cmd), 201)


@api.get("/tickets/<token>")
@spec.validate(resp=answers(AnyTicketView), security=PUBLIC)
def ticket_status(token: str) -> Any:
    """A ticket's state and place (public: anyone holding its unguessable token)"""
    return reply(runtime().read(tickets.ticket_status, token), shape=AnyTicketView)


def _ticket_command(token: str) -> TicketCommand:
    p = current_principal()
    if p is None or p.role not in (*STAFF, "kiosk"):
        raise ApiError(401 if p is None else 403, "unauthorized" if p is None else "forbidden")
    return TicketCommand(token, actor())


@api.post("/tickets/<token>/rejoin")
@spec.validate(resp=answers(WaitingTicketView))
def rejoin(token: str) -> Any:
    """Rejoin after a no-show"""
    return reply(runtime().execute(tickets.rejoin, _ticket_command(token)))


@api.post("/tickets/<token>/cancel")
@spec.validate(resp=answers(TicketView))
def cancel(token: str) -> Any:
    """Cancel a ticket"""
    return reply(runtime().execute(tickets.cancel, _ticket_command(token)), shape=TicketView)


@api.post("/tickets/<token>/rating")
@limit_public
@spec.validate(resp=answers(tickets.RatingGiven, 201), security=PUBLIC)
def rate(token: str, json: RateBody) -> Any:
    """Rate a finished ticket (the token holder's phone, or a rating pad)"""
    p = current_principal()
    who = actor() if p else Actor(role="citizen", hall_id=None)
    cmd = Rate(token, who, json.level, tuple(json.reasons or ()))
    return reply(runtime().execute(tickets.rate, cmd), 201)


# -- window actions: one route each, so each has its own body in the document
SIMPLE_ACTIONS: dict[str, tuple[Callable[..., Any], type, str]] = {
    "sign-in": (windows.sign_in, WindowView, "Sign the clerk in to the window (opens it)"),
    "sign-out": (windows.sign_out, WindowView, "Sign out and close the window"),
    "resume": (windows.resume, WindowView, "Resume a paused window"),
    "open": (windows.open_window, WindowView, "Open the window"),
    "close": (windows.close_window, WindowView, "Close the window"),
    "call-next": (counter.call_next, TicketView, "Call the next ticket by the routing policy"),
    "recall": (counter.recall, TicketView, "Call the current ticket again"),
    "start": (counter.start, TicketView, "Start serving the current ticket"),
    "no-show": (counter.mark_no_show, TicketView, "Mark the current ticket a no-show (过号)"),
}


def _simple_action(action: str, handler: Callable[..., Any], shape: type, summary: str) -> Any:
    def view(window_id: int, json: WindowBody) -> Any:
        cmd = WindowCommand(window_id, actor(), json.ticket_id)
        return reply(runtime().execute(handler, cmd), shape=shape)

    view.__name__ = f"window_{action.replace('-', '_')}"
    view.__doc__ = summary
    return require(*STAFF)(spec.validate(resp=answers(shape, errors=ACTION_ERRORS))(view))


for _action, (_handler, _shape, _summary) in SIMPLE_ACTIONS.items():
    _view = _simple_action(_action, _handler, _shape, _summary)
    api.add_url_rule(f"/windows/<int:window_id>/{_action}", _view.__name__, _view,
                     methods=["POST"])  # fmt: skip


@api.post("/windows/<int:window_id>/finish")
@require(*STAFF)
@spec.validate(resp=answers(counter.FinishedTicket, errors=ACTION_ERRORS))
def finish(window_id: int, json: FinishBody) -> Any:
    """Finish the current ticket with an outcome"""
    cmd = Finish(window_id, actor(), json.ticket_id, outcome=json.outcome or Outcome.DONE)
    return reply(runtime().execute(counter.finish, cmd))


@api.post("/windows/<int:window_id>/pause")
@require(*STAFF)
@spec.validate(resp=answers(WindowView, errors=ACTION_ERRORS))
def pause(window_id: int, json: PauseBody) -> Any:
    """Pause the window with a reason"""
    cmd = Pause(window_id, actor(), json.ticket_id, reason=json.reason or "")
    return reply(runtime().execute(windows.pause, cmd))


@api.post("/windows/<int:window_id>/transfer")
@require(*STAFF)
@spec.validate(resp=answers(counter.TransferredTicket, errors=ACTION_ERRORS))
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
    return reply(runtime().execute(counter.transfer, cmd))


@api.get("/windows/<int:window_id>/snapshot")
@require(*STAFF, "counter")
@spec.validate(resp=answers(snapshot.WindowSnapshot))
def window_snapshot(window_id: int) -> Any:
    """What a counter shows"""
    return reply(runtime().read(snapshot.window_snapshot, window_id, actor().hall_id))
