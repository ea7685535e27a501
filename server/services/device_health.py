"""Kiosk health use cases: take a heartbeat, announce silent kiosks offline, and the
warnings the hall shows for kiosk faults.

A heartbeat body: {printer: {online, paper}, reader: {state, reason}, camera: {state, reason}},
each part optional (at least one). A kiosk silent longer than the hall's
`kiosk_offline_after_seconds` is marked and announced offline once by the background check;
its next heartbeat or request brings it back (announced once too).

A device reads as a records.DeviceView (the manager's list, the `device.status` event, the
heartbeat's answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from server.domain.alerts import Alert
from server.domain.device_health import (
    CAMERA_STATES,
    PAPER_STATES,
    READER_STATES,
    REASON,
    fault_alerts,
    is_silent,
)
from server.domain.errors import invalid
from server.services import records
from server.services.commands import Actor
from server.services.context import Context
from server.services.events import DeviceStatus
from server.services.records import Device, DevicePartReport, DeviceView, kiosk_health
from server.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PartState:
    """A reader's or camera's state with its typed reason (a driver's error code)."""

    state: str
    reason: str | None = None


@dataclass(frozen=True)
class HealthReport:
    """One heartbeat: None for a part the kiosk did not report."""

    actor: Actor
    printer_online: bool | None = None
    paper: str | None = None  # None: no printer part in this report
    reader: PartState | None = None
    camera: PartState | None = None


def silence(uow: UnitOfWork, device: Device) -> timedelta:
    """How long a device may stay silent before it counts as offline (kiosks: the hall's)."""
    if device.kind != "kiosk":
        return timedelta(minutes=2)
    rules = uow.halls.get(device.hall_id).rules
    return timedelta(seconds=rules.kiosk_offline_after_seconds)


def device_state(uow: UnitOfWork, device: Device, ctx: Context) -> DeviceView:
    """A device as its hall's manager sees it now."""
    return records.device_view(device, ctx.now, silence(uow, device))


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        words = ", ".join(allowed)
        raise invalid(name, f"use {words}", f"只能是 {words}")


def _check_part(name: str, part: PartState | None, allowed: tuple[str, ...]) -> None:
    if part is None:
        return
    _one_of(f"{name}.state", part.state, allowed)
    if part.reason is not None and not REASON.fullmatch(part.reason):
        raise invalid(
            f"{name}.reason", "use an error code: a-z, 0-9, _", "只能是错误代码(a-z、0-9、_)"
        )


def validate(report: HealthReport) -> None:
    """Unknown states are refused, naming the field; nothing is stored then."""
    if report.paper is not None:
        _one_of("paper", report.paper, PAPER_STATES)
    _check_part("reader", report.reader, READER_STATES)
    _check_part("camera", report.camera, CAMERA_STATES)
    if report.paper is None and report.reader is None and report.camera is None:
        raise invalid("printer", "report printer, reader or camera", "请报告打印机、读卡器或摄像头")


def _columns(report: HealthReport) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if report.paper is not None:
        values.update(printer_online=report.printer_online, printer_paper=report.paper)
    for name, part in (("reader", report.reader), ("camera", report.camera)):
        if part is not None:
            values.update({f"{name}_state": part.state, f"{name}_reason": part.reason})
    return values


def _status(view: DeviceView) -> tuple[object, ...]:
    """What a change of is worth announcing (not a mere new 'last seen' time)."""
    printer = (None, None) if view.printer is None else (view.printer.online, view.printer.paper)
    return (view.online, view.revoked, *printer, *_state(view.reader), *_state(view.camera))


def _state(part: DevicePartReport | None) -> tuple[str | None, str | None]:
    return (None, None) if part is None else (part.state, part.reason)


def announce_change(uow: UnitOfWork, before: DeviceView, device_id: int, ctx: Context) -> None:
    """Announce the device's new state (`device.status`) if it changed since `before`."""
    after = device_state(uow, uow.devices.get(device_id), ctx)
    if _status(before) != _status(after):
        uow.collect(DeviceStatus(after.hall_id, after))


def report_kiosk_health(report: HealthReport, uow: UnitOfWork, ctx: Context) -> DeviceView:
    """Store what a kiosk reports of its devices; announce a change (and its return)."""
    validate(report)
    device_id = report.actor.device_id
    assert device_id is not None
    before = device_state(uow, uow.devices.get(device_id), ctx)
    uow.devices.health_reported(device_id, _columns(report), ctx.now)
    announce_change(uow, before, device_id, ctx)
    return device_state(uow, uow.devices.get(device_id), ctx)


def mark_silent_kiosks(hall_id: str, uow: UnitOfWork, ctx: Context) -> int:
    """Mark and announce offline each kiosk of the hall silent too long (once per silence)."""
    marked = 0
    for device in uow.devices.of_hall(hall_id):
        if device.kind != "kiosk" or device.revoked_at is not None or device.sockets > 0:
            continue
        if device.offline_at is not None or device.last_seen_at is None:
            continue  # already announced, or never heard from (never online)
        last = device.last_request_at or device.last_seen_at
        if not is_silent(last, ctx.now, silence(uow, device)):
            continue
        if uow.devices.mark_offline(device.id, ctx.now):
            view = device_state(uow, uow.devices.get(device.id), ctx)
            uow.collect(DeviceStatus(hall_id, view))
            marked += 1
    return marked


def kiosk_alerts(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[Alert]:
    """The warnings of the hall's kiosk faults in force now (for the warnings strip)."""
    kiosks = [
        kiosk_health(d)
        for d in uow.devices.of_hall(hall_id)
        if d.kind == "kiosk" and d.revoked_at is None
    ]
    return fault_alerts(kiosks, ctx.now)
