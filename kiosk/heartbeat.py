"""Every N seconds: ask the devices how they are and tell the server (POST /devices/me/status).

The heartbeat runs whether or not the server answers; it also notices a printer that came
back (paper loaded, cover shut), which makes the kiosk offer printing again. The body:
{printer: {online, paper: ok|low|out|unknown}, reader: {state: ok|missing|error, reason},
camera: {state: ok|failed|none, reason}}; a reason is the driver's error code. The server
marks a kiosk whose heartbeats stop offline after its hall's `kiosk_offline_after_seconds`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypedDict

from kiosk.devices import Devices, DeviceView, PrinterView
from kiosk.errors import KioskError, NotAvailableYet, ServerUnreachable
from kiosk.hall_client import HallClient

log = logging.getLogger(__name__)


class Heartbeat:
    def __init__(
        self,
        client: HallClient,
        devices: Devices,
        interval: float,
        on_server: Callable[[bool], None] | None = None,
    ) -> None:
        self.client, self.devices, self.interval = client, devices, interval
        self.on_server = on_server
        self.sent = 0
        self.last_error: KioskError | None = None
        self._missing_logged = False
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-heartbeat", daemon=True)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def beat_soon(self) -> None:
        """Report now rather than at the next tick (a device fault just happened)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat()
            self._wake.wait(self.interval)
            self._wake.clear()

    def status(self) -> dict[str, PrinterReport | PartReport]:
        """Return the body the server's device status endpoint takes."""
        report = self.devices.report()
        body: dict[str, PrinterReport | PartReport | None] = {
            "printer": printer_report(report["printer"]),
            "reader": reader_report(report["idcard"]),
            "camera": camera_report(report["camera"], self.devices.urls.camera),
        }
        return {part: state for part, state in body.items() if state is not None}

    def beat(self) -> None:
        """Poll the devices once and send their states; never raises."""
        try:
            self.devices.poll_printer()
            self.client.send_status(self.status())
        except NotAvailableYet:
            if not self._missing_logged:
                log.warning("the server has no device status endpoint yet; still polling devices")
                self._missing_logged = True
            self._server(True)
            return
        except ServerUnreachable as exc:
            self.last_error = exc
            self._server(False)
            return
        except KioskError as exc:
            log.warning("heartbeat refused: %s", exc)
            self.last_error = exc
            self._server(True)
            return
        except Exception:  # the heartbeat must outlive any surprise
            log.exception("heartbeat failed")
            return
        self.sent += 1
        self.last_error = None
        self._server(True)

    def _server(self, ok: bool) -> None:
        if self.on_server is not None:
            self.on_server(ok)


SERVER_PAPER = {"ok": "ok", "near_end": "low", "out": "out"}


class PrinterReport(TypedDict):
    """The printer in the server's words."""

    online: bool | None
    paper: str


class PartReport(TypedDict):
    """The reader or the camera in the server's words: a state and its driver's code."""

    state: str
    reason: str | None


def printer_report(state: PrinterView) -> PrinterReport:
    """Map the kiosk's printer state onto the server's words (near_end is "low")."""
    online = state.get("online")
    if state.get("fault") in ("printer_offline", "printer_not_found"):
        online = False
    return {"online": online, "paper": SERVER_PAPER.get(str(state.get("paper")), "unknown")}


# A reader that is not there (unplugged, no such port, not answering) is "missing"; one that
# answers wrongly (SAM fault, bad frames) is in "error". Both carry the driver's error code.
MISSING_CODES = ("device_not_found", "device_offline", "device_timeout")


def reader_report(state: DeviceView) -> PartReport | None:
    """None while the reader is still being opened (not open, no error yet): not reported."""
    if state.get("online"):
        return {"state": "ok", "reason": None}
    code = state.get("error")
    if code is None:
        return None
    if code in MISSING_CODES:
        return {"state": "missing", "reason": code}
    return {"state": "error", "reason": code}


def camera_report(state: DeviceView, url: str) -> PartReport:
    """A kiosk configured without a camera (none:// or no URL) has "none"."""
    if not url or url.startswith("none:"):
        return {"state": "none", "reason": None}
    if state.get("error"):
        return {"state": "failed", "reason": state["error"]}
    return {"state": "ok", "reason": None}
