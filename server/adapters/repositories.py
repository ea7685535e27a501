"""SQLAlchemy repositories: each works inside the unit of work's one connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.adapters import mapping, tables
from server.domain.alerts import Alert, Level
from server.domain.catalogue import Service, Window
from server.domain.errors import ConcurrentUpdate, NotFound, UnknownTicket, UnknownWindow
from server.domain.hall import Hall
from server.domain.rating import FollowUp, Rating
from server.domain.ticket import Ticket, TicketEvent

ACTIVE = ("waiting", "called", "serving")


class SqlHalls:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, hall_id: str) -> Hall:
        row = self.conn.execute(select(tables.halls).where(tables.halls.c.id == hall_id)).first()
        if row is None:
            raise NotFound(hall=hall_id)
        return mapping.hall_from_row(row)

    def services(self, hall_id: str) -> dict[str, Service]:
        rows = self.conn.execute(
            select(tables.services)
            .where(tables.services.c.hall_id == hall_id, tables.services.c.active.is_(True))
            .order_by(tables.services.c.prefix, tables.services.c.code)
        )
        return {r.code: mapping.service_from_row(r) for r in rows}


class SqlWindows:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, window_id: int) -> Window:
        row = self.conn.execute(
            select(tables.windows).where(tables.windows.c.id == window_id)
        ).first()
        if row is None:
            raise UnknownWindow(window=window_id)
        return mapping.window_from_row(row)

    def list(self, hall_id: str) -> list[Window]:
        rows = self.conn.execute(
            select(tables.windows)
            .where(tables.windows.c.hall_id == hall_id)
            .order_by(tables.windows.c.number)
        )
        return [mapping.window_from_row(r) for r in rows]

    def of_clerk(self, user_id: int) -> Window | None:
        row = self.conn.execute(
            select(tables.windows).where(tables.windows.c.clerk_id == user_id)
        ).first()
        return mapping.window_from_row(row) if row else None

    def save(self, window: Window) -> None:
        w = tables.windows.c
        result = self.conn.execute(
            update(tables.windows)
            .where(w.id == window.id, w.version == window.version)
            .values(**mapping.window_to_row(window), version=window.version + 1)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(window=window.number)
        window.version += 1


class SqlTickets:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(
        self, ticket: Ticket, request_key: str | None = None, device_id: int | None = None
    ) -> None:
        row = {**mapping.ticket_to_row(ticket), "request_key": request_key, "device_id": device_id}
        ticket.id = self.conn.execute(insert(tables.tickets).values(**row)).inserted_primary_key[0]
        self._write_history(ticket)

    def save(self, ticket: Ticket) -> None:
        t = tables.tickets.c
        result = self.conn.execute(
            update(tables.tickets)
            .where(t.id == ticket.id, t.version == ticket.version)
            .values(**mapping.ticket_to_row(ticket), version=ticket.version + 1)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(ticket=ticket.number)
        ticket.version += 1
        self._write_history(ticket)

    def _write_history(self, ticket: Ticket) -> None:
        if not ticket.history:
            return
        self.conn.execute(
            insert(tables.ticket_events),
            [self._event_row(ticket, e) for e in ticket.history],
        )
        ticket.history.clear()

    @staticmethod
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

    def _one(self, *where: Any) -> Ticket | None:
        row = self.conn.execute(select(tables.tickets).where(*where)).first()
        return mapping.ticket_from_row(row) if row else None

    def get(self, ticket_id: int) -> Ticket:
        found = self._one(tables.tickets.c.id == ticket_id)
        if found is None:
            raise UnknownTicket(ticket=ticket_id)
        return found

    def by_token(self, token: str) -> Ticket:
        found = self._one(tables.tickets.c.token == token)
        if found is None:
            raise UnknownTicket()
        return found

    def by_request_key(self, hall_id: str, key: str) -> Ticket | None:
        t = tables.tickets.c
        return self._one(t.hall_id == hall_id, t.request_key == key)

    def active(self, hall_id: str, day: date) -> list[Ticket]:
        t = tables.tickets.c
        rows = self.conn.execute(
            select(tables.tickets)
            .where(t.hall_id == hall_id, t.day == day, t.status.in_(ACTIVE))
            .order_by(t.id)
        )
        return [mapping.ticket_from_row(r) for r in rows]

    def at_window(self, window_id: int) -> Ticket | None:
        t = tables.tickets.c
        return self._one(t.window_id == window_id, t.status.in_(("called", "serving")))

    def last_called_queue_at(self, hall_id: str, day: date, service_code: str) -> datetime | None:
        t = tables.tickets.c
        value = self.conn.execute(
            select(func.max(t.queue_at)).where(
                t.hall_id == hall_id,
                t.day == day,
                t.service_code == service_code,
                t.called_at.is_not(None),
            )
        ).scalar()
        return tables.UtcDateTime().process_result_value(value, None) if value else None

    def mean_service_minutes(self, hall_id: str, day: date) -> dict[str, float]:
        t = tables.tickets.c
        rows = self.conn.execute(
            select(t.service_code, t.serving_at, t.finished_at).where(
                t.hall_id == hall_id, t.day == day, t.status == "done"
            )
        )
        spans: dict[str, list[float]] = {}
        for code, began, ended in rows:
            if began and ended:
                spans.setdefault(code, []).append((ended - began).total_seconds() / 60)
        return {code: sum(v) / len(v) for code, v in spans.items()}

    def recent_calls(self, hall_id: str, day: date, limit: int) -> list[dict[str, Any]]:
        e, t, w = tables.ticket_events.c, tables.tickets.c, tables.windows.c
        rows = self.conn.execute(
            select(
                e.kind,
                e.at,
                t.number,
                t.service_code,
                w.id,
                w.number.label("wn"),
                w.name_zh,
                w.name_en,
            )
            .join(tables.tickets, t.id == e.ticket_id)
            .join(tables.windows, w.id == e.window_id)
            .where(e.hall_id == hall_id, t.day == day, e.kind.in_(("call", "recall")))
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


class SqlCounters:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def increment(self, hall_id: str, day: date, key: str) -> int:
        """Atomically bump a day's counter: one row per hall, day and key, never recounted."""
        dialect = self.conn.dialect.name
        make_insert = pg_insert if dialect == "postgresql" else sqlite_insert
        self.conn.execute(
            make_insert(tables.counters)
            .values(hall_id=hall_id, day=day, key=key, value=0)
            .on_conflict_do_nothing()
        )
        c = tables.counters.c
        return int(
            self.conn.execute(
                update(tables.counters)
                .where(and_(c.hall_id == hall_id, c.day == day, c.key == key))
                .values(value=c.value + 1)
                .returning(c.value)
            ).scalar_one()
        )


class SqlRatings:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def exists(self, ticket_id: int) -> bool:
        r = tables.ratings.c
        return self.conn.execute(select(r.id).where(r.ticket_id == ticket_id)).first() is not None

    def add(self, rating: Rating, follow_up: FollowUp | None) -> int:
        rating_id = self.conn.execute(
            insert(tables.ratings).values(
                ticket_id=rating.ticket_id,
                hall_id=rating.hall_id,
                window_id=rating.window_id,
                level=int(rating.level),
                reasons=list(rating.reasons),
                at=rating.at,
            )
        ).inserted_primary_key[0]
        if follow_up is not None:
            self.conn.execute(
                insert(tables.follow_ups).values(
                    rating_id=rating_id, hall_id=follow_up.hall_id, opened_at=follow_up.opened_at
                )
            )
        return int(rating_id)


class SqlAlerts:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def active(self, hall_id: str) -> list[Alert]:
        a = tables.active_alerts.c
        rows = self.conn.execute(
            select(tables.active_alerts)
            .where(a.hall_id == hall_id)
            .order_by(a.level, a.since)  # "red" sorts before "yellow"
        )
        return [Alert(r.kind, r.subject, Level(r.level), r.since, r.data) for r in rows]

    def apply(self, hall_id: str, raised: Sequence[Alert], cleared: Sequence[Alert]) -> None:
        a = tables.active_alerts.c
        for alert in [*raised, *cleared]:
            self.conn.execute(
                delete(tables.active_alerts).where(
                    a.hall_id == hall_id, a.kind == alert.kind, a.subject == alert.subject
                )
            )
        if raised:
            self.conn.execute(
                insert(tables.active_alerts),
                [
                    {"hall_id": hall_id, "kind": x.kind, "subject": x.subject,
                     "level": x.level.value, "since": x.since, "data": x.data}
                    for x in raised
                ],
            )  # fmt: skip
