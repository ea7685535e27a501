"""The state of a hall's day that use cases read, loaded lazily: each piece only when asked.

A window action needs its window and its current ticket; call-next adds the waiting line;
only the snapshot and the line summary need every window. One object per row (an identity
map), so a change made through one path is seen by every view built afterwards.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from server.domain.catalogue import Window
from server.domain.estimate import (
    Estimate,
    LineSummary,
    Reach,
    estimate_wait,
    summarise_lines,
)
from server.domain.routing import Candidate, general_services, may_take
from server.domain.ticket import Ticket, TicketStatus
from server.services import views
from server.services.events import LinesStale, WindowChanged
from server.services.unit_of_work import UnitOfWork

ON_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)
SERVED, SERVED_SECONDS = "served:", "served_seconds:"


def candidate(t: Ticket) -> Candidate:
    assert t.id is not None
    return Candidate(
        t.id, t.service_code, t.is_priority, t.queue_at, t.issued_at, t.target_window_id
    )


def record_service_time(uow: UnitOfWork, ticket: Ticket) -> None:
    """Keep the day's running totals per service, so the mean costs one small read."""
    if ticket.serving_at is None or ticket.finished_at is None:
        return
    seconds = max(0, round((ticket.finished_at - ticket.serving_at).total_seconds()))
    uow.counters.add(ticket.hall_id, ticket.day, SERVED + ticket.service_code, 1)
    uow.counters.add(ticket.hall_id, ticket.day, SERVED_SECONDS + ticket.service_code, seconds)


def mean_service_minutes(uow: UnitOfWork, hall_id: str, day: date) -> dict[str, float]:
    """The day's observed mean service time per service, from the running totals."""
    totals = uow.counters.day_values(hall_id, day, "served")  # both prefixes in one read
    served = {k[len(SERVED) :]: n for k, n in totals.items() if k.startswith(SERVED)}
    seconds = {
        k[len(SERVED_SECONDS) :]: n for k, n in totals.items() if k.startswith(SERVED_SECONDS)
    }
    return {code: seconds.get(code, 0) / 60 / n for code, n in served.items() if n}


class HallState:
    def __init__(self, uow: UnitOfWork, hall_id: str, now: datetime) -> None:
        self.uow = uow
        self.hall = uow.halls.get(hall_id)
        self.services = uow.halls.services(hall_id)
        self.day: date = self.hall.service_day(now)
        self.now = now
        self._windows: dict[int, Window] = {}
        self._current: dict[int, Ticket | None] = {}

    @classmethod
    def load(cls, uow: UnitOfWork, hall_id: str, now: datetime) -> HallState:
        return cls(uow, hall_id, now)

    # -- windows and what is on them
    def adopt(self, window: Window) -> Window:
        """Make `window` the one object this state uses for its row."""
        return self._windows.setdefault(window.id, window)

    @cached_property
    def windows(self) -> list[Window]:
        for w in self.uow.windows.list(self.hall.id):
            self._windows.setdefault(w.id, w)
        return sorted(self._windows.values(), key=lambda w: w.number)

    def window(self, window_id: int | None) -> Window | None:
        if window_id is None:
            return None
        if window_id not in self._windows and "windows" not in self.__dict__:
            try:
                found = self.uow.windows.get(window_id)
            except Exception:  # an unknown window is None here; callers raise their own error
                return None
            if found.hall_id != self.hall.id:
                return None
            self._windows[window_id] = found
        return self._windows.get(window_id)

    def current(self, window_id: int) -> Ticket | None:
        """The ticket called to or being served at the window, if any."""
        if window_id not in self._current:
            self._current[window_id] = self.uow.tickets.at_window(window_id)
        ticket = self._current[window_id]
        return ticket if ticket is not None and ticket.status in ON_WINDOW else None

    def seat(self, window_id: int, ticket: Ticket) -> None:
        self._current[window_id] = ticket

    def load_every_current(self) -> list[Ticket]:
        on = self.uow.tickets.on_windows(self.hall.id, self.day)
        for w in self.windows:
            self._current.setdefault(w.id, next((t for t in on if t.window_id == w.id), None))
        return [t for w in self.windows if (t := self.current(w.id)) is not None]

    # -- the waiting line
    @cached_property
    def waiting_tickets(self) -> list[Ticket]:
        return self.uow.tickets.waiting(self.hall.id, self.day)

    def waiting(self) -> list[Candidate]:
        return [candidate(t) for t in self.waiting_tickets if t.status is TicketStatus.WAITING]

    def ticket(self, ticket_id: int) -> Ticket:
        return next(t for t in self.waiting_tickets if t.id == ticket_id)

    @cached_property
    def mean_minutes(self) -> dict[str, float]:
        return mean_service_minutes(self.uow, self.hall.id, self.day)

    @cached_property
    def reach(self) -> Reach:
        return Reach(self.windows, self.services)

    def estimate(self, ticket: Ticket) -> Estimate:
        policy = self.hall.rules.routing
        return estimate_wait(
            candidate(ticket), self.waiting(), self.reach, self.mean_minutes, policy, self.now
        )

    @cached_property
    def waiting_counts(self) -> dict[str, int]:
        return self.uow.tickets.waiting_counts(self.hall.id, self.day)

    def line_summaries(self) -> list[LineSummary]:
        return summarise_lines(self.waiting_counts, self.reach, self.mean_minutes)

    def lines(self) -> list[views.LineView]:
        summary = self.line_summaries()
        return [views.line_view(line, self.services[line.service_code]) for line in summary]

    def candidates_for(self, window: Window) -> list[Candidate]:
        """The waiting tickets this window could take: its own services, help, or sent to it."""
        general = general_services(self.services.values())
        services = frozenset(c for c in self.services if may_take(window, c, general))
        return self.uow.tickets.candidates(self.hall.id, self.day, services, window.id)

    def lines_stale(self) -> LinesStale:
        return LinesStale(self.hall.id)

    # -- views
    def window_view(self, window: Window) -> views.WindowView:
        current = self.current(window.id)
        service = self.services.get(current.service_code) if current else None
        return views.window_view(window, current, service)

    def window_changed(self, window: Window) -> WindowChanged:
        return WindowChanged(self.hall.id, self.window_view(window))

    def ticket_view(self, ticket: Ticket, with_estimate: bool = False) -> views.AnyTicketView:
        """The ticket's view; with its place in line (a WaitingTicketView) when it waits."""
        if with_estimate and ticket.status is TicketStatus.WAITING:
            return self.waiting_view(ticket)
        service, window = self.services.get(ticket.service_code), self.window(ticket.window_id)
        return views.ticket_view(ticket, service, window)

    def waiting_view(self, ticket: Ticket) -> views.WaitingTicketView:
        """The view of a waiting ticket with its place in line and estimated wait."""
        service, window = self.services.get(ticket.service_code), self.window(ticket.window_id)
        return views.waiting_ticket_view(ticket, service, window, self.estimate(ticket))
