"""Which devices are online: Socket.IO connections, recent requests, kiosk heartbeats.

The heartbeat itself (printer, reader, camera) and the offline check of silent kiosks are in
server/services/device_health.py.
"""

from __future__ import annotations

from server.services.context import Context
from server.services.device_health import (
    HealthReport,
    announce_change,
    device_state,
    report_kiosk_health,
)
from server.services.records import DeviceView
from server.services.unit_of_work import UnitOfWork


def _before(uow: UnitOfWork, device_id: int, ctx: Context) -> DeviceView:
    return device_state(uow, uow.devices.get(device_id), ctx)


def device_connected(device_id: int, uow: UnitOfWork, ctx: Context) -> None:
    before = _before(uow, device_id, ctx)
    uow.devices.connected(device_id, ctx.now)
    announce_change(uow, before, device_id, ctx)


def device_disconnected(device_id: int, uow: UnitOfWork, ctx: Context) -> None:
    before = _before(uow, device_id, ctx)
    uow.devices.disconnected(device_id, ctx.now)
    announce_change(uow, before, device_id, ctx)


def device_requested(device_id: int, uow: UnitOfWork, ctx: Context) -> None:
    """A device made a request: it counts as online for a while (kiosks: the hall's
    `kiosk_offline_after_seconds`, others two minutes); a kiosk marked offline is back."""
    before = _before(uow, device_id, ctx)
    uow.devices.requested(device_id, ctx.now)
    announce_change(uow, before, device_id, ctx)


def report_status(report: HealthReport, uow: UnitOfWork, ctx: Context) -> DeviceView:
    """A kiosk's heartbeat: its printer, ID-card reader and camera (see device_health)."""
    return report_kiosk_health(report, uow, ctx)


def forget_connections(uow: UnitOfWork, ctx: Context) -> int:
    """At the start of the only server process: connections counted before it stopped (or
    crashed) are gone. Not for a scaled-out server, where other processes hold theirs."""
    return uow.devices.forget_connections()
