"""Ratings and their follow-ups, active warnings and the audit log, as the SQL stores keep them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from server.domain.alerts import Alert, Level
from server.domain.errors import UnknownFollowUp
from server.domain.rating import FollowUp, Rating
from server.services.records import AuditEntry
from server.services.views import iso
from tests.fakes.database import FakeDatabase, as_json, unique_violation, utc


class FakeRatings:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def exists(self, ticket_id: int) -> bool:
        return any(r["ticket_id"] == ticket_id for r in self.db.ratings.values())

    def add(self, rating: Rating, follow_up: FollowUp | None) -> int:
        if self.exists(rating.ticket_id):
            raise unique_violation("ratings", "ticket_id")
        rating_id = self.db.next_id("ratings")
        self.db.ratings[rating_id] = {
            "id": rating_id, "ticket_id": rating.ticket_id, "hall_id": rating.hall_id,
            "window_id": rating.window_id, "level": int(rating.level),
            "reasons": as_json(list(rating.reasons)), "at": utc(rating.at),
        }  # fmt: skip
        if follow_up is not None:
            follow_up_id = self.db.next_id("follow_ups")
            due = utc(follow_up.due_at) if follow_up.due_at else None
            self.db.follow_ups[follow_up_id] = {
                "id": follow_up_id, "rating_id": rating_id, "hall_id": follow_up.hall_id,
                "opened_at": utc(follow_up.opened_at), "due_at": due, "closed_at": None,
                "closed_by": None, "note": "",
            }  # fmt: skip
        return rating_id


class FakeFollowUps:
    """Bad-rating follow-ups (差评回访) and the day's rating counts."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def _view(self, f: dict[str, Any]) -> dict[str, Any] | None:
        rating = self.db.ratings.get(f["rating_id"])
        row = self.db.tickets.get(rating["ticket_id"]) if rating else None
        if rating is None or row is None:
            return None  # the inner joins drop it
        window = self.db.windows.get(rating["window_id"]) if rating["window_id"] else None
        return {
            "id": f["id"], "hall_id": f["hall_id"], "rating_id": f["rating_id"],
            "ticket_id": row.ticket.id, "ticket": row.ticket.number,
            "window_id": rating["window_id"], "window": window.number if window else None,
            "level": int(rating["level"]), "reasons": list(rating["reasons"] or []),
            "opened_at": iso(f["opened_at"]), "due_at": iso(f["due_at"]),
            "closed_at": iso(f["closed_at"]), "closed_by": f["closed_by"], "note": f["note"],
        }  # fmt: skip

    def open(self, hall_id: str) -> list[dict[str, Any]]:
        rows = [f for _, f in sorted(self.db.follow_ups.items())
                if f["hall_id"] == hall_id and f["closed_at"] is None]  # fmt: skip
        return [v for f in rows if (v := self._view(f)) is not None]

    def get(self, follow_up_id: int) -> dict[str, Any]:
        f = self.db.follow_ups.get(follow_up_id)
        view = self._view(f) if f else None
        if view is None:
            raise UnknownFollowUp(followup=follow_up_id)
        return view

    def close(self, follow_up_id: int, user_id: int | None, note: str, now: datetime) -> bool:
        """Close it if still open; False when someone closed it first."""
        f = self.db.follow_ups.get(follow_up_id)
        if f is None or f["closed_at"] is not None:
            return False
        f.update(closed_at=utc(now), closed_by=user_id, note=note)
        return True

    def ratings_of_day(self, hall_id: str, day: date) -> dict[int, int]:
        counts: dict[int, int] = {}
        for r in self.db.ratings.values():
            row = self.db.tickets.get(r["ticket_id"])
            if r["hall_id"] == hall_id and row is not None and row.ticket.day == day:
                counts[int(r["level"])] = counts.get(int(r["level"]), 0) + 1
        return counts


class FakeAlerts:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def active(self, hall_id: str) -> list[Alert]:
        """By level ("red" sorts before "yellow"), then since."""
        mine = [a for (h, _, _), a in self.db.alerts.items() if h == hall_id]
        mine.sort(key=lambda a: (a.level.value, a.since))
        return [Alert(a.kind, a.subject, Level(a.level), a.since, as_json(a.data)) for a in mine]

    def apply(self, hall_id: str, raised: Sequence[Alert], cleared: Sequence[Alert]) -> None:
        for alert in [*raised, *cleared]:
            self.db.alerts.pop((hall_id, alert.kind, alert.subject), None)
        for x in raised:
            key = (hall_id, x.kind, x.subject)
            if key in self.db.alerts:
                raise unique_violation("active_alerts", "hall_id", "kind", "subject")
            self.db.alerts[key] = Alert(x.kind, x.subject, x.level, utc(x.since), as_json(x.data))


class FakeAudit:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def record(self, entry: AuditEntry) -> dict[str, Any]:
        """Write one audit row, naming the actor as they are called now."""
        user = self.db.users.get(entry.actor_id) if entry.actor_id is not None else None
        audit_id = self.db.next_id("audit_log")
        row = {
            "id": audit_id, "hall_id": entry.hall_id, "at": utc(entry.at),
            "actor_id": entry.actor_id, "actor_name": str(user["display_name"] or "") if user
            else "", "action": entry.action, "subject": entry.subject,
            "before": as_json(entry.before), "after": as_json(entry.after),
        }  # fmt: skip
        self.db.audit_log[audit_id] = row
        return _audit_view(row)

    def recent(self, hall_id: str, limit: int) -> list[dict[str, Any]]:
        rows = [r for _, r in sorted(self.db.audit_log.items(), reverse=True)
                if r["hall_id"] == hall_id]  # fmt: skip
        return [_audit_view(r) for r in rows[:limit]]


def _audit_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": iso(row["at"]),
        "actor": {"id": row["actor_id"], "name": row["actor_name"]},
        "action": row["action"],
        "subject": row["subject"],
        "before": row["before"],
        "after": row["after"],
    }
