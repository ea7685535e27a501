"""The reader loop: poll for cards, report each card once, ride out faults and unplugging."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from drivers.errors import DeviceError, DeviceOffline, DeviceTimeout
from drivers.idcard.commands import CardData
from drivers.idcard.errors import CardTextError, IdCardError
from drivers.idcard.reader import IdCardReader, card_from_data
from drivers.idcard.records import IdCard

log = logging.getLogger(__name__)

MIN_INTERVAL = 0.3  # the SAM module must not be polled faster than this
DEFAULT_BACKOFF = (0.5, 1.0, 2.0, 5.0)


@dataclass(frozen=True)
class CardRejected:
    """A card was read but holds invalid data; reported once, like a good card."""

    error: CardTextError


CardEvent = IdCard | CardRejected


class CardWatcher:
    """Poll a reader and report each card once while it stays on the reader.

    A card counts as removed after `removal_polls` polls in a row find no card; then the
    same card laid down again is reported again. A vanished port is reopened with backoff,
    and so is one that stopped answering (`timeouts_before_reopen` timeouts in a row).
    `clock` and `sleep` can be injected; the default sleep returns early on `stop()`.
    """

    def __init__(
        self,
        reader: IdCardReader,
        *,
        interval: float = MIN_INTERVAL,
        removal_polls: int = 2,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
        timeouts_before_reopen: int = 3,
        fingerprint: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        if interval < MIN_INTERVAL:
            raise ValueError(f"poll interval {interval} s is below {MIN_INTERVAL} s")
        self.reader = reader
        self.interval = interval
        self.removal_polls = removal_polls
        self.backoff = tuple(backoff)
        self.timeouts_before_reopen = timeouts_before_reopen
        self.fingerprint = fingerprint
        self.last_error: DeviceError | None = None
        self._clock = clock
        self._stopped = threading.Event()
        self._sleep = sleep if sleep is not None else self._stopped.wait
        self._last_text: bytes | None = None
        self._absent = 0
        self._timeouts = 0
        self._failures = 0
        self._retry_at = float("-inf")

    @property
    def online(self) -> bool:
        """Tell whether the reader's port is open."""
        return self.reader.is_open

    def stop(self) -> None:
        """End the iteration at the next poll."""
        self._stopped.set()

    def __iter__(self) -> Iterator[CardEvent]:
        """Poll every `interval` seconds until stopped; yield each new card."""
        while not self._stopped.is_set():
            started = self._clock()
            event = self.poll()
            if event is not None:
                yield event
            remaining = self.interval - (self._clock() - started)
            if remaining > 0 and not self._stopped.is_set():
                self._sleep(remaining)

    def poll(self) -> CardEvent | None:
        """Run one find-select-read cycle; return a card not reported yet, else None."""
        if not self._connected():
            return None
        try:
            data = self.reader.read_raw_once(fingerprint=self.fingerprint)
        except DeviceOffline as exc:
            self._go_offline(exc)
            return None
        except DeviceTimeout as exc:
            self._timed_out(exc)
            return None
        except IdCardError as exc:  # select or read failed, damaged frames: try next poll
            log.warning("ID card read failed: %s", exc)
            self.last_error = exc
            return None
        self._timeouts = 0
        return self._report(data)

    def _report(self, data: CardData | None) -> CardEvent | None:
        if data is None:
            self._absent += 1
            if self._absent >= self.removal_polls and self._last_text is not None:
                log.info("ID card removed")
                self._last_text = None
            return None
        self._absent = 0
        if data.text == self._last_text:
            return None  # the same card still lies on the reader
        self._last_text = data.text
        try:
            card = card_from_data(data)
        except CardTextError as exc:
            log.warning("ID card rejected: %s", exc)
            return CardRejected(exc)
        log.info("ID card read: %r", card.record)
        return card

    def _connected(self) -> bool:
        if self.reader.is_open:
            return True
        if self._clock() < self._retry_at:
            return False
        try:
            self.reader.open()
        except DeviceError as exc:
            self._schedule_retry(exc)
            return False
        log.info("ID card reader %s is back", self.reader.url)
        self._failures = self._timeouts = 0
        return True

    def _timed_out(self, exc: DeviceTimeout) -> None:
        self._timeouts += 1
        self.last_error = exc
        log.warning("%s", exc)
        if self._timeouts >= self.timeouts_before_reopen:
            self._go_offline(exc)

    def _go_offline(self, exc: DeviceError) -> None:
        log.warning("ID card reader offline: %s", exc)
        self.reader.close_port()
        self._timeouts = 0
        self._schedule_retry(exc)

    def _schedule_retry(self, exc: DeviceError) -> None:
        self.last_error = exc
        delay = self.backoff[min(self._failures, len(self.backoff) - 1)]
        self._failures += 1
        self._retry_at = self._clock() + delay
        log.debug("reopening the ID card reader in %.1f s", delay)
