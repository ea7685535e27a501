"""The end of a service day: tickets still waiting from an earlier day are closed or carried.

Numbers restart each day and every line is read for the current day, so a ticket left
waiting at midnight would otherwise linger as "waiting" forever, unseen by any window. At the
first tick of a new day (or of a server started later), each such ticket is either

- closed (the default): cancelled with the reason "day_end", its holder's phone told; or
- carried over (`[rules] carry_over_waiting = true`): moved into the new day with its number
  and its place (queue time), so it stays ahead of the day's new tickets; the day's number
  counter of its prefix is moved past it so no number is given twice. A carried number the
  new day has already given (issued before this pass ran), or one carried from two days at
  once, cannot be kept: that ticket is closed instead.

Either way the hall is told once (DayEnded) with the numbers closed and carried.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from server.domain.numbering import SEQUENCE_COUNTERS, already_given, counters_past
from server.domain.ticket import Ticket, TicketEvent, TicketStatus
from server.services import views
from server.services.context import Context
from server.services.events import DayEnded, TicketChanged
from server.services.hall_state import HallState
from server.services.unit_of_work import UnitOfWork

REASON = "day_end"


@dataclass(frozen=True, slots=True)
class PastDaysEnded:
    """The numbers left waiting from before today: closed, or carried into today."""

    closed: list[str]
    carried: list[str]


@dataclass(frozen=True, slots=True)
class ClosedAtDayEnd(views.TicketView):
    """A ticket closed because its day ended while it waited, with why (the code day_end)."""

    reason: str


def end_past_days(hall_id: str, uow: UnitOfWork, ctx: Context) -> PastDaysEnded:
    """Close or carry every ticket left waiting from before today."""
    state = HallState.load(uow, hall_id, ctx.now)
    left = uow.tickets.waiting_before(hall_id, state.day)
    if not left:
        return PastDaysEnded(closed=[], carried=[])
    closed: list[Ticket] = []
    carried: list[Ticket] = []
    if state.hall.rules.carry_over_waiting:
        given = uow.counters.day_values(hall_id, state.day, SEQUENCE_COUNTERS)
        keep: dict[str, Ticket] = {}
        for ticket in sorted(left, key=lambda t: (t.day, t.queue_at), reverse=True):
            if already_given(ticket.number, given) or ticket.number in keep:
                closed.append(ticket)  # the number is taken today: it cannot be kept
            else:
                keep[ticket.number] = ticket
        carried = sorted(keep.values(), key=lambda t: t.queue_at)
        for key, step in counters_past((t.number for t in carried), given).items():
            uow.counters.add(hall_id, state.day, key, step)
    else:
        closed = list(left)

    for ticket in carried:
        from_day = ticket.day
        ticket.day = state.day
        event = TicketEvent("carry_over", ctx.now, TicketStatus.WAITING, TicketStatus.WAITING)
        ticket.history.append(replace(event, data={"from_day": from_day.isoformat()}))
        uow.tickets.save(ticket)
    for ticket in sorted(closed, key=lambda t: t.queue_at):
        ticket.cancel(ctx.now)
        ticket.history[-1] = replace(ticket.history[-1], data={"reason": REASON})
        uow.tickets.save(ticket)
        view = ClosedAtDayEnd(**views.ticket_fields(state.ticket_view(ticket)), reason=REASON)
        uow.collect(TicketChanged("cancelled", hall_id, view, None, ticket.token))

    result = PastDaysEnded([t.number for t in closed], [t.number for t in carried])
    uow.collect(DayEnded(hall_id, state.day.isoformat(), result.closed, result.carried))
    uow.collect(state.lines_stale())
    return result
