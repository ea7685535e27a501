"""Frames of the SAM serial protocol: build them, and cut them out of a byte stream.

A frame is ``AA AA AA 96 69 | LEN (2, big-endian) | body | XOR``. LEN counts every byte after
itself, the checksum included; the checksum is the XOR of LEN and the body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import reduce

from drivers.idcard.errors import (
    FrameChecksumError,
    FrameError,
    FrameLengthError,
    TruncatedFrame,
)

log = logging.getLogger(__name__)

PREAMBLE = bytes.fromhex("AAAAAA9669")
HEADER_SIZE = len(PREAMBLE) + 2
# LEN of the shortest frame (a two-byte command plus checksum) and a bound above the longest
# reply (text, photo and fingerprint: LEN 2,314) that still rejects a garbled length quickly.
MIN_LENGTH = 3
MAX_LENGTH = 4096


@dataclass(frozen=True)
class Frame:
    """One checked frame; `body` is everything between LEN and the checksum."""

    body: bytes

    def to_bytes(self) -> bytes:
        """Return the frame as it goes on the wire."""
        return build_frame(self.body)


def checksum(data: bytes) -> int:
    """Return the XOR of all bytes."""
    return reduce(lambda acc, byte: acc ^ byte, data, 0)


def build_frame(body: bytes) -> bytes:
    """Wrap a body (command or reply) in preamble, length and checksum."""
    length = len(body) + 1
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"frame body of {len(body)} bytes is out of range")
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([checksum(head + body)])


class FrameParser:
    """Incremental parser: feed bytes as they come, take frames out one at a time.

    A bad frame raises a `FrameError` subclass from `next_frame` once; the parser has already
    dropped that frame's preamble, so the next call goes on from the following bytes.
    """

    def __init__(self, max_length: int = MAX_LENGTH) -> None:
        self._buffer = bytearray()
        self._max_length = max_length

    @property
    def pending(self) -> int:
        """Return how many bytes wait for the rest of their frame."""
        return len(self._buffer)

    @property
    def in_frame(self) -> bool:
        """Tell whether the buffer starts a frame that is not complete yet."""
        return self._buffer.startswith(PREAMBLE)

    def feed(self, data: bytes) -> None:
        """Append received bytes."""
        self._buffer += data

    def reset(self) -> None:
        """Forget every buffered byte (before a new command, after a timeout)."""
        self._buffer.clear()

    def next_frame(self) -> Frame | None:
        """Return the next complete frame, None if more bytes are needed, or raise a FrameError."""
        if not self._sync():
            return None
        buffer = self._buffer
        length = int.from_bytes(buffer[5:7], "big")
        if not MIN_LENGTH <= length <= self._max_length:
            del buffer[: len(PREAMBLE)]
            raise FrameLengthError(f"LEN={length}")
        end = HEADER_SIZE + length
        if len(buffer) < end:
            later = self._later_frame()
            if later is None:
                return None
            del buffer[:later]
            raise TruncatedFrame(f"frame cut after {later} of {end} bytes; resynced")
        expected, got = checksum(bytes(buffer[5 : end - 1])), buffer[end - 1]
        if expected != got:
            del buffer[: len(PREAMBLE)]
            raise FrameChecksumError(f"got {got:02X}, want {expected:02X}")
        body = bytes(buffer[HEADER_SIZE : end - 1])
        del buffer[:end]
        return Frame(body)

    def events(self) -> list[Frame | FrameError]:
        """Return every frame and framing error the buffered bytes hold now."""
        found: list[Frame | FrameError] = []
        while True:
            try:
                frame = self.next_frame()
            except FrameError as exc:
                found.append(exc)
                continue
            if frame is None:
                return found
            found.append(frame)

    def _sync(self) -> bool:
        """Drop bytes before the preamble; tell whether a whole header is buffered."""
        buffer = self._buffer
        start = buffer.find(PREAMBLE)
        if start < 0:
            keep = _partial_preamble(buffer)
            if len(buffer) > keep:
                log.debug("dropped %d bytes without a preamble", len(buffer) - keep)
                del buffer[: len(buffer) - keep]
            return False
        if start:
            log.debug("dropped %d bytes before a preamble", start)
            del buffer[:start]
        return len(buffer) >= HEADER_SIZE

    def _later_frame(self) -> int | None:
        """Find a complete, valid frame after the unfinished one at the front of the buffer."""
        buffer = self._buffer
        position = buffer.find(PREAMBLE, 1)
        while position >= 0:
            header_end = position + HEADER_SIZE
            if header_end > len(buffer):
                return None
            length = int.from_bytes(buffer[position + 5 : header_end], "big")
            end = header_end + length
            if MIN_LENGTH <= length <= self._max_length and end <= len(buffer):
                if checksum(bytes(buffer[position + 5 : end - 1])) == buffer[end - 1]:
                    return position
            position = buffer.find(PREAMBLE, position + 1)
        return None


def _partial_preamble(buffer: bytearray) -> int:
    """Return the length of the longest buffer suffix that could start a preamble."""
    for size in range(min(len(PREAMBLE) - 1, len(buffer)), 0, -1):
        if buffer.endswith(PREAMBLE[:size]):
            return size
    return 0
