"""Statements of the hot paths, built once with bind parameters.

Building a SQLAlchemy statement (coercing each clause, generating its cache key) costs more
than SQLite takes to run it; a prebuilt statement pays that once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import CursorResult, bindparam, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.adapters import tables
from server.adapters.versioning import Versioned

T, W, C = tables.tickets.c, tables.windows.c, tables.counters.c
ON_WINDOW = ("called", "serving")


def _counter_upsert(make_insert: Any) -> Any:
    """Add to a day's counter in one statement, creating it at 0 first: atomic everywhere."""
    stmt = make_insert(tables.counters).values(
        hall_id=bindparam("p_hall"),
        day=bindparam("p_day"),
        key=bindparam("p_key"),
        value=bindparam("p_amount"),
    )
    return stmt.on_conflict_do_update(
        index_elements=["hall_id", "day", "key"],
        set_={"value": C.value + stmt.excluded.value},
    ).returning(C.value)


COUNTER_ADD = {"sqlite": _counter_upsert(sqlite_insert), "postgresql": _counter_upsert(pg_insert)}


@cache
def counters_with_prefix(prefix: str) -> Any:
    """The day's counters whose key starts with `prefix` (one statement per prefix)."""
    return select(C.key, C.value).where(
        C.hall_id == bindparam("p_hall"),
        C.day == bindparam("p_day"),
        C.key.startswith(prefix, autoescape=True),
    )


TICKET_BY_ID = select(tables.tickets).where(T.id == bindparam("p_id"))
TICKET_AT_WINDOW = select(tables.tickets).where(
    T.window_id == bindparam("p_window"), T.status.in_(ON_WINDOW)
)
TICKET_INSERT = insert(tables.tickets)
TICKET_SAVE = Versioned(tables.tickets, "ticket")
EVENT_INSERT = insert(tables.ticket_events)

WAITING_COUNTS = (
    select(T.service_code, func.count())
    .where(
        T.hall_id == bindparam("p_hall"),
        T.day == bindparam("p_day"),
        T.status == "waiting",
        T.target_window_id.is_(None),
    )
    .group_by(T.service_code)
)

CANDIDATES = select(
    T.id, T.service_code, T.priority, T.queue_at, T.issued_at, T.target_window_id
).where(
    T.hall_id == bindparam("p_hall"),
    T.day == bindparam("p_day"),
    T.status == "waiting",
    or_(
        T.service_code.in_(bindparam("p_services", expanding=True)),
        T.target_window_id == bindparam("p_window"),
    ),
)

WINDOW_BY_ID = select(tables.windows).where(W.id == bindparam("p_id"))
WINDOWS_OF_HALL = select(tables.windows).where(W.hall_id == bindparam("p_hall")).order_by(W.number)
WINDOW_SAVE = Versioned(tables.windows, "window")


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an INSERT added."""
    key = result.inserted_primary_key
    if key is None:
        raise ValueError("not the result of a one-row INSERT")
    return int(key[0])
