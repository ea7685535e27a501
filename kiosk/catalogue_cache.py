"""The hall's services as last read from the server, refreshed in the background of calls."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.catalogue import ServiceEntry, build_entries
from kiosk.errors import KioskError, ServerUnreachable
from kiosk.guides import Guide
from kiosk.hall_client import HallClient

log = logging.getLogger(__name__)

CATALOGUE_SECONDS = 60.0  # services change rarely
QUEUES_SECONDS = 5.0  # waiting counts change all the time


class CatalogueCache:
    """Catalogue and waiting counts; a server that does not answer leaves the last copy."""

    def __init__(
        self,
        client: HallClient,
        guides: Mapping[str, Guide],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.guides = guides
        self._clock = clock
        self._lock = threading.Lock()
        self.catalogue: dict[str, Any] | None = None
        self._queues: dict[str, Any] | None = None
        self._catalogue_at = self._queues_at = float("-inf")

    def entries(self, *, fresh_counts: bool = True) -> list[ServiceEntry]:
        """Return the services; raise ServerUnreachable when none was ever read."""
        with self._lock:
            now = self._clock()
            if now - self._catalogue_at >= CATALOGUE_SECONDS or self.catalogue is None:
                self._refresh_catalogue(now)
            if fresh_counts and now - self._queues_at >= QUEUES_SECONDS:
                self._refresh_queues(now)
            assert self.catalogue is not None
            return build_entries(self.catalogue, self._queues, self.guides)

    def entry(self, code: str) -> ServiceEntry | None:
        return next((e for e in self.entries(fresh_counts=False) if e.code == code), None)

    def _refresh_catalogue(self, now: float) -> None:
        try:
            self.catalogue = self.client.catalogue()
            self._catalogue_at = now
        except KioskError:
            if self.catalogue is None:
                raise
            log.warning("catalogue not refreshed; using the last one")

    def _refresh_queues(self, now: float) -> None:
        try:
            self._queues = self.client.queues()
            self._queues_at = now
        except ServerUnreachable:
            log.warning("waiting counts not refreshed")
            self._queues_at = now  # do not hammer a server that is down
