"""The ID-card reader: SAM commands over a serial port, with timeouts and retries."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.errors import DeviceOffline, DeviceTimeout
from drivers.idcard.commands import SUCCESS_CODES, CardData, Command, Reply, card_found
from drivers.idcard.errors import (
    FrameError,
    IdCardError,
    NoContent,
    ReaderChecksumRejected,
    ReaderLengthRejected,
    TruncatedFrame,
    UnexpectedReply,
)
from drivers.idcard.frame import FrameParser
from drivers.idcard.port import PORT_ERRORS, Port
from drivers.idcard.records import IdCard
from drivers.idcard.text import parse_text

log = logging.getLogger(__name__)

# Statuses saying our command reached the module damaged: worth sending it again.
_DAMAGED_COMMAND = frozenset({ReaderChecksumRejected.sw3, ReaderLengthRejected.sw3})


@dataclass(frozen=True)
class SamId:
    """The SAM module's 16-byte identity."""

    raw: bytes

    @property
    def text(self) -> str:
        """Return the identity in the dotted decimal form SAM tools print (05.01-…)."""
        raw = self.raw
        little = [int.from_bytes(raw[i : i + n], "little") for i, n in ((0, 2), (2, 2))]
        words = [int.from_bytes(raw[i : i + 4], "little") for i in (4, 8, 12)]
        return f"{little[0]:02d}.{little[1]:02d}-{words[0]:08d}-{words[1]:010d}-{words[2]:010d}"


def card_from_data(data: CardData) -> IdCard:
    """Return the typed card for raw read blocks; raise a CardTextError if the text is invalid."""
    return IdCard(parse_text(data.text), data.text, data.photo, data.fingerprint)


class IdCardReader:
    """Talk to one SAM module (one owner, not thread-safe); failures raise `DeviceError`s.

    `open_port` opens the transport; `reopen` calls it again after the reader was unplugged.
    """

    def __init__(
        self,
        open_port: Callable[[], Port],
        *,
        url: str = "",
        timeout: float = 1.0,
        read_timeout: float = 3.0,
        retries: int = 1,
        connect: bool = True,
        on_close: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.read_timeout = read_timeout
        self.retries = retries
        self._open_port = open_port
        self._on_close = on_close
        self._clock = clock
        self._parser = FrameParser()
        self._port: Port | None = None
        self._unsynced = False
        if connect:
            self.open()

    @property
    def is_open(self) -> bool:
        """Tell whether the port is open."""
        return self._port is not None

    def open(self) -> None:
        """Open the port unless it is open; raise DeviceNotFound or DeviceOffline."""
        if self._port is None:
            self._port = self._open_port()
            log.info("ID card reader %s opened", self.url)

    def close_port(self) -> None:
        """Close the port, ignoring errors from a port that is already gone."""
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except PORT_ERRORS as exc:
                log.debug("closing %s: %s", self.url, exc)

    def reopen(self) -> None:
        """Close and open the port again (after an unplug)."""
        self.close_port()
        self.open()

    def close(self) -> None:
        """Close the port and release what the reader owns (a sim:// emulator)."""
        self.close_port()
        if self._on_close is not None:
            on_close, self._on_close = self._on_close, None
            on_close()

    def __enter__(self) -> IdCardReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Commands.

    def reset(self) -> None:
        """Reset the SAM module."""
        self.transact(Command.RESET).check(Command.RESET)

    def sam_status(self) -> None:
        """Return if the SAM module passes its self-test, else raise SamSelfTestFailed."""
        self.transact(Command.SAM_STATUS).check(Command.SAM_STATUS)

    def sam_id(self) -> SamId:
        """Return the SAM module's identity."""
        return SamId(self.transact(Command.SAM_ID).check(Command.SAM_ID).data)

    def find_card(self) -> bool:
        """Return whether a card is on the reader."""
        return card_found(self.transact(Command.FIND_CARD))

    def select_card(self) -> None:
        """Select the card found; raise SelectFailed when it went away."""
        self.transact(Command.SELECT_CARD).check(Command.SELECT_CARD)

    def read_raw(self, *, fingerprint: bool = False) -> CardData:
        """Read the raw text and photo (and fingerprint) blocks of the selected card."""
        command = Command.READ_WITH_FINGERPRINT if fingerprint else Command.READ_TEXT_PHOTO
        reply = self.transact(command, timeout=self.read_timeout).check(command)
        return CardData.from_reply(reply.data, fingerprint=fingerprint)

    def read_card(self, *, fingerprint: bool = False) -> IdCard:
        """Read the selected card into a typed record; raise a CardTextError if it is invalid."""
        return card_from_data(self.read_raw(fingerprint=fingerprint))

    def read_new_address(self) -> str | None:
        """Return the address the card holds after a move, or None when it holds none."""
        try:
            reply = self.transact(Command.READ_NEW_ADDRESS, timeout=self.read_timeout)
            data = reply.check(Command.READ_NEW_ADDRESS).data
        except NoContent:
            return None
        try:
            text = data.decode("utf-16-le")
        except UnicodeDecodeError:  # odd length or a lone surrogate: not the UCS-2 it must be
            raise UnexpectedReply(f"new address of {len(data)} bytes is not UCS-2") from None
        return text.rstrip(" \x00") or None

    def read_once(self, *, fingerprint: bool = False) -> IdCard | None:
        """Find, select and read a card; return None when no card is on the reader."""
        data = self.read_raw_once(fingerprint=fingerprint)
        return None if data is None else card_from_data(data)

    def read_raw_once(self, *, fingerprint: bool = False) -> CardData | None:
        """Find, select and read the raw blocks; return None when no card is on the reader."""
        if not self.find_card():
            return None
        self.select_card()
        return self.read_raw(fingerprint=fingerprint)

    # Exchanges.

    def transact(self, command: Command, *, timeout: float | None = None) -> Reply:
        """Send a command and return its reply, sending it again when the line damaged it."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                self._resync()
                reply = self._exchange(command, self.timeout if timeout is None else timeout)
            except FrameError as exc:
                if last:
                    raise
                log.warning("%s: %s; sending it again", command.name, exc)
                continue
            if reply.sw3 in _DAMAGED_COMMAND and not last:
                log.warning("%s: the reader got it damaged (SW3 %02X)", command.name, reply.sw3)
                continue
            return reply
        raise AssertionError("unreachable")

    def _resync(self) -> None:
        """After a timeout, wait for a SAM ID reply so a late reply is not taken for the next."""
        # Replies carry no sequence number, but the module answers in order: once the SAM ID
        # reply (which no other reply resembles) arrives, every late reply is behind us.
        if self._unsynced:
            log.info("waiting for the reader to catch up after a timeout")
            self._exchange(Command.SAM_ID, self.timeout, strict=True)
            self._unsynced = False

    def _exchange(self, command: Command, timeout: float, *, strict: bool = False) -> Reply:
        port = self._port
        if port is None:
            raise DeviceOffline(f"{self.url}: port is closed")
        try:
            port.reset_input_buffer()
            self._parser.reset()
            port.write(command.frame())
            return self._await_reply(port, command, timeout, strict)
        except (DeviceTimeout, TruncatedFrame):
            self._unsynced = True
            raise
        except PORT_ERRORS as exc:
            raise DeviceOffline(f"{self.url}: {exc}") from exc

    def _await_reply(self, port: Port, command: Command, timeout: float, strict: bool) -> Reply:
        deadline = self._clock() + timeout
        while True:
            reply = self._next_reply(command, strict)
            if reply is not None:
                return reply
            if self._clock() >= deadline:
                raise self._timeout_error(command, timeout)
            self._parser.feed(port.read(port.in_waiting or 1))

    def _next_reply(self, command: Command, strict: bool) -> Reply | None:
        """Return the first buffered reply fitting `command`; `strict` takes success only."""
        # An error status fits any command, so a resync must not stop at a late error reply.
        while (frame := self._parser.next_frame()) is not None:
            try:
                reply = Reply.from_frame(frame)
            except UnexpectedReply as exc:
                log.warning("%s: skipped a frame that is no reply: %s", command.name, exc)
                continue
            if reply.fits(command) and (not strict or reply.sw3 in SUCCESS_CODES):
                return reply
            log.warning("%s: skipped a late reply (SW3 %02X)", command.name, reply.sw3)
        return None

    def _timeout_error(self, command: Command, timeout: float) -> IdCardError | DeviceTimeout:
        if self._parser.in_frame:
            pending = self._parser.pending
            return TruncatedFrame(f"{command.name}: reply stopped after {pending} bytes")
        return DeviceTimeout(f"{self.url}: no reply to {command.name} within {timeout:.1f} s")
