"""Catalogue edits of the manager: services and windows, validated, audited, live at once.

Each change drops this process's cached catalogue at once (uow.catalogue_changed); other
server processes see it when their cache entry expires (Runtime.catalogue, 5 s).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from server.domain.catalogue import Service, Window, WindowKind, check_service, check_window
from server.domain.errors import ServiceExists, ServiceInUse, UnknownService, invalid
from server.services.audit import Audit, ensure_hall
from server.services.board import board_window, clerk_names, service_view
from server.services.commands import EditService, EditWindow
from server.services.context import Context
from server.services.events import LinesStale, ServiceChanged
from server.services.hall_state import HallState
from server.services.manage import load_window
from server.services.manage_results import BoardWindow, ServiceSettings
from server.services.unit_of_work import UnitOfWork

SERVICE_FIELDS = (
    "name_zh",
    "name_en",
    "prefix",
    "category",
    "expected_minutes",
    "yellow_minutes",
    "red_minutes",
    "promised_days",
    "daily_cap",
)
SERVICE_REQUIRED = (
    "name_zh",
    "prefix",
    "window_kinds",
    "expected_minutes",
    "yellow_minutes",
    "red_minutes",
)


def _kinds(raw: Any, name: str = "window_kinds") -> frozenset[WindowKind]:
    try:
        return frozenset(WindowKind(k) for k in raw)
    except (ValueError, TypeError):
        allowed = ", ".join(k.value for k in WindowKind)
        raise invalid(name, f"use {allowed}", f"只能是 {allowed}") from None


def _apply(service: Service, changes: dict[str, Any]) -> Service:
    values = {k: changes[k] for k in SERVICE_FIELDS if k in changes}
    if "window_kinds" in changes:
        values["window_kinds"] = _kinds(changes["window_kinds"])
    for key in ("name_en", "category"):
        if values.get(key) is None and key in values:
            values[key] = ""
    return replace(service, **values)


def _blank(code: str, changes: dict[str, Any]) -> Service:
    missing = [k for k in SERVICE_REQUIRED if changes.get(k) is None]
    if missing:
        raise invalid(missing[0], "required", "必填")
    return Service(
        code=code,
        name_zh="",
        name_en="",
        prefix="",
        window_kinds=frozenset(),
        expected_minutes=0,
        yellow_minutes=0,
        red_minutes=0,
    )


def save_service(cmd: EditService, uow: UnitOfWork, ctx: Context) -> ServiceSettings:
    """Add a service (create) or edit one; active False deactivates it (never deleted)."""
    ensure_hall(cmd.actor, cmd.hall_id)
    hall = uow.halls.get(cmd.hall_id)
    every = {s.code: (s, active) for s, active in uow.admin.services(hall.id)}
    if cmd.create:
        if cmd.code in every:
            raise ServiceExists(service=cmd.code)
        old, was_active = _blank(cmd.code, cmd.changes), True
    elif cmd.code not in every:
        raise UnknownService(service=cmd.code)
    else:
        old, was_active = every[cmd.code]
    service = _apply(old, cmd.changes)
    active = bool(cmd.changes.get("active", was_active))
    if active:
        others = [s for s, on in every.values() if on and s.code != service.code]
        check_service(service, others)
    else:
        check_service(service, [])
        waiting = uow.admin.waiting_of_service(hall.id, hall.service_day(ctx.now), service.code)
        if was_active and waiting:
            raise ServiceInUse(service=service.code, waiting=waiting)
    if cmd.create:
        uow.admin.add_service(hall.id, service)
    else:
        uow.admin.save_service(hall.id, service, active)
    uow.catalogue_changed(hall.id)
    view = service_view(service, active)
    uow.collect(ServiceChanged(hall.id, view))
    uow.collect(LinesStale(hall.id))
    before = None if cmd.create else service_view(old, was_active)
    action = "service.add" if cmd.create else "service.edit"
    Audit(uow, ctx, cmd.actor).write(hall.id, action, f"service:{service.code}", before, view)
    return view


def _window_audit(w: Window) -> dict[str, Any]:
    return {
        "number": w.number,
        "name_zh": w.name_zh,
        "name_en": w.name_en,
        "kind": w.kind.value,
        "services": sorted(w.services),
    }


def _edited(window: Window, changes: dict[str, Any]) -> Window:
    values: dict[str, Any] = {
        k: changes[k] for k in ("number", "name_zh", "name_en") if k in changes
    }
    if values.get("name_en", "") is None:
        values["name_en"] = ""
    if changes.get("kind") is not None:
        (values["kind"],) = _kinds([changes["kind"]], "kind")
    if changes.get("services") is not None:
        values["services"] = frozenset(changes["services"])
    return replace(window, **values)


def _new_window(hall_id: str, changes: dict[str, Any], state: HallState) -> Window:
    missing = [k for k in ("number", "name_zh", "kind") if changes.get(k) is None]
    if missing:
        raise invalid(missing[0], "required", "必填")
    (kind,) = _kinds([changes["kind"]], "kind")
    services = changes.get("services")
    if services is None:  # like the hall file: every service of the window's kind
        services = [s.code for s in state.services.values() if kind in s.window_kinds]
    return Window(
        id=0,
        hall_id=hall_id,
        number=changes["number"],
        name_zh=changes["name_zh"],
        name_en=changes.get("name_en") or "",
        kind=kind,
        services=frozenset(services),
    )


def save_window(cmd: EditWindow, uow: UnitOfWork, ctx: Context) -> BoardWindow:
    """Add a window (window_id None) or edit its number, names, kind and services."""
    if cmd.window_id is None:
        assert cmd.hall_id is not None
        ensure_hall(cmd.actor, cmd.hall_id)
        uow.catalogue_changed(cmd.hall_id)  # read the layout fresh: numbers must not clash
        state = HallState.load(uow, cmd.hall_id, ctx.now)
        window, before = _new_window(state.hall.id, cmd.changes, state), None
        known = set(state.services)
    else:
        state, old = load_window(cmd.window_id, cmd.actor, uow, ctx)
        uow.catalogue_changed(state.hall.id)
        window, before = _edited(old, cmd.changes), _window_audit(old)
        known = {*state.services, *old.services}  # one it lists may stay, though deactivated
    check_window(window, state.windows, known)
    if cmd.window_id is None:
        window.id = uow.admin.add_window(window)
    else:
        uow.windows.save(window)
    uow.catalogue_changed(state.hall.id)
    uow.collect(state.window_changed(window))
    uow.collect(state.lines_stale())
    action = "window.add" if before is None else "window.edit"
    Audit(uow, ctx, cmd.actor).write(
        state.hall.id, action, f"window:{window.id}", before, _window_audit(window)
    )
    return board_window(state, window, clerk_names(uow, state.hall.id))
