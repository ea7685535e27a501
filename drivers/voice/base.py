"""The voice interface: render an announcement to WAV bytes, cached per phrase."""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict

from drivers.voice.announcement import Announcement

log = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 64


class Voice(ABC):
    """Turns announcements into WAV bytes; the last `cache_size` phrases are kept."""

    def __init__(self, url: str, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.url = url
        self.cache_size = max(cache_size, 0)
        self._cache: OrderedDict[Announcement, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def render(self, announcement: Announcement) -> bytes:
        """Return the announcement as WAV bytes (empty when this voice is silent)."""
        with self._lock:
            if announcement in self._cache:
                self._cache.move_to_end(announcement)
                return self._cache[announcement]
        audio = self._synthesize(announcement)
        with self._lock:
            self._cache[announcement] = audio
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return audio

    @property
    def cached(self) -> int:
        return len(self._cache)

    def close(self) -> None:
        """Forget cached audio."""
        with self._lock:
            self._cache.clear()

    @abstractmethod
    def _synthesize(self, announcement: Announcement) -> bytes:
        """Produce the WAV bytes of an announcement."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"


class SilentVoice(Voice):
    """`none://`: a hall without loudspeakers; every announcement renders to nothing."""

    def _synthesize(self, announcement: Announcement) -> bytes:
        log.debug("silent voice: not speaking %r", announcement.zh)
        return b""
