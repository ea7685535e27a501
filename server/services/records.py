"""Plain records the manager console reads and edits: staff accounts and devices, with how a
device's reported health reads (reader, camera, faults), part of every device view; the audit
log's rows and bad-rating follow-ups as the console shows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from server.domain.device_health import KioskHealth
from server.services.views import iso

ROLES = ("clerk", "manager", "admin")
DEVICE_KINDS = ("kiosk", "display", "rating_pad", "counter")

# A device that keeps no Socket.IO connection (a kiosk between tickets) counts as online
# this long after its last request.
REQUEST_PRESENCE = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """A staff account as the console shows it: never the password hash."""

    id: int
    username: str
    role: str
    hall_id: str | None
    name: str
    active: bool


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: str
    hall_id: str | None
    name: str
    active: bool

    def view(self) -> StaffAccount:
        """What the console shows of an account: never the password hash."""
        return StaffAccount(self.id, self.username, self.role, self.hall_id, self.name,
                            self.active)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PrinterReport:
    """A device's ticket printer as last reported: online, and its paper (ok, low, out)."""

    online: bool | None
    paper: str | None
    reported_at: str | None


@dataclass(frozen=True, slots=True)
class DevicePartReport:
    """A card reader's or camera's state as last reported, with the reason (an error code)."""

    state: str
    reason: str | None
    reported_at: str | None


@dataclass(frozen=True, slots=True)
class DeviceView:
    """A device as the console shows it: presence, revocation, its printer, reader and camera
    (null: never reported) and its faults now, worst first."""

    id: int
    hall_id: str
    kind: str
    name: str
    window_id: int | None
    online: bool
    last_seen_at: str | None
    created_at: str
    revoked: bool
    revoked_at: str | None
    printer: PrinterReport | None
    reader: DevicePartReport | None
    camera: DevicePartReport | None
    reported_at: str | None
    offline_since: str | None
    faults: list[str]


@dataclass(frozen=True, slots=True)
class IssuedDevice(DeviceView):
    """A device just added, with its token: shown this once, stored only as a digest."""

    token: str


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
        """device_view as a dict (for server/services/device_health.py until it is typed)."""
        return asdict(device_view(self, now, silence))


def device_view(device: Device, now: datetime, silence: timedelta = REQUEST_PRESENCE) -> DeviceView:
    """What the console shows of a device now (`silence`: how long a silent one stays online)."""
    printer = None
    if device.printer_at is not None:
        printer = PrinterReport(device.printer_online, device.printer_paper, iso(device.printer_at))
    return DeviceView(
        id=device.id,
        hall_id=device.hall_id,
        kind=device.kind,
        name=device.name,
        window_id=device.window_id,
        online=device.online(now, silence),
        last_seen_at=iso(device.last_seen_at),
        created_at=device.created_at.isoformat(),
        revoked=device.revoked_at is not None,
        revoked_at=iso(device.revoked_at),
        printer=printer,
        reader=_part(device.reader_state, device.reader_reason, device.health_at),
        camera=_part(device.camera_state, device.camera_reason, device.health_at),
        reported_at=iso(device.health_at or device.printer_at),
        offline_since=iso(device.offline_at),
        faults=kiosk_health(device).faults() if device.revoked_at is None else [],
    )


def issued_device(view: DeviceView, token: str) -> IssuedDevice:
    return IssuedDevice(**{name: getattr(view, name) for name in _DEVICE_FIELDS}, token=token)


_DEVICE_FIELDS = tuple(DeviceView.__dataclass_fields__)


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


def _part(state: str | None, reason: str | None, at: datetime | None) -> DevicePartReport | None:
    if state is None:
        return None
    return DevicePartReport(state, reason, iso(at))


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


@dataclass(frozen=True, slots=True)
class AuditActor:
    """Who made a change, named as they were called when it was written (id null: the system)."""

    id: int | None
    name: str


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One row of the audit log: who, when, what, to what; before and after as they were
    (free-form: the fields of what was changed)."""

    id: int
    at: str | None
    actor: AuditActor
    action: str
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def audit_record(row: Mapping[str, Any] | AuditRecord) -> AuditRecord:
    """The audit port's row as a record (the port answers dicts until it answers records)."""
    if isinstance(row, AuditRecord):
        return row
    actor = row["actor"]
    return AuditRecord(row["id"], row["at"], AuditActor(actor["id"], actor["name"]),
                       row["action"], row["subject"], row["before"], row["after"])  # fmt: skip


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    """A bad rating's follow-up (差评回访): the rating, its ticket and window, when it is due,
    and (once closed) who closed it with what was done."""

    id: int
    hall_id: str
    rating_id: int
    ticket_id: int
    ticket: str
    window_id: int | None
    window: int | None
    level: int
    reasons: list[str]
    opened_at: str | None
    due_at: str | None
    closed_at: str | None
    closed_by: int | None
    note: str


def follow_up_record(row: Mapping[str, Any] | FollowUpRecord) -> FollowUpRecord:
    """The follow-up port's row as a record (the port answers dicts until it answers records)."""
    if isinstance(row, FollowUpRecord):
        return row
    return FollowUpRecord(**{name: row[name] for name in FollowUpRecord.__dataclass_fields__})
