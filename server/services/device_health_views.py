"""How a device's reported health reads (reader, camera, faults): part of every device view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from server.domain.device_health import KioskHealth
from server.services.views import iso

if TYPE_CHECKING:
    from server.services.records import Device


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
