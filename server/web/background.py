"""Background work of a serving process: end past service days (services/day_end.py),
announce kiosks silent too long offline (services/device_health.py) and
recompute red/yellow warnings on a timer, and
(with other processes) close the sockets of devices revoked elsewhere. Each step is a use
case run through the unit of work; which halls this process ticks for is decided by a lease
(server/adapters/ticker_lease.py: a PostgreSQL advisory lock per hall).
"""

from __future__ import annotations

import logging
from typing import Any

from server.adapters.publisher import NAMESPACE, device_room
from server.adapters.ticker_lease import LOCK_CLASS, TickerLease, hall_lock_key
from server.services.day_end import end_past_days
from server.services.device_health import mark_silent_kiosks
from server.services.principals import revoked_devices
from server.services.retention import DailyPurge, purge_personal_data
from server.services.snapshot import refresh_alerts

__all__ = ["LOCK_CLASS", "TickerLease", "disconnect_revoked", "hall_lock_key",
           "start_alert_ticker"]  # fmt: skip

log = logging.getLogger(__name__)


def disconnect_revoked(socketio: Any, runtime: Any) -> int:
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
    revoked = runtime.read(revoked_devices, ids)
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
                    disconnect_revoked(socketio, runtime)
                except Exception:
                    log.exception("closing sockets of revoked devices failed")

    socketio.start_background_task(loop)
