"""The state of a hall's day that several use cases read: loaded once per transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from server.domain.catalogue import Service, Window
from server.domain.estimate import Estimate, Reach, estimate_wait, summarise_lines
from server.domain.hall import Hall
from server.domain.routing import Candidate
from server.domain.ticket import Ticket, TicketStatus
from server.services import views
from server.services.events import LinesChanged, WindowChanged
from server.services.unit_of_work import UnitOfWork


def candidate(t: Ticket) -> Candidate:
    assert t.id is not None
    return Candidate(
        t.id, t.service_code, t.is_priority, t.queue_at, t.issued_at, t.target_window_id
    )


@dataclass
class HallState:
    hall: Hall
    day: date
    now: datetime
    services: dict[str, Service]
    windows: list[Window]
    active: list[Ticket]
    mean_minutes: dict[str, float]
    _reach: Reach | None = field(default=None, repr=False)

    @classmethod
    def load(cls, uow: UnitOfWork, hall_id: str, now: datetime) -> HallState:
        hall = uow.halls.get(hall_id)
        day = hall.service_day(now)
        return cls(
            hall,
            day,
            now,
            uow.halls.services(hall_id),
            uow.windows.list(hall_id),
            uow.tickets.active(hall_id, day),
            uow.tickets.mean_service_minutes(hall_id, day),
        )

    @property
    def reach(self) -> Reach:
        if self._reach is None:
            self._reach = Reach(self.windows, self.services)
        return self._reach

    def waiting(self) -> list[Candidate]:
        return [candidate(t) for t in self.active if t.status is TicketStatus.WAITING]

    def ticket(self, ticket_id: int) -> Ticket:
        return next(t for t in self.active if t.id == ticket_id)

    def window(self, window_id: int | None) -> Window | None:
        return next((w for w in self.windows if w.id == window_id), None)

    def estimate(self, ticket: Ticket) -> Estimate:
        policy = self.hall.rules.routing
        return estimate_wait(
            candidate(ticket), self.waiting(), self.reach, self.mean_minutes, policy, self.now
        )

    def lines(self) -> list[dict[str, Any]]:
        summary = summarise_lines(self.waiting(), self.reach, self.mean_minutes)
        return [views.line_view(line, self.services[line.service_code]) for line in summary]

    def lines_changed(self) -> LinesChanged:
        return LinesChanged(self.hall.id, self.lines())

    def window_view(self, window: Window) -> dict[str, Any]:
        current = next(
            (
                t
                for t in self.active
                if t.window_id == window.id
                and t.status in (TicketStatus.CALLED, TicketStatus.SERVING)
            ),
            None,
        )
        service = self.services.get(current.service_code) if current else None
        return views.window_view(window, current, service)

    def window_changed(self, window: Window) -> WindowChanged:
        return WindowChanged(self.hall.id, self.window_view(window))

    def ticket_view(self, ticket: Ticket, with_estimate: bool = False) -> dict[str, Any]:
        estimate = (
            self.estimate(ticket)
            if with_estimate and ticket.status is TicketStatus.WAITING
            else None
        )
        return views.ticket_view(
            ticket, self.services.get(ticket.service_code), self.window(ticket.window_id), estimate
        )
