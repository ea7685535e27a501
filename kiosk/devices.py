"""The kiosk's devices opened by URL from its config: printer, ID-card reader, camera, voice.

Each device is optional at run time: one that fails to open is reported (heartbeat and
screen) and retried, and the kiosk keeps issuing numbers without it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, TypeVar

from config.kiosk import DeviceUrls
from drivers.errors import DeviceError
from drivers.idcard import CardEvent
from drivers.printer import Printer, PrinterError, TicketPrint, open_printer
from drivers.printer.status import PrinterStatus, ensure_printable
from kiosk.card_loop import CardLoop
from kiosk.qr_reader import scan
from kiosk.texts import both

if TYPE_CHECKING:  # opened on demand: OpenCV and the speech engines load only when used
    from drivers.camera import Camera
    from drivers.voice import Voice

log = logging.getLogger(__name__)
T = TypeVar("T")


class PrinterView(TypedDict):
    """A PrinterState as the screen and the heartbeat read it."""

    online: bool | None
    paper: str
    cover_open: bool | None
    fault: str | None
    ok: bool


class DeviceView(TypedDict):
    """The reader or the camera: `error` is the code of its last failure."""

    online: bool
    error: str | None


class VoiceView(TypedDict):
    online: bool


class DeviceReport(TypedDict):
    """Every device's state (Devices.report)."""

    printer: PrinterView
    idcard: DeviceView
    camera: DeviceView
    voice: VoiceView


@dataclass(frozen=True)
class PrinterState:
    """What the kiosk knows of its printer; `fault` is the code of the last failure."""

    online: bool | None
    paper: str
    cover_open: bool | None
    fault: str | None = None

    @property
    def ok(self) -> bool:
        """Tell whether to offer printing (an unknown status still prints, as the driver does)."""
        return (
            self.fault is None
            and self.paper != "out"
            and self.online is not False
            and not self.cover_open
        )

    def view(self) -> PrinterView:
        return PrinterView(
            online=self.online,
            paper=self.paper,
            cover_open=self.cover_open,
            fault=self.fault,
            ok=self.ok,
        )


NO_PRINTER = PrinterState(online=False, paper="unknown", cover_open=None, fault="printer_offline")


class Devices:
    """Open, watch and use the kiosk's devices; every method is safe from any thread."""

    def __init__(self, urls: DeviceUrls) -> None:
        self.urls = urls
        self.printer: Printer | None = None
        self.printer_state = NO_PRINTER
        self.card_loop: CardLoop | None = None
        self.idcard_error: DeviceError | None = None
        self.camera_error: DeviceError | None = None
        self.voice: Voice | None = None
        self._lock = threading.Lock()
        self._camera_lock = threading.Lock()

    # Life cycle.

    def open(
        self,
        on_card: Callable[[CardEvent], None],
        on_card_fault: Callable[[DeviceError], None],
    ) -> Devices:
        self.poll_printer()
        self._open_reader(on_card, on_card_fault)
        self._open_voice()
        return self

    def close(self) -> None:
        if self.card_loop is not None:
            self.card_loop.stop()
            self.card_loop.reader.close()
        if self.printer is not None:
            self.printer.close()
        if self.voice is not None:
            self.voice.close()

    def _open_reader(
        self, on_card: Callable[[CardEvent], None], on_fault: Callable[[DeviceError], None]
    ) -> None:
        from drivers.idcard import open_idcard_reader

        try:
            reader = open_idcard_reader(self.urls.idcard)
        except DeviceError as exc:
            log.warning("ID card reader %s: %s", self.urls.idcard, exc)
            self.idcard_error = exc
            return
        self.card_loop = CardLoop(reader, on_card, on_fault).start()

    def _open_voice(self) -> None:
        from drivers.voice import open_voice

        try:
            self.voice = open_voice(self.urls.voice)
        except DeviceError as exc:
            log.warning("voice %s: %s", self.urls.voice, exc)

    # Printer.

    def poll_printer(self) -> PrinterState:
        """Ask the printer how it is (opening it again if needed); a fault clears when fixed."""
        with self._lock:
            try:
                if self.printer is None:
                    self.printer = open_printer(self.urls.printer)
                status = self.printer.status()
            except DeviceError as exc:
                log.warning("printer %s: %s", self.urls.printer, exc)
                self._drop_printer()
                self.printer_state = PrinterState(False, "unknown", None, exc.code)
                return self.printer_state
            self.printer_state = _state_of(status)
            return self.printer_state

    def _drop_printer(self) -> None:
        if self.printer is not None:
            self.printer.close()  # the next poll opens it again: a replugged printer is back
            self.printer = None

    def print_ticket(self, ticket: TicketPrint) -> None:
        """Print a ticket; on failure remember the fault (printing stops being offered)."""
        self._printing(lambda p: p.print_ticket(ticket))

    def print_raw(self, data: bytes) -> None:
        """Print a prepared ESC/POS job (the material checklist) after a status check."""

        def job(printer: Printer) -> None:
            with printer.lock:
                if printer.reads_status:
                    ensure_printable(printer.status())
                printer.write(data)

        self._printing(job)

    def _printing(self, job: Callable[[Printer], None]) -> None:
        printer = self.printer
        if printer is None:
            words = both("error.no_printer")
            raise PrinterError("no printer", zh=words["zh"], en=words["en"])
        try:
            job(printer)
        except DeviceError as exc:
            log.warning("printing failed: %s", exc)
            with self._lock:
                old = self.printer_state
                paper = "out" if exc.code == "printer_paper_out" else old.paper
                self.printer_state = PrinterState(old.online, paper, old.cover_open, exc.code)
                if isinstance(exc.__cause__, OSError):  # the connection broke: reconnect
                    self._drop_printer()
            raise

    @property
    def paper_mm(self) -> int:
        printer = self.printer
        return (printer.options.paper if printer else None) or 80

    # Camera and voice.

    def scan_qr(self, seconds: float = 3.0) -> str | None:
        """Open the camera, look for a QR code for up to `seconds`, close it again."""
        return self.with_camera(lambda camera: scan(camera, seconds))

    def with_camera(self, job: Callable[[Camera], T]) -> T:
        """Open the camera, run `job(camera)`, close it; a camera fault is remembered."""
        from drivers.camera import open_camera

        with self._camera_lock:
            try:
                camera = open_camera(self.urls.camera)
                try:
                    result = job(camera)
                finally:
                    camera.close()
            except DeviceError as exc:
                log.warning("camera %s: %s", self.urls.camera, exc)
                self.camera_error = exc
                raise
            self.camera_error = None
            return result

    def speak(self, zh: str, en: str = "") -> bytes:
        """Return the phrase as WAV bytes; empty when the kiosk has no voice."""
        from drivers.voice import Announcement

        if self.voice is None:
            return b""
        try:
            return bytes(self.voice.render(Announcement(zh, en)))
        except DeviceError as exc:
            log.warning("voice: %s", exc)
            return b""

    # Health.

    def report(self) -> DeviceReport:
        """Return every device's state, as the heartbeat sends it and the screen reads it."""
        loop = self.card_loop
        reader_error = (loop.last_error if loop else None) or self.idcard_error
        return {
            "printer": self.printer_state.view(),
            "idcard": {
                "online": bool(loop and loop.online),
                "error": reader_error.code if reader_error and not (loop and loop.online) else None,
            },
            "camera": {
                "online": self.camera_error is None,
                "error": self.camera_error.code if self.camera_error else None,
            },
            "voice": {"online": self.voice is not None},
        }


def _state_of(status: PrinterStatus) -> PrinterState:
    fault = None
    if status.paper == "out":
        fault = "printer_paper_out"
    elif status.cover_open:
        fault = "printer_cover_open"
    elif status.online is False:
        fault = "printer_offline"
    return PrinterState(status.online, status.paper, status.cover_open, fault)
