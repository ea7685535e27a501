"""Use cases of the counter console and the rating pad at a window.

`console_view` is everything the clerk's screen shows, with the server's verdict on every
button; `rate_at_window` lets the rating pad of a window rate a ticket just finished
there, through the one rating use case (so a bad rating opens its follow-up as anywhere else).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from server.domain.catalogue import Window
from server.domain.errors import RatingExpired, UnknownTicket, UnknownWindow
from server.domain.rating import RatingLevel
from server.domain.routing import choose_next
from server.domain.ticket import Ticket, TicketStatus
from server.services import tickets, views
from server.services.commands import Actor, Rate
from server.services.context import Context
from server.services.counter_buttons import buttons
from server.services.hall_state import HallState
from server.services.unit_of_work import UnitOfWork

RATE_WITHIN_MINUTES = 10  # 办完即评: the pad offers a rating right after the finish, not later


@dataclass(frozen=True)
class ConsoleQuery:
    window_id: int
    actor: Actor


@dataclass(frozen=True)
class PadRating:
    window_id: int
    ticket_id: int
    actor: Actor
    level: RatingLevel
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _seconds(later: datetime | None, earlier: datetime | None) -> int | None:
    if later is None or earlier is None:
        return None
    return max(0, round((later - earlier).total_seconds()))  # < 0: the clock stepped back


def _current_view(state: HallState, ticket: Ticket, uow: UnitOfWork) -> dict[str, Any]:
    assert ticket.id is not None
    now = state.now
    return {
        **asdict(state.ticket_view(ticket)),
        "waited_seconds": _seconds(ticket.called_at or now, ticket.issued_at),
        "since_issued_seconds": _seconds(now, ticket.issued_at),
        "since_called_seconds": _seconds(now, ticket.called_at),
        "serving_seconds": _seconds(now, ticket.serving_at),
        "recall_limit": state.hall.rules.recall_limit,
        "notes": uow.counter_reads.ticket_notes(ticket.id),
        "identity_checks": uow.counter_reads.identity_checks(ticket.id),
    }


def _directed(state: HallState, window: Window) -> list[dict[str, Any]]:
    mine = [
        t
        for t in state.waiting_tickets
        if t.status is TicketStatus.WAITING and t.target_window_id == window.id
    ]
    return [
        {**asdict(views.ticket_view(t, state.services.get(t.service_code))),
         "waited_seconds": _seconds(state.now, t.issued_at)}
        for t in sorted(mine, key=lambda t: (t.queue_at, t.id or 0))
    ]  # fmt: skip


def _alerts(
    uow: UnitOfWork, state: HallState, window: Window, current: Ticket | None
) -> list[dict[str, Any]]:
    subjects = {f"window:{window.id}"} | ({f"ticket:{current.id}"} if current else set())
    return [views.alert_view(a) for a in uow.alerts.active(state.hall.id) if a.subject in subjects]


def _targets(state: HallState, window: Window) -> dict[str, Any]:
    """Where the clerk may transfer a ticket: any service, any other window of the hall."""
    return {
        "services": [asdict(views.service_ref(s, s.code)) for s in state.services.values()],
        "windows": [
            {**asdict(views.window_ref(w)), "state": w.state.value}
            for w in state.windows
            if w.id != window.id
        ],
    }


def console_view(cmd: ConsoleQuery, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """The counter console of one window: ticket, lines, tickets sent here, figures, buttons."""
    window = uow.windows.get(cmd.window_id)
    if cmd.actor.hall_id not in (None, window.hall_id):
        raise UnknownWindow(window=cmd.window_id)
    window.ensure_operated_by(cmd.actor.user_id, cmd.actor.is_manager)
    state = HallState.load(uow, window.hall_id, ctx.now)
    window = state.adopt(window)
    current = state.current(window.id)
    policy = state.hall.rules.routing
    candidates = state.candidates_for(window)
    has_next = choose_next(window, candidates, state.services, policy, ctx.now) is not None
    clerk = window.clerk_id or cmd.actor.user_id
    return {
        "at": ctx.now.isoformat(),
        "window": asdict(state.window_view(window)),
        "current": None if current is None else _current_view(state, current, uow),
        "lines": [asdict(line) for line in state.lines() if line.code in window.services],
        "directed": _directed(state, window),
        "alerts": _alerts(uow, state, window, current),
        "figures": None
        if clerk is None
        else uow.counter_reads.clerk_day(state.hall.id, state.day, clerk),
        "buttons": buttons(window, current, has_next, state.hall.rules.recall_limit),
        "targets": _targets(state, window),
    }


def rate_at_window(cmd: PadRating, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """Rate, from the window's pad, a ticket finished at this window a moment ago."""
    ticket = uow.tickets.get(cmd.ticket_id)
    if ticket.window_id != cmd.window_id or cmd.actor.hall_id not in (None, ticket.hall_id):
        raise UnknownTicket(ticket=cmd.ticket_id)  # the pad learns nothing of other windows
    limit = timedelta(minutes=RATE_WITHIN_MINUTES)
    if ticket.finished_at is not None and ctx.now - ticket.finished_at > limit:
        raise RatingExpired(number=ticket.number, minutes=RATE_WITHIN_MINUTES)
    return tickets.rate(Rate(ticket.token, cmd.actor, cmd.level, cmd.reasons), uow, ctx)


def pending_rating(
    window_id: int, hall_id: str | None, uow: UnitOfWork, ctx: Context
) -> dict[str, Any]:
    """The ticket the window's pad may still ask to rate (finished here lately, unrated)."""
    window = uow.windows.get(window_id)
    if hall_id not in (None, window.hall_id):
        raise UnknownWindow(window=window_id)
    state = HallState.load(uow, window.hall_id, ctx.now)
    ticket_id = uow.counter_reads.last_finished_at(window_id, state.day)
    if ticket_id is None or uow.ratings.exists(ticket_id):
        return {"ticket": None}
    ticket = uow.tickets.get(ticket_id)
    finished = ticket.finished_at
    if finished is None or ctx.now - finished > timedelta(minutes=RATE_WITHIN_MINUTES):
        return {"ticket": None}
    return {"ticket": asdict(state.ticket_view(ticket))}
