"""Background work of a serving process: recompute red/yellow warnings on a timer."""

from __future__ import annotations

import logging
from typing import Any

from server.services.snapshot import refresh_alerts

log = logging.getLogger(__name__)


def start_alert_ticker(socketio: Any, runtime: Any, hall_ids: list[str], interval: float) -> None:
    def loop() -> None:
        while True:
            socketio.sleep(interval)
            for hall_id in hall_ids:
                try:
                    runtime.execute(refresh_alerts, hall_id)
                except Exception:  # keep ticking: one bad pass must not stop warnings for good
                    log.exception("refreshing warnings of %s failed", hall_id)

    socketio.start_background_task(loop)
