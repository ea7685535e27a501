"""Send each hall's line summary and its windows' new states after they change, at most once
per interval per hall."""

from __future__ import annotations

import logging
import threading
from typing import Any

from server.adapters.unit_of_work import Publisher
from server.services.events import LinesChanged, WindowsChanged
from server.services.snapshot import queues
from server.web.runtime import Runtime

log = logging.getLogger(__name__)


class LinesFlusher:
    """Coalesce 'lines stale' signals: a summary is a full snapshot, so the newest is the truth.

    With an interval of 0 the summary goes out at once (tests); a serving process uses a
    fraction of a second, which spares hundreds of displays a frame per ticket issued.
    """

    def __init__(self, socketio: Any, runtime: Runtime, interval: float) -> None:
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
            lines = self.runtime.read(queues, hall_id).lines
        except Exception:  # the next change schedules another try
            log.exception("computing the lines of %s failed", hall_id)
            return
        self.runtime.publisher.publish([LinesChanged(hall_id, lines)])


class WindowsFlusher:
    """Coalesce window changes for the hall's rooms: each window's newest state, once per
    interval. Hundreds of displays then get one frame per interval, not two per call; the
    window's own screens hear every change at once (the publisher sends them directly)."""

    def __init__(self, socketio: Any, publisher: Publisher, interval: float) -> None:
        self.socketio, self.publisher, self.interval = socketio, publisher, interval
        self._due: dict[str, dict[Any, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def changed(self, hall_id: str, window: dict[str, Any]) -> None:
        if self.interval <= 0:
            self.publisher.publish([WindowsChanged(hall_id, [window])])
            return
        with self._lock:
            first = hall_id not in self._due
            self._due.setdefault(hall_id, {})[window.get("id")] = window
        if first:
            self.socketio.start_background_task(self._later, hall_id)

    def _later(self, hall_id: str) -> None:
        self.socketio.sleep(self.interval)
        with self._lock:
            windows = self._due.pop(hall_id, {})
        if windows:
            self.publisher.publish([WindowsChanged(hall_id, list(windows.values()))])
