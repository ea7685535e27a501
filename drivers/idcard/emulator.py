"""A SAM reader emulator on a pseudo-terminal, speaking the real protocol at real line speed.

The driver opens the emulator's stable path (a symlink to the pty slave, like a udev
``/dev/serial/by-id`` link) through pyserial exactly as it opens hardware. Replies are paced
to the wire time of the baud rate (10 bits a byte at 8N1), so timing is realistic. `unplug`
closes the pty as a pulled USB cable would; `replug` makes a new one behind the same path.
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import select
import shutil
import tempfile
import termios
import threading
import time
import tty
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from drivers.idcard.cards import SimCard
from drivers.idcard.commands import Command
from drivers.idcard.errors import FrameError
from drivers.idcard.frame import PREAMBLE, Frame, FrameParser, build_frame
from drivers.idcard.simsam import Fault, FaultPlan, SimulatedSam

log = logging.getLogger(__name__)

_CHUNK = 16  # bytes handed to the pty at a time while pacing a reply
_NOISE = b"\x00\xaa\xaa\x13\x96\xaa\xaa\xaa\x96\x37\xff"  # with a partial preamble in it


class ReaderEmulator:
    """Emulate a SAM ID-card reader on a pty; use as a context manager or start()/stop()."""

    def __init__(
        self,
        cards: Sequence[SimCard] = (),
        *,
        baudrate: int = 115200,
        slow_delay: float = 1.5,
        card_time: float = 0.0,
        autoplay: float | None = None,
    ) -> None:
        self.cards = list(cards)
        self.baudrate = baudrate
        self.slow_delay = slow_delay
        self.card_time = card_time  # extra time the module spends reading a card's chip
        self.autoplay = autoplay
        self.faults = FaultPlan()
        self.received: list[Command | None] = []
        self._sam = SimulatedSam()
        self._lock = threading.Lock()
        self._calls: queue.Queue[tuple[Callable[[], None], threading.Event]] = queue.Queue()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._master: int | None = None
        self._slave: int | None = None
        self._parser = FrameParser()
        self._dir = Path(tempfile.mkdtemp(prefix="idcard-sim-"))
        self.path = str(self._dir / "ttyIDCARD")
        self._thread = threading.Thread(target=self._run, name="idcard-emulator", daemon=True)
        self._next_play = 0.0
        self._play = itertools.cycle(range(len(self.cards))) if self.cards else None

    @property
    def url(self) -> str:
        """Return the ``sam+serial://`` URL the driver opens."""
        return f"sam+serial://{self.path}?baud={self.baudrate}"

    @property
    def byte_time(self) -> float:
        """Return the wire time of one byte (start, 8 data bits, stop)."""
        return 10 / self.baudrate

    def start(self) -> ReaderEmulator:
        """Create the pty and start answering."""
        self._plug()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering and remove the pty and its path."""
        if self._stop.is_set():
            return
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._unplug()
        os.close(self._wake_r)
        os.close(self._wake_w)
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> ReaderEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # Control, from any thread.

    def place(self, card: SimCard | int) -> None:
        """Lay a card (or the card at that index) on the reader."""
        chosen = self.cards[card] if isinstance(card, int) else card
        with self._lock:
            self._sam.place(chosen)

    def remove(self) -> None:
        """Take the card off the reader."""
        with self._lock:
            self._sam.remove()

    @property
    def card(self) -> SimCard | None:
        """Return the card on the reader."""
        return self._sam.card

    def inject(self, fault: Fault, times: int = 1, on: Iterable[Command] | None = None) -> None:
        """Arm a fault for the next `times` replies it applies to."""
        self.faults.add(fault, times, on)

    def unplug(self) -> None:
        """Pull the cable: the pty and its path disappear, the driver's port fails."""
        self._in_loop(self._unplug)

    def replug(self) -> None:
        """Plug the cable back: a new pty appears behind the same path."""
        self._in_loop(self._plug)

    @property
    def plugged(self) -> bool:
        """Tell whether the pty exists."""
        return self._master is not None

    # The pty.

    def _plug(self) -> None:
        if self._master is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: a serial line, not a terminal
        attributes = termios.tcgetattr(slave)
        speed = getattr(termios, f"B{self.baudrate}", termios.B115200)
        attributes[4] = attributes[5] = speed
        termios.tcsetattr(slave, termios.TCSANOW, attributes)
        os.set_blocking(master, False)
        link = Path(self.path + ".new")
        link.unlink(missing_ok=True)
        link.symlink_to(os.ttyname(slave))
        os.replace(link, self.path)
        self._master, self._slave = master, slave
        self._parser.reset()
        with self._lock:
            self._sam.power_cycle()
        log.info("emulated ID card reader at %s -> %s", self.path, os.ttyname(slave))

    def _unplug(self) -> None:
        Path(self.path).unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def _in_loop(self, call: Callable[[], None]) -> None:
        """Run `call` on the emulator thread (it owns the pty) and wait for it."""
        if threading.current_thread() is self._thread or not self._thread.is_alive():
            call()
            return
        done = threading.Event()
        self._calls.put((call, done))
        os.write(self._wake_w, b"x")
        if not done.wait(timeout=5):
            raise TimeoutError("the emulator thread did not answer")

    # The emulator thread.

    def _run(self) -> None:
        while not self._stop.is_set():
            fds = [self._wake_r] + ([self._master] if self._master is not None else [])
            readable, _, _ = select.select(fds, [], [], self._tick())
            if self._wake_r in readable:
                os.read(self._wake_r, 512)
            self._run_calls()
            self._autoplay()
            if self._master is not None and self._master in readable:
                self._receive(self._master)

    def _tick(self) -> float:
        if self.autoplay is None:
            return 0.5
        return max(0.0, min(0.5, self._next_play - time.monotonic()))

    def _run_calls(self) -> None:
        while True:
            try:
                call, done = self._calls.get_nowait()
            except queue.Empty:
                return
            try:
                call()
            finally:
                done.set()

    def _autoplay(self) -> None:
        """Lay each card on the reader for `autoplay` seconds, with a gap between cards."""
        if self.autoplay is None or self._play is None or time.monotonic() < self._next_play:
            return
        if self.card is None:
            self.place(next(self._play))
        else:
            self.remove()
        self._next_play = time.monotonic() + self.autoplay

    def _receive(self, master: int) -> None:
        try:
            data = os.read(master, 4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:  # EIO: nothing has the slave open; not an error for a device
            log.debug("pty read: %s", exc)
            return
        self._parser.feed(data)
        for event in self._parser.events():
            self._respond(event)

    def _respond(self, event: Frame | FrameError) -> None:
        if isinstance(event, Frame):
            time.sleep(len(event.to_bytes()) * self.byte_time)  # the command's own wire time
            command = Command.from_body(event.body)
            self.received.append(command)
            faults = self.faults.take(command)
            with self._lock:
                reply = self._sam.answer(command, faults)
            if command in (Command.READ_TEXT_PHOTO, Command.READ_WITH_FINGERPRINT):
                self._stop.wait(self.card_time)
        else:
            faults = self.faults.take(None)
            reply = self._sam.answer_frame_error(event)
        self._send(self._damage(build_frame(reply.to_body()), faults))

    def _damage(self, frame: bytes, faults: set[Fault]) -> bytes:
        if Fault.BAD_CHECKSUM in faults:
            frame = frame[:-1] + bytes([frame[-1] ^ 0x5A])
        if Fault.HALF_FRAME in faults:
            frame = frame[: max(len(PREAMBLE) + 2, len(frame) // 2)]
        if Fault.GARBAGE in faults:
            frame = _NOISE + frame
        if Fault.SLOW_REPLY in faults:
            self._stop.wait(self.slow_delay)
        return frame

    def _send(self, data: bytes) -> None:
        """Write `data` to the pty no faster than the baud rate would carry it."""
        due = time.perf_counter()
        for start in range(0, len(data), _CHUNK):
            chunk = data[start : start + _CHUNK]
            due += len(chunk) * self.byte_time
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if not self._write_all(chunk):
                return

    def _write_all(self, chunk: bytes) -> bool:
        view = memoryview(chunk)
        while view and self._master is not None and not self._stop.is_set():
            try:
                view = view[os.write(self._master, view) :]
            except BlockingIOError:
                select.select([], [self._master], [], 0.05)
            except OSError as exc:
                log.debug("pty write: %s", exc)
                return False
        return not view
