"""Plain records the manager console reads and edits: staff accounts and devices, with how a
device's reported health reads (reader, camera, faults), part of every device view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from server.domain.device_health import KioskHealth
from server.services.views import iso

ROLES = ("clerk", "manager", "admin")
DEVICE_KINDS = ("kiosk", "display", "rating_pad", "counter")

# A device that keeps no Socket.IO connection (a kiosk between tickets) counts as online
# this long after its last request.
REQUEST_PRESENCE = timedelta(minutes=2)


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: str
    hall_id: str | None
    name: str
    active: bool

    def view(self) -> dict[str, Any]:
        """What the console shows of an account: never the password hash."""
        return {
            "id": self.id,
            "username": self.username,
            "role": self.role,
            "hall_id": self.hall_id,
            "name": self.name,
            "active": self.active,
        }


@dataclass(frozen=True)
class Device:
    id: int
    hall_id: str
    kind: str
    name: str
    window_id: int | None
    created_at: datetime
    revoked_at: datetime | None = None
    sockets: int = 0
    last_seen_at: datetime | None = None
    last_request_at: datetime | None = None
    printer_online: bool | None = None
    printer_paper: str | None = None
    printer_at: datetime | None = None
    reader_state: str | None = None
    reader_reason: str | None = None
    camera_state: str | None = None
    camera_reason: str | None = None
    health_at: datetime | None = None
    offline_at: datetime | None = None  # announced offline (silent too long) since

    def online(self, now: datetime, silence: timedelta = REQUEST_PRESENCE) -> bool:
        """Connected by Socket.IO now, or made a request within `silence` (two minutes)."""
        if self.revoked_at is not None:
            return False
        if self.sockets > 0:
            return True
        return self.last_request_at is not None and now - self.last_request_at <= silence

    def view(self, now: datetime, silence: timedelta = REQUEST_PRESENCE) -> dict[str, Any]:
        printer = None
        if self.printer_at is not None:
            printer = {
                "online": self.printer_online,
                "paper": self.printer_paper,
                "reported_at": iso(self.printer_at),
            }
        return {
            "id": self.id,
            "hall_id": self.hall_id,
            "kind": self.kind,
            "name": self.name,
            "window_id": self.window_id,
            "online": self.online(now, silence),
            "last_seen_at": iso(self.last_seen_at),
            "created_at": iso(self.created_at),
            "revoked": self.revoked_at is not None,
            "revoked_at": iso(self.revoked_at),
            "printer": printer,
            **health_view(self),
        }


def kiosk_health(device: Device) -> KioskHealth:
    """The domain's reading of a kiosk: online unless the server announced it offline."""
    return KioskHealth(
        device_id=device.id,
        name=device.name,
        online=device.offline_at is None,
        printer_online=device.printer_online if device.printer_at else None,
        paper=device.printer_paper if device.printer_at else None,
        reader=device.reader_state,
        camera=device.camera_state,
        since=device.offline_at or device.health_at,
    )


def _part(state: str | None, reason: str | None, at: Any) -> dict[str, Any] | None:
    if state is None:
        return None
    return {"state": state, "reason": reason, "reported_at": iso(at)}


def health_view(device: Device) -> dict[str, Any]:
    """{reader, camera (None: never reported), offline_since, faults} of a device."""
    faults = kiosk_health(device).faults() if device.revoked_at is None else []
    return {
        "reader": _part(device.reader_state, device.reader_reason, device.health_at),
        "camera": _part(device.camera_state, device.camera_reason, device.health_at),
        "reported_at": iso(device.health_at or device.printer_at),
        "offline_since": iso(device.offline_at),
        "faults": faults,
    }


@dataclass(frozen=True)
class AuditEntry:
    """One change a person made: who, when, what, to what, before and after."""

    hall_id: str | None
    at: datetime
    actor_id: int | None
    action: str
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
