"""Engines: SQLite in WAL mode by default, PostgreSQL through DATABASE_URL, same code."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000  # how long a transaction waits for the write lock
# SQLite's own busy wait sleeps inside C, which stops every greenlet of a gevent server (all
# requests and sockets) while one request waits for a lock. So it waits only briefly, and the
# wait for the write lock is done by _on_begin in time.sleep, which gevent patches: the other
# requests go on meanwhile.
SQLITE_NATIVE_BUSY_MS = 50


def make_engine(url: str) -> Engine:
    """Create the engine for a database URL, tuned for many short write transactions."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, pool_size=20)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy own transactions; WAL lets readers run beside the one writer.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_NATIVE_BUSY_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock at the start: no deadlock upgrading a read to a write.
        deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "locked" not in str(exc.orig) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)  # cooperative under gevent
            pause = min(pause * 2, 0.05)

    return engine
