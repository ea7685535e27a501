"""Tickets and their history rows, on the prebuilt statements of the hot paths."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from server.adapters import mapping, tables
from server.adapters import statements as sql
from server.adapters.schema import UtcDateTime
from server.domain.errors import UnknownTicket
from server.domain.routing import Candidate
from server.domain.ticket import Ticket, TicketEvent

T = tables.tickets.c


class SqlTickets:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(
        self,
        ticket: Ticket,
        request_key: str | None = None,
        device_id: int | None = None,
        request_digest: str | None = None,
    ) -> None:
        row = {**mapping.ticket_to_row(ticket), "request_key": request_key,
               "request_digest": request_digest, "device_id": device_id}  # fmt: skip
        ticket.id = sql.inserted_id(self.conn.execute(sql.TICKET_INSERT, row))
        self._write_history(ticket)

    def save(self, ticket: Ticket) -> None:
        row = mapping.ticket_to_row(ticket)
        ticket.version = sql.TICKET_SAVE.save(
            self.conn, ticket.id, ticket.version, row, ticket.number
        )
        self._write_history(ticket)

    def _write_history(self, ticket: Ticket) -> None:
        if ticket.history:
            self.conn.execute(sql.EVENT_INSERT, [_event_row(ticket, e) for e in ticket.history])
            ticket.history.clear()

    def _first(self, stmt: Any, params: dict[str, Any]) -> Ticket | None:
        row = self.conn.execute(stmt, params).first()
        return mapping.ticket_from_row(row) if row else None

    def _list(self, *where: Any) -> list[Ticket]:
        rows = self.conn.execute(select(tables.tickets).where(*where).order_by(T.id))
        return [mapping.ticket_from_row(r) for r in rows]

    def get(self, ticket_id: int) -> Ticket:
        found = self._first(sql.TICKET_BY_ID, {"p_id": ticket_id})
        if found is None:
            raise UnknownTicket(ticket=ticket_id)
        return found

    def by_token(self, token: str) -> Ticket:
        found = self._list(T.token == token)
        if not found:
            raise UnknownTicket()
        return found[0]

    def by_request_key(self, hall_id: str, key: str) -> Ticket | None:
        found = self._list(T.hall_id == hall_id, T.request_key == key)
        return found[0] if found else None

    def request_digest(self, hall_id: str, key: str) -> str | None:
        """What the request that first sent this (scoped) key asked, as its keyed digest."""
        return self.conn.execute(
            select(T.request_digest).where(T.hall_id == hall_id, T.request_key == key)
        ).scalar_one_or_none()

    def waiting(self, hall_id: str, day: date) -> list[Ticket]:
        return self._list(T.hall_id == hall_id, T.day == day, T.status == "waiting")

    def waiting_before(self, hall_id: str, day: date) -> list[Ticket]:
        """Tickets still waiting from a day before `day` (left over at a day's end)."""
        return self._list(T.hall_id == hall_id, T.day < day, T.status == "waiting")

    def waiting_counts(self, hall_id: str, day: date) -> dict[str, int]:
        """How many wait per service, not counting tickets sent to a named window."""
        rows = self.conn.execute(sql.WAITING_COUNTS, {"p_hall": hall_id, "p_day": day})
        return {code: int(n) for code, n in rows}

    def candidates(
        self, hall_id: str, day: date, services: frozenset[str], window_id: int
    ) -> list[Candidate]:
        """Just what routing reads, for the tickets a window could take (six columns)."""
        params = {"p_hall": hall_id, "p_day": day, "p_services": sorted(services),
                  "p_window": window_id}  # fmt: skip
        return [
            Candidate(i, code, prio != "normal", queued, issued, target)
            for i, code, prio, queued, issued, target in self.conn.execute(sql.CANDIDATES, params)
        ]

    def on_windows(self, hall_id: str, day: date) -> list[Ticket]:
        return self._list(T.hall_id == hall_id, T.day == day, T.status.in_(sql.ON_WINDOW))

    def holds_live(self, hall_id: str, day: date, id_hash: str, service_code: str) -> bool:
        """Whether this person already holds a live ticket for the service today."""
        live = (*sql.ON_WINDOW, "waiting")
        found = self.conn.execute(
            select(T.id).where(
                T.hall_id == hall_id,
                T.day == day,
                T.id_hash == id_hash,
                T.service_code == service_code,
                T.status.in_(live),
            )
        ).first()
        return found is not None

    def at_window(self, window_id: int) -> Ticket | None:
        return self._first(sql.TICKET_AT_WINDOW, {"p_window": window_id})

    def last_called_queue_at(self, hall_id: str, day: date, service_code: str) -> datetime | None:
        value = self.conn.execute(
            select(func.max(T.queue_at)).where(
                T.hall_id == hall_id,
                T.day == day,
                T.service_code == service_code,
                T.called_at.is_not(None),
            )
        ).scalar()
        return UtcDateTime().process_result_value(value, None) if value else None

    def latest_queue_at(self, hall_id: str, day: date) -> datetime | None:
        """The place in line of the last ticket waiting today (None: nobody waits)."""
        value = self.conn.execute(
            select(func.max(T.queue_at)).where(
                T.hall_id == hall_id, T.day == day, T.status == "waiting"
            )
        ).scalar()
        return UtcDateTime().process_result_value(value, None) if value else None

    def recent_calls(self, hall_id: str, day: date, limit: int) -> list[dict[str, Any]]:
        e, w = tables.ticket_events.c, tables.windows.c
        rows = self.conn.execute(
            select(
                e.kind,
                e.at,
                T.number,
                T.service_code,
                w.id,
                w.number.label("wn"),
                w.name_zh,
                w.name_en,
            )  # fmt: skip
            .join(tables.tickets, T.id == e.ticket_id)
            .join(tables.windows, w.id == e.window_id)
            .where(e.hall_id == hall_id, T.day == day, e.kind.in_(("call", "recall")))
            .order_by(e.id.desc())
            .limit(limit)
        )
        return [
            {
                "kind": "called" if r.kind == "call" else "recalled",
                "at": r.at.isoformat(),
                "number": r.number,
                "service": r.service_code,
                "window": {"id": r.id, "number": r.wn, "name_zh": r.name_zh, "name_en": r.name_en},
            }
            for r in rows
        ]


def _event_row(ticket: Ticket, e: TicketEvent) -> dict[str, Any]:
    return {
        "ticket_id": ticket.id,
        "hall_id": ticket.hall_id,
        "kind": e.kind,
        "at": e.at,
        "from_status": e.from_status.value if e.from_status else None,
        "to_status": e.to_status.value,
        "window_id": e.window_id,
        "actor_id": e.actor_id,
        "data": e.data,
    }
