"""The counter console's read model: queries no aggregate repository answers.

Like cosmicpython's `views.py`, these read straight from the tables inside the use case's
transaction: a ticket's notes from its history, a clerk's figures for the day, the last
ticket finished at a window. They never write.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from server.adapters import face_store, tables

E, T = tables.ticket_events.c, tables.tickets.c
NOTE_KINDS = ("transfer", "note")


class SqlCounterReads:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def ticket_notes(self, ticket_id: int) -> list[dict[str, Any]]:
        """Notes left on a ticket by the windows it passed through, oldest first."""
        rows = self.conn.execute(
            select(E.kind, E.at, E.window_id, E.data)
            .where(E.ticket_id == ticket_id, E.kind.in_(NOTE_KINDS))
            .order_by(E.id)
        )
        notes = []
        for kind, at, window_id, data in rows:
            text = (data or {}).get("note")
            if text:
                from_window = (data or {}).get("from_window") if kind == "transfer" else window_id
                notes.append({"at": at.isoformat(), "from_window_id": from_window, "text": text})
        return notes

    def identity_checks(self, ticket_id: int) -> list[str]:
        """Why a kiosk asked the window to check this ticket's person (e.g. identity_manual)."""
        H = face_store.help_requests.c
        rows = self.conn.execute(select(H.reason).where(H.ticket_id == ticket_id).order_by(H.id))
        return list(dict.fromkeys(reason for (reason,) in rows))

    def clerk_day(self, hall_id: str, day: date, user_id: int) -> dict[str, Any]:
        """A clerk's own figures today: tickets served and their mean service time."""
        rows = self.conn.execute(
            select(E.kind, T.serving_at, T.finished_at)
            .join(tables.tickets, T.id == E.ticket_id)
            .where(
                E.hall_id == hall_id,
                T.day == day,
                E.actor_id == user_id,
                E.kind.in_(("call", "finish", "no_show")),
            )
        )
        calls = no_shows = 0
        seconds: list[float] = []
        for kind, serving_at, finished_at in rows:
            if kind == "call":
                calls += 1
            elif kind == "no_show":
                no_shows += 1
            elif serving_at is not None and finished_at is not None:
                seconds.append((finished_at - serving_at).total_seconds())
        mean = round(sum(seconds) / len(seconds)) if seconds else None
        return {"served": len(seconds), "called": calls, "no_shows": no_shows,
                "average_service_seconds": mean}  # fmt: skip

    def last_finished_at(self, window_id: int, day: date) -> int | None:
        """The id of the ticket most recently finished at the window today, if any."""
        row = self.conn.execute(
            select(T.id)
            .where(T.window_id == window_id, T.day == day, T.status == "done")
            .order_by(T.finished_at.desc(), T.id.desc())
            .limit(1)
        ).first()
        return None if row is None else int(row[0])
