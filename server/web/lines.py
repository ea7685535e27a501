"""Send each hall's line summary after it changes, at most once per interval per hall."""

from __future__ import annotations

import logging
import threading
from typing import Any

from server.services.events import LinesChanged
from server.services.snapshot import queues

log = logging.getLogger(__name__)


class LinesFlusher:
    """Coalesce 'lines stale' signals: a summary is a full snapshot, so the newest is the truth.

    With an interval of 0 the summary goes out at once (tests); a serving process uses a
    fraction of a second, which spares hundreds of displays a frame per ticket issued.
    """

    def __init__(self, socketio: Any, runtime: Any, interval: float) -> None:
        self.socketio, self.runtime, self.interval = socketio, runtime, interval
        self._due: set[str] = set()
        self._lock = threading.Lock()

    def stale(self, hall_id: str) -> None:
        if self.interval <= 0:
            self.flush(hall_id)
            return
        with self._lock:
            first = hall_id not in self._due
            self._due.add(hall_id)
        if first:
            self.socketio.start_background_task(self._later, hall_id)

    def _later(self, hall_id: str) -> None:
        self.socketio.sleep(self.interval)
        with self._lock:
            self._due.discard(hall_id)  # a change from now on schedules the next summary
        self.flush(hall_id)

    def flush(self, hall_id: str) -> None:
        try:
            lines = self.runtime.read(queues, hall_id)["lines"]
        except Exception:  # the next change schedules another try
            log.exception("computing the lines of %s failed", hall_id)
            return
        self.runtime.publisher.publish([LinesChanged(hall_id, lines)])
