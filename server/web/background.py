"""Background work of a serving process: end past service days (services/day_end.py),
announce kiosks silent too long offline (services/device_health.py) and
recompute red/yellow warnings on a timer, and
(with other processes) close the sockets of devices revoked elsewhere.

With several processes on one PostgreSQL database, one process owns each hall's ticker: two
passes at once could both read the same warnings, both store the same change and both
announce it. Ownership is a PostgreSQL session advisory lock per hall, held on a connection
of its own: when the owner dies, its connection closes, the lock is released, and another
process takes the hall over at its next tick. SQLite serves from one process: no lock.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from server.adapters import tables
from server.adapters.publisher import NAMESPACE, device_room
from server.services.day_end import end_past_days
from server.services.device_health import mark_silent_kiosks
from server.services.retention import DailyPurge, purge_personal_data
from server.services.snapshot import refresh_alerts

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


def disconnect_revoked(socketio: Any, engine: Engine) -> int:
    """Close this process's sockets of devices revoked since they connected.

    The process that handles a revocation closes the sockets it holds itself; python-socketio
    lists a room's local members only, so each other process finds its own here.
    """
    server = socketio.server
    rooms = server.manager.rooms.get(NAMESPACE, {})
    prefix = device_room(0)[:-1]
    ids = {
        int(r[len(prefix) :]) for r in list(rooms) if isinstance(r, str) and r.startswith(prefix)
    }
    if not ids:
        return 0
    d = tables.devices.c
    with engine.connect() as conn:
        found = select(d.id).where(d.id.in_(ids), d.revoked_at.is_not(None))
        revoked = list(conn.execute(found).scalars())
    closed = 0
    for device_id in revoked:
        for sid, _ in list(server.manager.get_participants(NAMESPACE, device_room(device_id))):
            server.disconnect(sid, namespace=NAMESPACE)
            closed += 1
    return closed


def start_alert_ticker(
    socketio: Any,
    runtime: Any,
    hall_ids: list[str],
    interval: float,
    *,
    shared: bool = False,
    retention: dict[str, Any] | None = None,  # hall -> RetentionPolicy: purge once a day
) -> None:
    """Refresh the warnings of the halls this process owns every `interval` seconds; with
    `shared` (a message queue: other processes), also close sockets of revoked devices."""
    lease = TickerLease(runtime.engine, hall_ids)
    daily_purge = DailyPurge(retention or {})

    def loop() -> None:
        first = True
        while True:
            if not first:  # the first pass at once: a server started mid-day ends old days
                socketio.sleep(interval)
            first = False
            for hall_id in lease.owned():
                try:
                    runtime.execute(end_past_days, hall_id)
                except Exception:
                    log.exception("ending past days of %s failed", hall_id)
                purge = daily_purge.due(hall_id, runtime.clock.now())
                if purge is not None:
                    try:
                        runtime.execute(purge_personal_data, purge)
                    except Exception:  # tried again tomorrow; logged, not raised
                        log.exception("purging personal data of %s failed", hall_id)
                try:  # before the warnings: a kiosk gone silent is one of them
                    runtime.execute(mark_silent_kiosks, hall_id)
                except Exception:
                    log.exception("checking the kiosks of %s failed", hall_id)
                try:
                    runtime.execute(refresh_alerts, hall_id)
                except Exception:  # keep ticking: one bad pass must not stop warnings for good
                    log.exception("refreshing warnings of %s failed", hall_id)
            if shared:
                try:
                    disconnect_revoked(socketio, runtime.engine)
                except Exception:
                    log.exception("closing sockets of revoked devices failed")

    socketio.start_background_task(loop)
