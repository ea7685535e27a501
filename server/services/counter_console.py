"""Use cases of the counter console and the rating pad at a window.

`console_view` is everything the clerk's screen shows, with the server's verdict on every
button; `rate_at_window` lets the rating pad of a window rate a ticket just finished
there, through the one rating use case (so a bad rating opens its follow-up as anywhere else).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from server.domain.catalogue import Window
from server.domain.errors import RatingExpired, UnknownTicket, UnknownWindow
from server.domain.rating import RatingLevel
from server.domain.routing import choose_next
from server.domain.ticket import Ticket, TicketStatus
from server.services import tickets, views
from server.services.alert_views import AnyAlertView, alert_view
from server.services.commands import Actor, Rate
from server.services.context import Context
from server.services.counter_buttons import ButtonVerdict, buttons
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


@dataclass(frozen=True, slots=True)
class TicketNote:
    """A note a window left on the ticket (a transfer's, or one written at the counter)."""

    at: str
    from_window_id: int | None
    text: str


@dataclass(frozen=True, slots=True)
class ConsoleTicket(views.TicketView):
    """The ticket at the window as the clerk sees it: its times, the recall limit, the notes
    windows left on it, and why a kiosk asked to check its holder's identity."""

    waited_seconds: int | None
    since_issued_seconds: int | None
    since_called_seconds: int | None
    serving_seconds: int | None
    recall_limit: int
    notes: list[TicketNote]
    identity_checks: list[str]


@dataclass(frozen=True, slots=True)
class DirectedTicket(views.TicketView):
    """A waiting ticket sent to this window, with how long it has waited."""

    waited_seconds: int | None


@dataclass(frozen=True, slots=True)
class ClerkFigures:
    """The clerk's own figures today."""

    served: int
    called: int
    no_shows: int
    average_service_seconds: int | None


@dataclass(frozen=True, slots=True)
class TransferWindow(views.WindowRef):
    """Another window of the hall a ticket may be sent to, with its state."""

    state: str


@dataclass(frozen=True, slots=True)
class TransferTargets:
    """Where the clerk may transfer a ticket: any service, any other window of the hall."""

    services: list[views.ServiceRef]
    windows: list[TransferWindow]


@dataclass(frozen=True, slots=True)
class CounterConsole:
    """The clerk's screen: the window, its ticket, its lines, tickets sent to it, its
    warnings, the clerk's figures, the server's verdict on every button, transfer targets."""

    at: str
    window: views.WindowView
    current: ConsoleTicket | None
    lines: list[views.LineView]
    directed: list[DirectedTicket]
    alerts: list[AnyAlertView]
    figures: ClerkFigures | None
    buttons: dict[str, ButtonVerdict]
    targets: TransferTargets


@dataclass(frozen=True, slots=True)
class PendingRating:
    """The ticket the window's rating pad may still ask about (null: none)."""

    ticket: views.TicketView | None


def _seconds(later: datetime | None, earlier: datetime | None) -> int | None:
    if later is None or earlier is None:
        return None
    return max(0, round((later - earlier).total_seconds()))  # < 0: the clock stepped back


def _current_view(state: HallState, ticket: Ticket, uow: UnitOfWork) -> ConsoleTicket:
    assert ticket.id is not None
    now = state.now
    notes = [TicketNote(n["at"], n["from_window_id"], n["text"])
             for n in uow.counter_reads.ticket_notes(ticket.id)]  # fmt: skip
    return ConsoleTicket(
        **views.ticket_fields(state.ticket_view(ticket)),
        waited_seconds=_seconds(ticket.called_at or now, ticket.issued_at),
        since_issued_seconds=_seconds(now, ticket.issued_at),
        since_called_seconds=_seconds(now, ticket.called_at),
        serving_seconds=_seconds(now, ticket.serving_at),
        recall_limit=state.hall.rules.recall_limit,
        notes=notes,
        identity_checks=uow.counter_reads.identity_checks(ticket.id),
    )


def _directed(state: HallState, window: Window) -> list[DirectedTicket]:
    mine = [
        t
        for t in state.waiting_tickets
        if t.status is TicketStatus.WAITING and t.target_window_id == window.id
    ]
    return [_directed_ticket(state, t) for t in sorted(mine, key=lambda t: (t.queue_at, t.id or 0))]


def _directed_ticket(state: HallState, t: Ticket) -> DirectedTicket:
    view = views.ticket_view(t, state.services.get(t.service_code))
    return DirectedTicket(
        **views.ticket_fields(view), waited_seconds=_seconds(state.now, t.issued_at)
    )


def _alerts(
    uow: UnitOfWork, state: HallState, window: Window, current: Ticket | None
) -> list[AnyAlertView]:
    subjects = {f"window:{window.id}"} | ({f"ticket:{current.id}"} if current else set())
    return [alert_view(a) for a in uow.alerts.active(state.hall.id) if a.subject in subjects]


def _targets(state: HallState, window: Window) -> TransferTargets:
    """Where the clerk may transfer a ticket: any service, any other window of the hall."""
    return TransferTargets(
        services=[views.service_ref(s, s.code) for s in state.services.values()],
        windows=[
            TransferWindow(w.id, w.number, w.name_zh, w.name_en, w.state.value)
            for w in state.windows
            if w.id != window.id
        ],
    )


def _figures(uow: UnitOfWork, state: HallState, clerk: int | None) -> ClerkFigures | None:
    if clerk is None:
        return None
    day: dict[str, Any] = uow.counter_reads.clerk_day(state.hall.id, state.day, clerk)
    return ClerkFigures(day["served"], day["called"], day["no_shows"],
                        day["average_service_seconds"])  # fmt: skip


def console_view(cmd: ConsoleQuery, uow: UnitOfWork, ctx: Context) -> CounterConsole:
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
    return CounterConsole(
        at=ctx.now.isoformat(),
        window=state.window_view(window),
        current=None if current is None else _current_view(state, current, uow),
        lines=[line for line in state.lines() if line.code in window.services],
        directed=_directed(state, window),
        alerts=_alerts(uow, state, window, current),
        figures=_figures(uow, state, clerk),
        buttons=buttons(window, current, has_next, state.hall.rules.recall_limit),
        targets=_targets(state, window),
    )


def rate_at_window(cmd: PadRating, uow: UnitOfWork, ctx: Context) -> tickets.RatingGiven:
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
) -> PendingRating:
    """The ticket the window's pad may still ask to rate (finished here lately, unrated)."""
    window = uow.windows.get(window_id)
    if hall_id not in (None, window.hall_id):
        raise UnknownWindow(window=window_id)
    state = HallState.load(uow, window.hall_id, ctx.now)
    ticket_id = uow.counter_reads.last_finished_at(window_id, state.day)
    if ticket_id is None or uow.ratings.exists(ticket_id):
        return PendingRating(None)
    ticket = uow.tickets.get(ticket_id)
    finished = ticket.finished_at
    if finished is None or ctx.now - finished > timedelta(minutes=RATE_WITHIN_MINUTES):
        return PendingRating(None)
    return PendingRating(state.ticket_view(ticket))
