"""Use cases of a citizen's ticket: take a number, rejoin after a no-show, cancel, rate."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from server.domain import personal
from server.domain.errors import AlreadyWaiting, NotYourWindow, UnknownService
from server.domain.idempotency import ensure_same_request, fingerprint
from server.domain.numbering import (
    ensure_under_cap,
    format_number,
    issued_counter,
    sequence_counter,
)
from server.domain.rating import rate as rate_ticket
from server.domain.ticket import Ticket, queue_time
from server.services import views
from server.services.commands import IssueTicket, Rate, TicketCommand
from server.services.context import Context
from server.services.events import Rated, TicketChanged, TicketIssued
from server.services.hall_state import HallState
from server.services.limits import count_ticket
from server.services.supervision import followup_due_at
from server.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RatingGiven:
    """A rating just given to a ticket (好差评): its level, reasons, and whether it opened a
    follow-up (a bad one does)."""

    id: int
    ticket: str
    window_id: int | None
    level: int
    level_name: str
    reasons: list[str]
    follow_up: bool
    at: str


def request_digest(cmd: IssueTicket, ctx: Context) -> str:
    """What this request asks, as a keyed digest (it may hold an ID number)."""
    if cmd.request_digest:
        return cmd.request_digest
    id_number = cmd.id_number.strip().upper() if cmd.id_number else None
    asked = fingerprint("ticket", cmd.service_code, cmd.priority.value, id_number, cmd.name)
    return ctx.hash_id(asked)


def issued_before(key: str, digest: str, hall_id: str, uow: UnitOfWork) -> Ticket | None:
    """The ticket a retry of this key already made (None: a first request). The same key
    with another request is refused (IdempotencyKeyReused), never answered with it."""
    existing = uow.tickets.by_request_key(hall_id, key)
    if existing is not None:
        ensure_same_request(uow.tickets.request_digest(hall_id, key), digest)
    return existing


def issue_ticket(cmd: IssueTicket, uow: UnitOfWork, ctx: Context) -> views.IssuedTicket:
    """Take a number: committed with its history row before anyone hears of it."""
    digest = None
    if cmd.request_key:
        digest = request_digest(cmd, ctx)
        existing = issued_before(cmd.request_key, digest, cmd.hall_id, uow)
        if existing is not None:  # a kiosk's retry never makes a second ticket
            state = HallState.load(uow, cmd.hall_id, ctx.now)
            return views.issued_ticket(state.ticket_view(existing, with_estimate=True),
                                       existing.token)  # fmt: skip
    state = HallState.load(uow, cmd.hall_id, ctx.now)
    service = state.services.get(cmd.service_code)
    if service is None:
        raise UnknownService(service=cmd.service_code)
    state.hall.ensure_open(ctx.now)
    id_number = personal.normalise_id_number(cmd.id_number) if cmd.id_number else None
    id_hash = ctx.hash_id(id_number) if id_number else None
    if id_hash and uow.tickets.holds_live(state.hall.id, state.day, id_hash, service.code):
        raise AlreadyWaiting(service=service.code)
    kiosk = cmd.actor.device_id if cmd.actor.role == "kiosk" else None
    count_ticket(uow.limits, state.hall, state.day, ctx.now, kiosk, id_hash)  # anti-hoarding
    issued = uow.counters.increment(state.hall.id, state.day, issued_counter(service.code))
    ensure_under_cap(service, issued)
    sequence = uow.counters.increment(state.hall.id, state.day, sequence_counter(service.prefix))
    ticket = Ticket(
        id=None,
        hall_id=state.hall.id,
        day=state.day,
        number=format_number(service.prefix, sequence),
        service_code=service.code,
        token=secrets.token_urlsafe(18),
        issued_at=ctx.now,
        queue_at=queue_time(ctx.now, uow.tickets.latest_queue_at(state.hall.id, state.day)),
        priority=cmd.priority,
        id_hash=id_hash,
        id_masked=personal.mask_id_number(id_number) if id_number else None,
        name_masked=personal.mask_name(cmd.name) if cmd.name else None,
    )
    ticket.record_issue(cmd.actor.user_id)
    if ticket.is_priority:  # ranks by class and age: count from the full line
        line = state.waiting_tickets  # read before the insert, so the ticket is added once
        _add(uow, ticket, cmd, digest)
        line.append(ticket)
        estimate = state.estimate(ticket)
    else:  # a normal ticket taken now waits behind everyone: its line's summary is its place
        summary = next(x for x in state.line_summaries() if x.service_code == service.code)
        _add(uow, ticket, cmd, digest)
        estimate = summary.estimate
    view = views.waiting_ticket_view(ticket, service, None, estimate)
    uow.collect(TicketIssued(state.hall.id, view))
    uow.collect(state.lines_stale())
    return views.issued_ticket(view, ticket.token)


def _add(uow: UnitOfWork, ticket: Ticket, cmd: IssueTicket, digest: str | None) -> None:
    uow.tickets.add(ticket, request_key=cmd.request_key, device_id=cmd.actor.device_id,
                    request_digest=digest)  # fmt: skip


def ticket_status(token: str, uow: UnitOfWork, ctx: Context) -> views.AnyTicketView:
    """A ticket's state, place in line and estimated wait, for the citizen's phone."""
    ticket = uow.tickets.by_token(token)
    state = HallState.load(uow, ticket.hall_id, ctx.now)
    live = next((t for t in state.waiting_tickets if t.id == ticket.id), ticket)
    return state.ticket_view(live, with_estimate=True)


def _ticket_of(cmd: TicketCommand, uow: UnitOfWork, ctx: Context) -> tuple[HallState, Ticket]:
    ticket = uow.tickets.by_token(cmd.token)
    if cmd.actor.hall_id not in (None, ticket.hall_id):
        raise NotYourWindow(hall=ticket.hall_id)
    state = HallState.load(uow, ticket.hall_id, ctx.now)
    live = next((t for t in state.waiting_tickets if t.id == ticket.id), None)
    if live is None:
        state.waiting_tickets.append(ticket)
        live = ticket
    return state, live


def rejoin(cmd: TicketCommand, uow: UnitOfWork, ctx: Context) -> views.WaitingTicketView:
    """Put a no-show back in line once, right behind the tickets already called."""
    state, ticket = _ticket_of(cmd, uow, ctx)
    last = uow.tickets.last_called_queue_at(ticket.hall_id, ticket.day, ticket.service_code)
    # Same place as the last ticket called; ties go by ticket id, so it comes right after.
    ticket.rejoin(state.hall.rules.rejoin_within_minutes, last or ticket.queue_at, ctx.now)
    uow.tickets.save(ticket)
    view = state.waiting_view(ticket)
    uow.collect(TicketChanged("rejoined", state.hall.id, view, None, ticket.token))
    uow.collect(state.lines_stale())
    return view


def cancel(cmd: TicketCommand, uow: UnitOfWork, ctx: Context) -> views.TicketView:
    state, ticket = _ticket_of(cmd, uow, ctx)
    ticket.cancel(ctx.now, cmd.actor.user_id)
    uow.tickets.save(ticket)
    view = state.ticket_view(ticket)
    uow.collect(TicketChanged("cancelled", state.hall.id, view, None, ticket.token))
    uow.collect(state.lines_stale())
    return view


def rate(cmd: Rate, uow: UnitOfWork, ctx: Context) -> RatingGiven:
    """Rate a finished ticket once (办完即评); a bad rating opens a follow-up."""
    ticket = uow.tickets.by_token(cmd.token)
    already = ticket.id is not None and uow.ratings.exists(ticket.id)
    rating, follow_up = rate_ticket(ticket, cmd.level, cmd.reasons, already, ctx.now)
    if follow_up is not None:  # due by the end of the hall's follow-up working days
        follow_up = replace(follow_up, due_at=followup_due_at(ticket.hall_id, ctx.now, uow))
    rating_id = uow.ratings.add(rating, follow_up)
    view = RatingGiven(
        id=rating_id,
        ticket=ticket.number,
        window_id=rating.window_id,
        level=int(rating.level),
        level_name=rating.level.name.lower(),
        reasons=list(rating.reasons),
        follow_up=follow_up is not None,
        at=rating.at.isoformat(),
    )
    uow.collect(Rated(ticket.hall_id, view))
    return view
