"""Which halls' background ticker this process runs (server/web/background.py).

With several processes on one PostgreSQL database, one process owns each hall's ticker: two
passes at once could both read the same warnings, both store the same change and both
announce it. Ownership is a PostgreSQL session advisory lock per hall, held on a connection
of its own (not a unit of work: a session lock outlives transactions, and it is held while
the process lives): when the owner dies, its connection closes, the lock is released, and
another process takes the hall over at its next tick. SQLite serves from one process: no lock.
"""

from __future__ import annotations

import logging
import zlib

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

LOCK_CLASS = 0x6F77  # "ow": the first key of pg_try_advisory_lock(int, int), ours alone


def hall_lock_key(hall_id: str) -> int:
    """The second advisory-lock key of a hall: a stable signed 32-bit hash of its id."""
    return zlib.crc32(hall_id.encode()) - 2**31


class TickerLease:
    """Which of the given halls this process refreshes now: those whose lock it holds."""

    def __init__(self, engine: Engine, hall_ids: list[str]) -> None:
        self.engine, self.hall_ids = engine, hall_ids
        self.shared = engine.dialect.name == "postgresql"
        self._conn: Connection | None = None
        self._held: set[str] = set()

    def owned(self) -> list[str]:
        """Keep the locks held, try to take the others; the halls to refresh this tick."""
        if not self.shared:
            return list(self.hall_ids)
        try:
            if self._conn is None:
                self._conn = self.engine.connect()
                self._held.clear()
            self._conn.execute(text("SELECT 1")).scalar()  # a dead session holds no lock
            for hall_id in self.hall_ids:
                if hall_id not in self._held and self._try(hall_id):
                    log.info("this process now refreshes the warnings of %s", hall_id)
                    self._held.add(hall_id)
            self._conn.commit()  # leave no transaction open; session locks stay
        except Exception:
            log.warning("advisory lock connection lost; retrying at the next tick")
            self.release()
            return []
        return [h for h in self.hall_ids if h in self._held]

    def _try(self, hall_id: str) -> bool:
        assert self._conn is not None
        sql = text("SELECT pg_try_advisory_lock(:a, :b)")
        return bool(
            self._conn.execute(sql, {"a": LOCK_CLASS, "b": hall_lock_key(hall_id)}).scalar()
        )

    def release(self) -> None:
        """Close the lock connection: the server releases every lock of the session."""
        conn, self._conn = self._conn, None
        self._held.clear()
        if conn is not None:
            try:
                conn.invalidate()  # never back to the pool with its locks
                conn.close()
            except Exception:
                log.debug("closing the advisory lock connection failed", exc_info=True)
