"""Which devices are online: Socket.IO connections, recent requests, printer reports."""

from __future__ import annotations

from typing import Any

from server.domain.errors import invalid
from server.services.commands import PrinterStatus
from server.services.context import Context
from server.services.events import DeviceStatus
from server.services.unit_of_work import UnitOfWork

PAPER_STATES = ("ok", "low", "out", "unknown")


def _announce_change(uow: UnitOfWork, before: dict[str, Any], device_id: int, ctx: Context) -> None:
    after = uow.devices.get(device_id).view(ctx.now)
    if _status(before) != _status(after):
        uow.collect(DeviceStatus(after["hall_id"], after))


def _status(view: dict[str, Any]) -> tuple[Any, ...]:
    """What a change of is worth announcing (not a mere new 'last seen' time)."""
    printer = view["printer"] or {}
    return (view["online"], view["revoked"], printer.get("online"), printer.get("paper"))


def device_connected(device_id: int, uow: UnitOfWork, ctx: Context) -> None:
    before = uow.devices.get(device_id).view(ctx.now)
    uow.devices.connected(device_id, ctx.now)
    _announce_change(uow, before, device_id, ctx)


def device_disconnected(device_id: int, uow: UnitOfWork, ctx: Context) -> None:
    before = uow.devices.get(device_id).view(ctx.now)
    uow.devices.disconnected(device_id, ctx.now)
    _announce_change(uow, before, device_id, ctx)


def device_requested(device_id: int, uow: UnitOfWork, ctx: Context) -> None:
    """A device made a request: it counts as online for the next two minutes."""
    before = uow.devices.get(device_id).view(ctx.now)
    uow.devices.requested(device_id, ctx.now)
    _announce_change(uow, before, device_id, ctx)


def report_printer(cmd: PrinterStatus, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """A kiosk reports its printer; `paper` unknown when the printer did not answer."""
    if cmd.paper not in PAPER_STATES:
        raise invalid(
            "paper", f"use {', '.join(PAPER_STATES)}", f"只能是 {', '.join(PAPER_STATES)}"
        )
    assert cmd.actor.device_id is not None
    before = uow.devices.get(cmd.actor.device_id).view(ctx.now)
    uow.devices.printer_reported(cmd.actor.device_id, cmd.online, cmd.paper, ctx.now)
    _announce_change(uow, before, cmd.actor.device_id, ctx)
    return uow.devices.get(cmd.actor.device_id).view(ctx.now)


def forget_connections(uow: UnitOfWork, ctx: Context) -> int:
    """At the start of the only server process: connections counted before it stopped (or
    crashed) are gone. Not for a scaled-out server, where other processes hold theirs."""
    return uow.devices.forget_connections()
