"""Use cases at a counter: call next, recall, start, finish, no-show, transfer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from server.domain.catalogue import Window
from server.domain.errors import (
    CallTooSoon,
    ConcurrentUpdate,
    IllegalMove,
    QueueEmpty,
    UnknownService,
    UnknownWindow,
    WindowBusy,
)
from server.domain.routing import choose_next
from server.domain.ticket import Ticket, TicketStatus
from server.services import cases, views
from server.services.commands import Finish, Transfer, WindowCommand
from server.services.context import Context
from server.services.events import TicketChanged
from server.services.hall_state import HallState, record_service_time
from server.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class AcceptedCase:
    """The case (办件) a promised matter became when the window accepted it."""

    number: str
    deadline: str
    status: str


@dataclass(frozen=True, slots=True)
class FinishedTicket(views.TicketView):
    """A ticket just finished, with the case it opened (null: none, e.g. an instant matter)."""

    case: AcceptedCase | None


@dataclass(frozen=True, slots=True)
class TransferredTicket(views.TicketView):
    """A ticket just sent to another service or window, with the clerk's note (staff only)."""

    note: str


def _at_window(
    cmd: WindowCommand, uow: UnitOfWork, ctx: Context, picks: bool = False
) -> tuple[HallState, Window]:
    window = uow.windows.get(cmd.window_id)
    window.ensure_operated_by(cmd.actor.user_id, cmd.actor.is_manager)
    if cmd.actor.hall_id not in (None, window.hall_id):
        raise UnknownWindow(window=cmd.window_id)
    if picks:  # about to pick from the line: take turns with the hall's other windows
        uow.serialise_calls(window.hall_id)
    state = HallState.load(uow, window.hall_id, ctx.now)
    return state, state.adopt(window)


def _current(state: HallState, window_id: int, cmd: WindowCommand) -> Ticket:
    current = state.current(window_id)
    if current is None:
        raise IllegalMove(action="act", state="idle")
    if cmd.ticket_id is not None and cmd.ticket_id != current.id:
        raise IllegalMove(action="act", state="stale", number=current.number)
    return current


def _announce(
    kind: str,
    state: HallState,
    ticket: Ticket,
    uow: UnitOfWork,
    view: views.TicketView | None = None,
) -> views.TicketView:
    """Save the ticket and announce its view (by default, the plain ticket view); the
    publisher tells who may read what."""
    uow.tickets.save(ticket)
    view = state.ticket_view(ticket) if view is None else view
    uow.collect(TicketChanged(kind, state.hall.id, view, view.window, ticket.token))
    return view


def call_next(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> views.TicketView:
    """Call the ticket the routing policy picks for this window."""
    state, window = _at_window(cmd, uow, ctx, picks=True)
    window.ensure_open()
    guard = timedelta(seconds=state.hall.rules.call_guard_seconds)
    since_last = None if window.last_called_at is None else ctx.now - window.last_called_at
    if since_last is not None and timedelta(0) <= since_last < guard:  # < 0: clock stepped back
        raise CallTooSoon(window=window.number)
    busy = state.current(window.id)
    if busy is not None:
        raise WindowBusy(window=window.number, number=busy.number)
    policy = state.hall.rules.routing
    choice = choose_next(window, state.candidates_for(window), state.services, policy, ctx.now)
    if choice is None:
        raise QueueEmpty(window=window.number)
    ticket = uow.tickets.get(choice.ticket_id)
    if ticket.status is not TicketStatus.WAITING:
        # Another window called it after we read the line (PostgreSQL read committed): retry.
        raise ConcurrentUpdate()
    ticket.call(window.id, ctx.now, cmd.actor.user_id)
    state.seat(window.id, ticket)
    window.last_called_at = ctx.now
    uow.windows.save(window)
    view = _announce("called", state, ticket, uow)
    uow.collect(state.window_changed(window))
    uow.collect(state.lines_stale())
    return view


def recall(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> views.TicketView:
    state, window = _at_window(cmd, uow, ctx)
    ticket = _current(state, window.id, cmd)
    ticket.recall(state.hall.rules.recall_limit, ctx.now, cmd.actor.user_id)
    return _announce("recalled", state, ticket, uow)


def start(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> views.TicketView:
    state, window = _at_window(cmd, uow, ctx)
    ticket = _current(state, window.id, cmd)
    ticket.start(ctx.now, cmd.actor.user_id)
    view = _announce("serving", state, ticket, uow)
    uow.collect(state.window_changed(window))
    return view


def finish(cmd: Finish, uow: UnitOfWork, ctx: Context) -> FinishedTicket:
    state, window = _at_window(cmd, uow, ctx)
    ticket = _current(state, window.id, cmd)
    ticket.finish(cmd.outcome, ctx.now, cmd.actor.user_id)
    record_service_time(uow, ticket)
    case = cases.open_case_for(ticket, state, uow, ctx, cmd.actor.user_id)
    accepted = None
    if case is not None:
        accepted = AcceptedCase(case["number"], case["deadline"], case["status"])
    view = FinishedTicket(**views.ticket_fields(state.ticket_view(ticket)), case=accepted)
    _announce("done", state, ticket, uow, view)
    uow.collect(state.window_changed(window))
    return view


def mark_no_show(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> views.TicketView:
    state, window = _at_window(cmd, uow, ctx)
    ticket = _current(state, window.id, cmd)
    ticket.mark_no_show(ctx.now, cmd.actor.user_id)
    view = _announce("no_show", state, ticket, uow)
    uow.collect(state.window_changed(window))
    return view


def transfer(cmd: Transfer, uow: UnitOfWork, ctx: Context) -> TransferredTicket:
    """Send the current ticket to another service or a named window; it keeps its number."""
    state, window = _at_window(cmd, uow, ctx)
    ticket = _current(state, window.id, cmd)
    if cmd.to_service is None and cmd.to_window_id is None:
        raise IllegalMove(action="transfer", state="no_target")
    if cmd.to_service is not None and cmd.to_service not in state.services:
        raise UnknownService(service=cmd.to_service)
    if cmd.to_window_id is not None and state.window(cmd.to_window_id) is None:
        raise UnknownWindow(window=cmd.to_window_id)
    keep = state.hall.rules.transfer_keeps_place if cmd.keep_place is None else cmd.keep_place
    ticket.transfer(
        ctx.now,
        service_code=cmd.to_service,
        window_id=cmd.to_window_id,
        keep_place=keep,
        actor_id=cmd.actor.user_id,
        note=cmd.note,
    )
    # The note is internal (clerks write names and phone numbers in it): staff rooms only.
    view = TransferredTicket(**views.ticket_fields(state.ticket_view(ticket)), note=cmd.note)
    _announce("transferred", state, ticket, uow, view)
    uow.collect(state.window_changed(window))
    uow.collect(state.lines_stale())
    return view
