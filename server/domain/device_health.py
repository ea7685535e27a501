"""Kiosk health: the states a heartbeat may report, when a silent kiosk counts as offline,
and which faults the hall's warnings strip shows (kiosk name only, never a person).

Pure: every time is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.domain.alerts import Alert, Level

PAPER_STATES = ("ok", "low", "out", "unknown")
READER_STATES = ("ok", "missing", "error")  # missing: unplugged or silent; error: it answers badly
CAMERA_STATES = ("ok", "failed", "none")  # none: the kiosk has no camera
REASON = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # a driver's typed error code

FAULT_KIND = "kiosk_fault"
# Each fault a kiosk may have, with the level of its warning.
FAULT_LEVELS = {
    "offline": Level.RED,
    "printer_offline": Level.RED,
    "paper_out": Level.RED,
    "paper_low": Level.YELLOW,
    "reader_missing": Level.YELLOW,
    "reader_error": Level.YELLOW,
    "camera_failed": Level.YELLOW,
}


def is_silent(last_contact: datetime | None, now: datetime, after: timedelta) -> bool:
    """Silent: never heard from, or heard from more than `after` ago."""
    return last_contact is None or now - last_contact > after


@dataclass(frozen=True)
class KioskHealth:
    """What the server knows of one kiosk at a moment (None: never reported)."""

    device_id: int
    name: str
    online: bool
    printer_online: bool | None = None
    paper: str | None = None
    reader: str | None = None
    camera: str | None = None
    since: datetime | None = None  # when the last report or the offline mark was made

    def faults(self) -> list[str]:
        """The kiosk's faults now, worst first; an offline kiosk's last report is stale."""
        if not self.online:
            return ["offline"]
        found = []
        if self.printer_online is False and self.paper != "out":
            found.append("printer_offline")
        if self.paper in ("out", "low"):
            found.append(f"paper_{self.paper}")
        if self.reader in ("missing", "error"):
            found.append(f"reader_{self.reader}")
        if self.camera == "failed":
            found.append("camera_failed")
        return sorted(found, key=lambda f: FAULT_LEVELS[f] is not Level.RED)


def fault_alerts(kiosks: Iterable[KioskHealth], now: datetime) -> list[Alert]:
    """One warning per fault of each kiosk, naming the kiosk (its given name) only."""
    alerts = []
    for k in kiosks:
        for fault in k.faults():
            data = {"name": k.name, "fault": fault}
            subject = f"device:{k.device_id}:{fault}"
            alerts.append(Alert(FAULT_KIND, subject, FAULT_LEVELS[fault], k.since or now, data))
    return alerts
