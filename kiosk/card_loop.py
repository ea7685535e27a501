"""The ID-card reader's thread: each card once to the session, read faults said plainly."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from drivers.errors import DeviceError, DeviceOffline, DeviceTimeout
from drivers.idcard import CardEvent, CardWatcher, IdCardReader

log = logging.getLogger(__name__)


class CardLoop:
    """Poll the reader in a thread; `on_card` gets each card, `on_fault` each failed read.

    A failed read (card pulled mid-read, select failed, damaged reply) is worth telling the
    citizen; a reader that is unplugged or silent is a device state for the heartbeat.
    """

    def __init__(
        self,
        reader: IdCardReader,
        on_card: Callable[[CardEvent], None],
        on_fault: Callable[[DeviceError], None],
        interval: float = 0.3,
    ) -> None:
        self.reader = reader
        self.watcher = CardWatcher(reader, interval=interval)
        self._on_card, self._on_fault = on_card, on_fault
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-idcard", daemon=True)

    @property
    def online(self) -> bool:
        return self.watcher.online

    @property
    def last_error(self) -> DeviceError | None:
        return self.watcher.last_error

    def start(self) -> CardLoop:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.watcher.stop()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self._stop.wait(self.watcher.interval)

    def poll_once(self) -> None:
        before = self.watcher.last_error
        try:
            event = self.watcher.poll()
        except Exception:  # the loop must outlive any surprise from a device
            log.exception("ID card poll failed")
            return
        if event is not None:
            self._on_card(event)
            return
        error = self.watcher.last_error
        if error is not None and error is not before and _is_read_fault(error):
            self._on_fault(error)


def _is_read_fault(error: DeviceError) -> bool:
    return not isinstance(error, DeviceOffline | DeviceTimeout)
