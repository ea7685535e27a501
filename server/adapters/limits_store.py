"""Limits in the database, so every server process sees the same counts: an atomic
fixed-window counter (one upsert statement on SQLite and PostgreSQL), sign-in locks and
each hall's [limits] settings, as the unit of work's SqlLimits and SqlSignInLocks.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    ForeignKey,
    Integer,
    String,
    Table,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.adapters.schema import UtcDateTime, metadata
from server.domain.limits import HallLimits, Window
from server.services.sign_in import NAME_SCOPE, name_subject

rate_counters = Table(
    "rate_counters",
    metadata,
    Column("scope", String(30), primary_key=True),  # login_name | login_address | kiosk | ...
    Column("subject", String(160), primary_key=True),  # a hash or an id, never personal data
    Column("period", Integer, primary_key=True),  # the window's number (domain.limits.Window)
    Column("count", Integer, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

sign_in_locks = Table(
    "sign_in_locks",
    metadata,
    Column("subject", String(64), primary_key=True),  # name_subject(user name)
    Column("locked_at", UtcDateTime, nullable=False),
    Column("locked_until", UtcDateTime, nullable=False),
)

hall_limits = Table(
    "hall_limits",
    metadata,
    Column("hall_id", ForeignKey("halls.id"), primary_key=True),
    Column("limits", JSON, nullable=False),
)

R = rate_counters.c


def _hit_statement(make_insert: Any) -> Any:
    stmt = make_insert(rate_counters).values(
        scope=bindparam("p_scope"),
        subject=bindparam("p_subject"),
        period=bindparam("p_period"),
        count=1,
        expires_at=bindparam("p_expires"),
    )
    return stmt.on_conflict_do_update(
        index_elements=["scope", "subject", "period"], set_={"count": R.count + 1}
    ).returning(R.count)


HIT = {"sqlite": _hit_statement(sqlite_insert), "postgresql": _hit_statement(pg_insert)}


def hit(conn: Connection, scope: str, subject: str, window: Window) -> int:
    """Count one more in the subject's current window and return the new count, atomically:
    concurrent hits from any process each get their own number."""
    params = {"p_scope": scope, "p_subject": subject[:160], "p_period": window.index,
              "p_expires": window.ends_at}  # fmt: skip
    count = int(conn.execute(HIT[conn.dialect.name], params).scalar_one())
    if count == 1:  # a new window: drop the scope's windows that ended before it began
        conn.execute(
            delete(rate_counters).where(R.scope == scope, R.expires_at <= window.starts_at)
        )
    return count


def refund(conn: Connection, scope: str, subject: str, window: Window) -> None:
    """Give one count back in the subject's window (an attempt that turned out fine)."""
    conn.execute(
        update(rate_counters)
        .where(R.scope == scope, R.subject == subject[:160], R.period == window.index,
               R.count > 0)
        .values(count=R.count - 1)
    )  # fmt: skip


def forget(conn: Connection, scope: str, subject: str) -> None:
    """Drop a subject's counts (a successful sign-in resets its failures)."""
    conn.execute(delete(rate_counters).where(R.scope == scope, R.subject == subject[:160]))


def purge_expired(conn: Connection, now: datetime) -> int:
    return int(conn.execute(delete(rate_counters).where(R.expires_at <= now)).rowcount)


def lock_of(conn: Connection, username: str, now: datetime) -> datetime | None:
    """Until when this user name is locked (None: not locked)."""
    c = sign_in_locks.c
    until = conn.execute(
        select(c.locked_until).where(c.subject == name_subject(username))
    ).scalar_one_or_none()
    return until if until is not None and until > now else None


def lock(conn: Connection, username: str, now: datetime, until: datetime) -> None:
    subject = name_subject(username)
    conn.execute(delete(sign_in_locks).where(sign_in_locks.c.subject == subject))
    conn.execute(insert(sign_in_locks).values(subject=subject, locked_at=now, locked_until=until))


def unlock(conn: Connection, username: str) -> bool:
    """Lift a lock and forget the failures (a manager set a new password)."""
    subject = name_subject(username)
    forget(conn, NAME_SCOPE, subject)
    return bool(
        conn.execute(delete(sign_in_locks).where(sign_in_locks.c.subject == subject)).rowcount
    )


def save_hall_limits(conn: Connection, hall_id: str, limits: HallLimits) -> None:
    conn.execute(delete(hall_limits).where(hall_limits.c.hall_id == hall_id))
    conn.execute(insert(hall_limits).values(hall_id=hall_id, limits=asdict(limits)))


def seed_hall_limits(conn: Connection, hall_id: str, limits: HallLimits) -> None:
    """Store the file's limits unless the hall has some (a `serve` start only seeds)."""
    found = conn.execute(select(hall_limits.c.hall_id).where(hall_limits.c.hall_id == hall_id))
    if found.first() is None:
        save_hall_limits(conn, hall_id, limits)


def load_hall_limits(conn: Connection, hall_id: str) -> HallLimits:
    """The hall's limits; the defaults when its file set none."""
    row = conn.execute(
        select(hall_limits.c.limits).where(hall_limits.c.hall_id == hall_id)
    ).scalar_one_or_none()
    if row is None:
        return HallLimits()
    known = HallLimits.__dataclass_fields__
    return HallLimits(**{k: v for k, v in row.items() if k in known})


class SqlLimits:
    """The limits a use case counts inside its own transaction: a refused or failed request
    rolls its count back with everything else."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def of_hall(self, hall_id: str) -> HallLimits:
        return load_hall_limits(self.conn, hall_id)

    def hit(self, scope: str, subject: str, window: Window) -> int:
        return hit(self.conn, scope, subject, window)

    def refund(self, scope: str, subject: str, window: Window) -> None:
        refund(self.conn, scope, subject, window)

    def forget(self, scope: str, subject: str) -> None:
        forget(self.conn, scope, subject)

    def unlock_sign_in(self, username: str) -> bool:
        return unlock(self.conn, username)


class SqlSignInLocks:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def until(self, username: str, now: datetime) -> datetime | None:
        return lock_of(self.conn, username, now)

    def lock(self, username: str, now: datetime, until: datetime) -> None:
        lock(self.conn, username, now, until)
