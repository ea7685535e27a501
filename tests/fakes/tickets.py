"""Tickets, their history rows and the day's counters, as SqlTickets and SqlCounters keep them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from server.domain.errors import ConcurrentUpdate, UnknownTicket
from server.domain.routing import Candidate
from server.domain.ticket import Ticket, TicketEvent, TicketStatus
from tests.fakes.database import FakeDatabase, TicketRow, as_json, stored, unique_violation, utc

ON_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)


class FakeTickets:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def add(
        self,
        ticket: Ticket,
        request_key: str | None = None,
        device_id: int | None = None,
        request_digest: str | None = None,
    ) -> None:
        """Insert with version 0 (the column's default) and write the history rows."""
        columns = {"request_key": request_key, "device_id": device_id,
                   "request_digest": request_digest}  # fmt: skip
        row = TicketRow(stored(ticket, id=None, version=0, history=[]), columns)
        self._check_unique(row, None)
        ticket_id = self.db.next_id("tickets")
        row.ticket.id = ticket.id = ticket_id
        self.db.tickets[ticket_id] = row
        self._write_history(ticket)

    def save(self, ticket: Ticket) -> None:
        """Update where id and version match, else ConcurrentUpdate; bump the version."""
        row = self.db.tickets.get(ticket.id) if ticket.id is not None else None
        if row is None or row.ticket.version != ticket.version:
            raise ConcurrentUpdate(ticket=ticket.number)
        new = TicketRow(stored(ticket, version=ticket.version + 1, history=[]), row.columns)
        self._check_unique(new, ticket.id)
        self.db.tickets[ticket.id] = new  # type: ignore[index]
        ticket.version += 1
        self._write_history(ticket)

    def _check_unique(self, row: TicketRow, own_id: int | None) -> None:
        t, key = row.ticket, row.columns.get("request_key")
        for other_id, other in self.db.tickets.items():
            o = other.ticket
            if other_id == own_id:
                continue
            if (o.hall_id, o.day, o.number) == (t.hall_id, t.day, t.number):
                raise unique_violation("tickets", "hall_id", "day", "number")
            if o.token == t.token:
                raise unique_violation("tickets", "token")
            if key is not None and (o.hall_id, other.columns.get("request_key")) == (
                t.hall_id,
                key,
            ):
                raise unique_violation("tickets", "hall_id", "request_key")

    def _write_history(self, ticket: Ticket) -> None:
        for e in ticket.history:
            event_id = self.db.next_id("ticket_events")
            self.db.ticket_events[event_id] = _event_row(event_id, ticket, e)
        ticket.history.clear()

    def _list(self, where: Callable[[TicketRow], bool]) -> list[Ticket]:
        found = [row for _, row in sorted(self.db.tickets.items()) if where(row)]
        return [copy.deepcopy(row.ticket) for row in found]

    def _of_day(self, hall_id: str, day: date, *statuses: TicketStatus) -> list[Ticket]:
        return self._list(
            lambda r: (
                r.ticket.hall_id == hall_id and r.ticket.day == day and r.ticket.status in statuses
            )
        )

    def get(self, ticket_id: int) -> Ticket:
        found = self._list(lambda r: r.ticket.id == ticket_id)
        if not found:
            raise UnknownTicket(ticket=ticket_id)
        return found[0]

    def by_token(self, token: str) -> Ticket:
        found = self._list(lambda r: r.ticket.token == token)
        if not found:
            raise UnknownTicket()
        return found[0]

    def by_request_key(self, hall_id: str, key: str) -> Ticket | None:
        found = self._list(
            lambda r: r.ticket.hall_id == hall_id and r.columns.get("request_key") == key
        )
        return found[0] if found else None

    def request_digest(self, hall_id: str, key: str) -> str | None:
        """What the request that first sent this key asked (its keyed digest), if stored."""
        for _, row in sorted(self.db.tickets.items()):
            if row.ticket.hall_id == hall_id and row.columns.get("request_key") == key:
                digest: str | None = row.columns.get("request_digest")
                return digest
        return None

    def waiting(self, hall_id: str, day: date) -> list[Ticket]:
        return self._of_day(hall_id, day, TicketStatus.WAITING)

    def waiting_before(self, hall_id: str, day: date) -> list[Ticket]:
        return self._list(
            lambda r: (
                r.ticket.hall_id == hall_id
                and r.ticket.day < day
                and r.ticket.status is TicketStatus.WAITING
            )
        )

    def waiting_counts(self, hall_id: str, day: date) -> dict[str, int]:
        """How many wait per service, not counting tickets sent to a named window."""
        counts: dict[str, int] = {}
        for t in self._of_day(hall_id, day, TicketStatus.WAITING):
            if t.target_window_id is None:
                counts[t.service_code] = counts.get(t.service_code, 0) + 1
        return counts

    def candidates(
        self, hall_id: str, day: date, services: frozenset[str], window_id: int
    ) -> list[Candidate]:
        return [
            Candidate(
                t.id or 0,
                t.service_code,
                t.is_priority,
                t.queue_at,
                t.issued_at,
                t.target_window_id,
            )  # fmt: skip
            for t in self._of_day(hall_id, day, TicketStatus.WAITING)
            if t.service_code in services or t.target_window_id == window_id
        ]

    def on_windows(self, hall_id: str, day: date) -> list[Ticket]:
        return self._of_day(hall_id, day, *ON_WINDOW)

    def holds_live(self, hall_id: str, day: date, id_hash: str, service_code: str) -> bool:
        return any(
            t.id_hash == id_hash and t.service_code == service_code
            for t in self._of_day(hall_id, day, TicketStatus.WAITING, *ON_WINDOW)
        )

    def at_window(self, window_id: int) -> Ticket | None:
        found = self._list(
            lambda r: r.ticket.window_id == window_id and r.ticket.status in ON_WINDOW
        )
        return found[0] if found else None

    def last_called_queue_at(self, hall_id: str, day: date, service_code: str) -> datetime | None:
        wanted = (hall_id, day, service_code)
        times = [
            t.queue_at
            for t in (r.ticket for r in self.db.tickets.values())
            if (t.hall_id, t.day, t.service_code) == wanted and t.called_at is not None
        ]
        return max(times, default=None)

    def latest_queue_at(self, hall_id: str, day: date) -> datetime | None:
        waiting = self._of_day(hall_id, day, TicketStatus.WAITING)
        return max((t.queue_at for t in waiting), default=None)

    def recent_calls(self, hall_id: str, day: date, limit: int) -> list[dict[str, Any]]:
        out = []
        for event_id in sorted(self.db.ticket_events, reverse=True):
            e = self.db.ticket_events[event_id]
            ticket = self.db.tickets[e["ticket_id"]].ticket
            window = self.db.windows.get(e["window_id"]) if e["window_id"] is not None else None
            if window is None or e["hall_id"] != hall_id or ticket.day != day:
                continue  # an inner join on the window; the ticket's day
            if e["kind"] not in ("call", "recall"):
                continue
            out.append({
                "kind": "called" if e["kind"] == "call" else "recalled",
                "at": e["at"].isoformat(),
                "number": ticket.number,
                "service": ticket.service_code,
                "window": {"id": window.id, "number": window.number, "name_zh": window.name_zh,
                           "name_en": window.name_en},
            })  # fmt: skip
        return out[:limit]


def _event_row(event_id: int, ticket: Ticket, e: TicketEvent) -> dict[str, Any]:
    return {
        "id": event_id,
        "ticket_id": ticket.id,
        "hall_id": ticket.hall_id,
        "kind": e.kind,
        "at": utc(e.at),
        "from_status": e.from_status.value if e.from_status else None,
        "to_status": e.to_status.value,
        "window_id": e.window_id,
        "actor_id": e.actor_id,
        "data": as_json(e.data),
    }


class FakeCounters:
    """One value per hall, day and key; `add` creates it at 0 first (the upsert)."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def increment(self, hall_id: str, day: date, key: str) -> int:
        return self.add(hall_id, day, key, 1)

    def add(self, hall_id: str, day: date, key: str, amount: int) -> int:
        value = self.db.counters.get((hall_id, day, key), 0) + amount
        self.db.counters[(hall_id, day, key)] = value
        return value

    def day_values(self, hall_id: str, day: date, prefix: str) -> dict[str, int]:
        return {
            key: value
            for (h, d, key), value in sorted(self.db.counters.items())
            if h == hall_id and d == day and key.startswith(prefix)
        }
