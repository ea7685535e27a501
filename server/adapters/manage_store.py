"""What the manager console reads and writes besides staff: catalogue edits, the notice,
the audit log, today's ratings and bad-rating follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from server.adapters import mapping, tables
from server.adapters.statements import inserted_id
from server.domain.catalogue import Service, Window
from server.domain.errors import UnknownFollowUp
from server.services.records import AuditEntry
from server.services.views import iso

S, W, T = tables.services.c, tables.windows.c, tables.tickets.c
R, F, A = tables.ratings.c, tables.follow_ups.c, tables.audit_log.c


class SqlCatalogueAdmin:
    """Services (active or not), new windows and the hall's notice line."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def services(self, hall_id: str) -> list[tuple[Service, bool]]:
        """Every service of the hall with whether it is active."""
        rows = self.conn.execute(
            select(tables.services).where(S.hall_id == hall_id).order_by(S.prefix, S.code)
        )
        return [(mapping.service_from_row(r), bool(r.active)) for r in rows]

    def add_service(self, hall_id: str, service: Service) -> None:
        self.conn.execute(
            insert(tables.services).values(**mapping.service_to_row(hall_id, service))
        )

    def save_service(self, hall_id: str, service: Service, active: bool) -> None:
        row = {**mapping.service_to_row(hall_id, service), "active": active}
        self.conn.execute(
            update(tables.services)
            .where(S.hall_id == hall_id, S.code == service.code)
            .values(**row)
        )

    def waiting_of_service(self, hall_id: str, day: date, code: str) -> int:
        found = self.conn.execute(
            select(func.count()).where(
                T.hall_id == hall_id, T.day == day, T.service_code == code, T.status == "waiting"
            )
        ).scalar()
        return int(found or 0)

    def add_window(self, window: Window) -> int:
        row = {**mapping.window_to_row(window), "version": 0}
        return inserted_id(self.conn.execute(insert(tables.windows).values(**row)))

    def set_notice(self, hall_id: str, notice_zh: str, notice_en: str) -> None:
        self.conn.execute(
            update(tables.halls)
            .where(tables.halls.c.id == hall_id)
            .values(notice_zh=notice_zh, notice_en=notice_en)
        )


class SqlAudit:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def record(self, entry: AuditEntry) -> dict[str, Any]:
        """Write one audit row, naming the actor as they are called now."""
        name = ""
        if entry.actor_id is not None:
            u = tables.users.c
            found = self.conn.execute(select(u.display_name).where(u.id == entry.actor_id))
            name = str(found.scalar() or "")
        row = {
            "hall_id": entry.hall_id, "at": entry.at, "actor_id": entry.actor_id,
            "actor_name": name, "action": entry.action, "subject": entry.subject,
            "before": entry.before, "after": entry.after,
        }  # fmt: skip
        audit_id = inserted_id(self.conn.execute(insert(tables.audit_log).values(**row)))
        return _audit_view({**row, "id": audit_id})

    def recent(self, hall_id: str, limit: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            select(tables.audit_log).where(A.hall_id == hall_id).order_by(A.id.desc()).limit(limit)
        )
        return [_audit_view(dict(r._mapping)) for r in rows]


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


class SqlFollowUps:
    """Bad-rating follow-ups (差评回访) and the day's rating counts."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _select(self) -> Any:
        return (
            select(
                F.id,
                F.hall_id,
                F.rating_id,
                F.opened_at,
                F.due_at,
                F.closed_at,
                F.closed_by,
                F.note,
                R.level,
                R.reasons,
                R.window_id,
                T.number,
                T.id.label("ticket_id"),
                W.number.label("window_number"),
            )
            .join(tables.ratings, R.id == F.rating_id)
            .join(tables.tickets, T.id == R.ticket_id)
            .outerjoin(tables.windows, W.id == R.window_id)
        )

    def open(self, hall_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            self._select().where(F.hall_id == hall_id, F.closed_at.is_(None)).order_by(F.id)
        )
        return [_follow_up_view(r) for r in rows]

    def get(self, follow_up_id: int) -> dict[str, Any]:
        row = self.conn.execute(self._select().where(F.id == follow_up_id)).first()
        if row is None:
            raise UnknownFollowUp(followup=follow_up_id)
        return _follow_up_view(row)

    def close(self, follow_up_id: int, user_id: int | None, note: str, now: datetime) -> bool:
        """Close it if still open; False when someone closed it first."""
        result = self.conn.execute(
            update(tables.follow_ups)
            .where(F.id == follow_up_id, F.closed_at.is_(None))
            .values(closed_at=now, closed_by=user_id, note=note)
        )
        return result.rowcount == 1

    def ratings_of_day(self, hall_id: str, day: date) -> dict[int, int]:
        """How many ratings of each level the hall's tickets of that day received."""
        rows = self.conn.execute(
            select(R.level, func.count())
            .join(tables.tickets, T.id == R.ticket_id)
            .where(R.hall_id == hall_id, T.day == day)
            .group_by(R.level)
        )
        return {int(level): int(n) for level, n in rows}


def _follow_up_view(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "hall_id": r.hall_id,
        "rating_id": r.rating_id,
        "ticket_id": r.ticket_id,
        "ticket": r.number,
        "window_id": r.window_id,
        "window": r.window_number,
        "level": int(r.level),
        "reasons": list(r.reasons or []),
        "opened_at": iso(r.opened_at),
        "due_at": iso(r.due_at),
        "closed_at": iso(r.closed_at),
        "closed_by": r.closed_by,
        "note": r.note,
    }
