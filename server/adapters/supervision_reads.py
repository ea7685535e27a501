"""Read model of the supervision report and the exports: tickets, ratings, cases of a period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, select

from server.adapters import tables

T, R, W = tables.tickets.c, tables.ratings.c, tables.windows.c
C, S, E, U = tables.cases.c, tables.case_steps.c, tables.ticket_events.c, tables.users.c


class SqlSupervisionReads:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def tickets(self, hall_id: str, first: date, last: date) -> list[dict[str, Any]]:
        """Tickets of the service days [first, last], masked, with their window's number."""
        rows = self.conn.execute(
            select(
                T.day,
                T.number,
                T.service_code,
                T.status,
                T.priority,
                T.issued_at,
                T.called_at,
                T.finished_at,
                T.outcome,
                W.number.label("window"),
                T.name_masked,
                T.id_masked,
            )  # fmt: skip
            .select_from(tables.tickets.outerjoin(tables.windows, W.id == T.window_id))
            .where(T.hall_id == hall_id, T.day >= first, T.day <= last)
            .order_by(T.id)
        )
        return [dict(r._mapping) for r in rows]

    def ratings(self, hall_id: str, first: date, last: date) -> list[dict[str, Any]]:
        """Ratings of the tickets of [first, last], with window, service and the clerk who
        finished the ticket (the finish row of its history)."""
        finish = tables.ticket_events.alias("finish")
        rows = self.conn.execute(
            select(
                T.day,
                T.number,
                T.service_code,
                R.level,
                R.at,
                W.number.label("window"),
                U.display_name.label("clerk_name"),
                U.username.label("clerk_username"),
            )  # fmt: skip
            .select_from(
                tables.ratings.join(tables.tickets, T.id == R.ticket_id)
                .outerjoin(tables.windows, W.id == R.window_id)
                .outerjoin(finish, and_(finish.c.ticket_id == T.id, finish.c.kind == "finish"))
                .outerjoin(tables.users, U.id == finish.c.actor_id)
            )
            .where(R.hall_id == hall_id, T.day >= first, T.day <= last)
            .order_by(R.id)
        )
        out = []
        for r in rows:
            m = dict(r._mapping)
            m["clerk"] = m.pop("clerk_name") or m.pop("clerk_username") or ""
            m.pop("clerk_username", None)
            out.append(m)
        return out

    def cases(self, hall_id: str, first: date, last: date) -> list[dict[str, Any]]:
        """Cases accepted in [first, last], masked."""
        rows = self.conn.execute(
            select(
                C.number,
                C.service_code,
                C.status,
                C.accepted_at,
                C.accepted_on,
                C.promised_days,
                C.deadline,
                C.name_masked,
                C.id_masked,
                C.delivery,
                C.tracking,
            )  # fmt: skip
            .where(C.hall_id == hall_id, C.accepted_on >= first, C.accepted_on <= last)
            .order_by(C.id)
        )
        return [dict(r._mapping) for r in rows]

    def decisions(
        self, hall_id: str, first: date, last: date, timezone: str
    ) -> list[tuple[date, date]]:
        """(deadline, local day of the decision) of cases approved or refused in the period."""
        zone = ZoneInfo(timezone)
        start = datetime.combine(first, time(0), zone).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
        rows = self.conn.execute(
            select(C.deadline, S.at)
            .select_from(tables.case_steps.join(tables.cases, C.id == S.case_id))
            .where(
                S.hall_id == hall_id, S.action.in_(("approve", "reject")), S.at >= start, S.at < end
            )  # fmt: skip
        )
        return [(deadline, at.astimezone(zone).date()) for deadline, at in rows]
