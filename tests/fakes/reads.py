"""Read models: the counter console's (faked) and the ones the fake leaves out."""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from server.domain.ticket import TicketStatus
from tests.fakes.database import FakeDatabase

NOTE_KINDS = ("transfer", "note")


class FakeCounterReads:
    """As SqlCounterReads: notes from a ticket's history, a clerk's day, the last finished."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def ticket_notes(self, ticket_id: int) -> list[dict[str, Any]]:
        notes = []
        for _, e in sorted(self.db.ticket_events.items()):
            if e["ticket_id"] != ticket_id or e["kind"] not in NOTE_KINDS:
                continue
            data = e["data"] or {}
            if data.get("note"):
                from_window = data.get("from_window") if e["kind"] == "transfer" else e["window_id"]
                notes.append({"at": e["at"].isoformat(), "from_window_id": from_window,
                              "text": data["note"]})  # fmt: skip
        return notes

    def identity_checks(self, ticket_id: int) -> list[str]:
        reasons = [r["reason"] for _, r in sorted(self.db.help_requests.items())
                   if r["ticket_id"] == ticket_id]  # fmt: skip
        return list(dict.fromkeys(reasons))

    def clerk_day(self, hall_id: str, day: date, user_id: int) -> dict[str, Any]:
        calls = no_shows = 0
        seconds: list[float] = []
        for e in self.db.ticket_events.values():
            row = self.db.tickets.get(e["ticket_id"])
            if row is None or e["hall_id"] != hall_id or row.ticket.day != day:
                continue
            if e["actor_id"] != user_id or e["kind"] not in ("call", "finish", "no_show"):
                continue
            t = row.ticket
            if e["kind"] == "call":
                calls += 1
            elif e["kind"] == "no_show":
                no_shows += 1
            elif t.serving_at is not None and t.finished_at is not None:
                seconds.append((t.finished_at - t.serving_at).total_seconds())
        mean = round(sum(seconds) / len(seconds)) if seconds else None
        return {"served": len(seconds), "called": calls, "no_shows": no_shows,
                "average_service_seconds": mean}  # fmt: skip

    def last_finished_at(self, window_id: int, day: date) -> int | None:
        done = [r.ticket for r in self.db.tickets.values()
                if r.ticket.window_id == window_id and r.ticket.day == day
                and r.ticket.status is TicketStatus.DONE]  # fmt: skip
        if not done:
            return None
        latest = max(done, key=lambda t: (t.finished_at is not None, t.finished_at, t.id))
        return latest.id


class NotFaked:
    """A port the fake leaves out: any use names it, so a test knows what to fake next."""

    def __init__(self, port: str) -> None:
        self.port = port

    def __getattr__(self, name: str) -> NoReturn:
        raise NotImplementedError(f"the fake unit of work has no {self.port}.{name}")
