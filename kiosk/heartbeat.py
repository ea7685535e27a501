"""Every N seconds: ask the devices how they are and tell the server (POST /devices/me/status).

The heartbeat runs whether or not the server answers; it also notices a printer that came
back (paper loaded, cover shut), which makes the kiosk offer printing again. The server takes
the printer's state today ({printer: {online, paper: ok|low|out|unknown}}); the reader and
camera states are kept for the screen until it takes those too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kiosk.devices import Devices
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

    def status(self) -> dict[str, Any]:
        """Return the body the server's device status endpoint takes."""
        return {"printer": printer_report(self.devices.report()["printer"])}

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


def printer_report(state: dict[str, Any]) -> dict[str, Any]:
    """Map the kiosk's printer state onto the server's words (near_end is "low")."""
    online = state.get("online")
    if state.get("fault") in ("printer_offline", "printer_not_found"):
        online = False
    return {"online": online, "paper": SERVER_PAPER.get(str(state.get("paper")), "unknown")}
