"""SQLAlchemy repositories: each works inside the unit of work's one connection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import Connection, delete, insert, select

from server.adapters import mapping, tables
from server.adapters import statements as sql
from server.adapters.cache import TtlCache
from server.domain.alerts import Alert, Level
from server.domain.catalogue import Service, Window
from server.domain.errors import NotFound, UnknownWindow
from server.domain.hall import Hall
from server.domain.rating import FollowUp, Rating

ON_WINDOW = ("called", "serving")


class SqlHalls:
    """Halls and their services; read through a short-lived cache when one is given."""

    def __init__(self, conn: Connection, cache: TtlCache | None = None) -> None:
        self.conn = conn
        self.cache = cache

    def get(self, hall_id: str) -> Hall:
        if self.cache is None:
            return self._load_hall(hall_id)
        return self.cache.get_or_load(("hall", hall_id), lambda: self._load_hall(hall_id))  # type: ignore[no-any-return]

    def services(self, hall_id: str) -> dict[str, Service]:
        if self.cache is None:
            return self._load_services(hall_id)
        found = self.cache.get_or_load(("services", hall_id), lambda: self._load_services(hall_id))
        return dict(found)

    def _load_hall(self, hall_id: str) -> Hall:
        row = self.conn.execute(select(tables.halls).where(tables.halls.c.id == hall_id)).first()
        if row is None:
            raise NotFound(hall=hall_id)
        return mapping.hall_from_row(row)

    def _load_services(self, hall_id: str) -> dict[str, Service]:
        rows = self.conn.execute(
            select(tables.services)
            .where(tables.services.c.hall_id == hall_id, tables.services.c.active.is_(True))
            .order_by(tables.services.c.prefix, tables.services.c.code)
        )
        return {r.code: mapping.service_from_row(r) for r in rows}


class SqlWindows:
    """Windows; the hall's list is cached briefly (as copies) and dropped on every save here."""

    def __init__(self, conn: Connection, cache: TtlCache | None = None) -> None:
        self.conn = conn
        self.cache = cache

    def get(self, window_id: int) -> Window:
        row = self.conn.execute(sql.WINDOW_BY_ID, {"p_id": window_id}).first()
        if row is None:
            raise UnknownWindow(window=window_id)
        return mapping.window_from_row(row)

    def _load_list(self, hall_id: str) -> list[Window]:
        rows = self.conn.execute(sql.WINDOWS_OF_HALL, {"p_hall": hall_id})
        return [mapping.window_from_row(r) for r in rows]

    # After _load_list: below this line `list` in an annotation is this method.
    def list(self, hall_id: str) -> list[Window]:
        if self.cache is None:
            return self._load_list(hall_id)
        cached = self.cache.get_or_load(("windows", hall_id), lambda: self._load_list(hall_id))
        return [replace(w, changes=[]) for w in cached]

    def of_clerk(self, user_id: int) -> Window | None:
        row = self.conn.execute(
            select(tables.windows).where(tables.windows.c.clerk_id == user_id)
        ).first()
        return mapping.window_from_row(row) if row else None

    def save(self, window: Window) -> None:
        row = mapping.window_to_row(window)
        window.version = sql.WINDOW_SAVE.save(
            self.conn, window.id, window.version, row, window.number
        )
        if self.cache is not None:
            self.cache.discard(("windows", window.hall_id))


class SqlCounters:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def increment(self, hall_id: str, day: date, key: str) -> int:
        """Atomically bump a day's counter: one row per hall, day and key, never recounted."""
        return self.add(hall_id, day, key, 1)

    def add(self, hall_id: str, day: date, key: str, amount: int) -> int:
        stmt = sql.COUNTER_ADD[self.conn.dialect.name]
        params = {"p_hall": hall_id, "p_day": day, "p_key": key, "p_amount": amount}
        return int(self.conn.execute(stmt, params).scalar_one())

    def day_values(self, hall_id: str, day: date, prefix: str) -> dict[str, int]:
        """The day's counters whose key starts with `prefix`, by the key."""
        stmt = sql.counters_with_prefix(prefix)
        rows = self.conn.execute(stmt, {"p_hall": hall_id, "p_day": day})
        return {key: int(value) for key, value in rows}


class SqlRatings:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def exists(self, ticket_id: int) -> bool:
        r = tables.ratings.c
        return self.conn.execute(select(r.id).where(r.ticket_id == ticket_id)).first() is not None

    def add(self, rating: Rating, follow_up: FollowUp | None) -> int:
        rating_id = sql.inserted_id(
            self.conn.execute(
                insert(tables.ratings).values(
                    ticket_id=rating.ticket_id,
                    hall_id=rating.hall_id,
                    window_id=rating.window_id,
                    level=int(rating.level),
                    reasons=list(rating.reasons),
                    at=rating.at,
                )
            )
        )
        if follow_up is not None:
            self.conn.execute(
                insert(tables.follow_ups).values(
                    rating_id=rating_id,
                    hall_id=follow_up.hall_id,
                    opened_at=follow_up.opened_at,
                    due_at=follow_up.due_at,
                )
            )
        return rating_id


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
