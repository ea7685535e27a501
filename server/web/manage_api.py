"""REST for the manager console (/manage): the live board, live actions, catalogue and staff.

The contract (paths, bodies, answers, events) is written out in docs/manager-api.md.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, jsonify

from server.services import board, catalogue_admin, manage, staff_admin
from server.services.commands import (
    AddDevice,
    AddUser,
    AssignClerk,
    CloseFollowUp,
    DeviceCommand,
    EditService,
    EditUser,
    EditWindow,
    Reroute,
    SetNotice,
    SetWindowServices,
)
from server.web.auth import actor, require
from server.web.errors import ApiError
from server.web.parsing import field, json_body, query_int, reject_unknown
from server.web.runtime import Runtime

log = logging.getLogger(__name__)

manage_api = Blueprint("manage_api", __name__, url_prefix="/api/v1")
MANAGERS = ("manager", "admin")


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


# -- reads: the board and the lists the console edits
READS = {
    "board": board.board,
    "waiting": board.waiting,
    "services": board.services,
    "windows": board.windows,
    "users": board.users,
    "devices": board.devices,
}


def _reader(handler: Any) -> Any:
    def view(hall_id: str) -> Any:
        return jsonify(runtime().read(handler, hall_id))

    return view


for _name, _handler in READS.items():
    manage_api.add_url_rule(
        f"/halls/<hall_id>/{_name}", f"hall_{_name}", require(*MANAGERS)(_reader(_handler))
    )


@manage_api.get("/halls/<hall_id>/audit")
@require(*MANAGERS)
def hall_audit(hall_id: str) -> Any:
    limit = query_int("limit", 100, 1, board.AUDIT_LIMIT_MAX)
    return jsonify(runtime().read(board.audit, hall_id, limit))


# -- parsing helpers
def _body(*allowed: str) -> dict[str, Any]:
    body = json_body()
    reject_unknown(body, *allowed)
    return body


def _number(body: dict[str, Any], name: str) -> float | None:
    value = field(body, name, (int, float))
    return None if value is None else float(value)


def _int_or_null(body: dict[str, Any], name: str) -> int | None:
    return field(body, name, int)  # type: ignore[no-any-return]


def _strings(body: dict[str, Any], name: str, required: bool = False) -> list[str] | None:
    value = field(body, name, list, required=required)
    if value is not None and not all(isinstance(v, str) and len(v) <= 40 for v in value):
        raise ApiError(400, "bad_request", detail=f"{name} must be a list of codes")
    return value  # type: ignore[no-any-return]


SERVICE_TEXT = {"name_zh": 100, "name_en": 100, "prefix": 2, "category": 60}
SERVICE_NUMBERS = ("expected_minutes", "yellow_minutes", "red_minutes")


def _service_changes(body: dict[str, Any]) -> dict[str, Any]:
    """The fields given, typed (a field left out stays as it is; daily_cap null: no cap)."""
    changes: dict[str, Any] = {}
    for name, max_len in SERVICE_TEXT.items():
        if name in body:
            changes[name] = field(body, name, str, required=True, max_len=max_len)
    for name in SERVICE_NUMBERS:
        if name in body:
            changes[name] = _number(body, name)
            if changes[name] is None:
                raise ApiError(400, "bad_request", detail=f"{name} is required")
    if "promised_days" in body:
        changes["promised_days"] = field(body, "promised_days", int, required=True)
    if "daily_cap" in body:
        changes["daily_cap"] = _int_or_null(body, "daily_cap")
    if "window_kinds" in body:
        changes["window_kinds"] = _strings(body, "window_kinds", required=True)
    if "active" in body:
        changes["active"] = field(body, "active", bool, required=True)
    return changes


def _window_changes(body: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if "number" in body:
        changes["number"] = field(body, "number", int, required=True)
    for name in ("name_zh", "name_en"):
        if name in body:
            changes[name] = field(body, name, str, required=True, max_len=100)
    if "kind" in body:
        changes["kind"] = field(body, "kind", str, required=True, max_len=20)
    if "services" in body:
        changes["services"] = _strings(body, "services", required=True)
    return changes


SERVICE_KEYS = (
    *SERVICE_TEXT,
    *SERVICE_NUMBERS,
    "window_kinds",
    "promised_days",
    "daily_cap",
    "active",
)
WINDOW_KEYS = ("number", "name_zh", "name_en", "kind", "services")


# -- live actions
@manage_api.post("/windows/<int:window_id>/assign")
@require(*MANAGERS)
def assign(window_id: int) -> Any:
    body = _body("user_id")
    if "user_id" not in body:
        raise ApiError(400, "bad_request", detail="user_id is required (null frees the window)")
    cmd = AssignClerk(window_id, actor(), field(body, "user_id", int))
    return jsonify(runtime().execute(manage.assign_clerk, cmd))


@manage_api.put("/windows/<int:window_id>/services")
@require(*MANAGERS)
def window_services(window_id: int) -> Any:
    body = _body("services")
    codes = _strings(body, "services", required=True) or []
    cmd = SetWindowServices(window_id, actor(), tuple(codes))
    return jsonify(runtime().execute(manage.set_window_services, cmd))


@manage_api.post("/halls/<hall_id>/tickets/<int:ticket_id>/reroute")
@require(*MANAGERS)
def reroute(hall_id: str, ticket_id: int) -> Any:
    body = _body("service", "window_id")
    cmd = Reroute(
        hall_id,
        ticket_id,
        actor(),
        field(body, "service", str, max_len=40),
        field(body, "window_id", int),
    )
    return jsonify(runtime().execute(manage.reroute, cmd))


@manage_api.put("/halls/<hall_id>/notice")
@require(*MANAGERS)
def notice(hall_id: str) -> Any:
    body = _body("notice_zh", "notice_en")
    zh = field(body, "notice_zh", str, required=True, max_len=500)
    en = field(body, "notice_en", str, max_len=500) or ""
    return jsonify(runtime().execute(manage.set_notice, SetNotice(hall_id, actor(), zh, en)))


@manage_api.post("/followups/<int:followup_id>/close")
@require(*MANAGERS)
def close_followup(followup_id: int) -> Any:
    body = _body("note")
    note = field(body, "note", str, required=True, max_len=1000)
    return jsonify(
        runtime().execute(manage.close_follow_up, CloseFollowUp(followup_id, actor(), note))
    )


# -- catalogue
@manage_api.post("/halls/<hall_id>/services")
@require(*MANAGERS)
def add_service(hall_id: str) -> Any:
    body = _body("code", *SERVICE_KEYS)
    code = field(body, "code", str, required=True, max_len=40)
    cmd = EditService(hall_id, actor(), code, _service_changes(body), create=True)
    return jsonify(runtime().execute(catalogue_admin.save_service, cmd)), 201


@manage_api.put("/halls/<hall_id>/services/<code>")
@require(*MANAGERS)
def edit_service(hall_id: str, code: str) -> Any:
    body = _body(*SERVICE_KEYS)
    cmd = EditService(hall_id, actor(), code, _service_changes(body))
    return jsonify(runtime().execute(catalogue_admin.save_service, cmd))


@manage_api.post("/halls/<hall_id>/windows")
@require(*MANAGERS)
def add_window(hall_id: str) -> Any:
    body = _body(*WINDOW_KEYS)
    cmd = EditWindow(actor(), _window_changes(body), hall_id=hall_id)
    return jsonify(runtime().execute(catalogue_admin.save_window, cmd)), 201


@manage_api.put("/windows/<int:window_id>")
@require(*MANAGERS)
def edit_window(window_id: int) -> Any:
    body = _body(*WINDOW_KEYS)
    cmd = EditWindow(actor(), _window_changes(body), window_id=window_id)
    return jsonify(runtime().execute(catalogue_admin.save_window, cmd))


# -- staff and devices
@manage_api.post("/halls/<hall_id>/users")
@require(*MANAGERS)
def add_user(hall_id: str) -> Any:
    body = _body("username", "password", "role", "name")
    cmd = AddUser(
        hall_id,
        actor(),
        username=field(body, "username", str, required=True, max_len=60),
        password=field(body, "password", str, required=True, max_len=200),
        role=field(body, "role", str, required=True, max_len=20),
        name=field(body, "name", str, max_len=60) or "",
    )
    return jsonify(runtime().execute(staff_admin.add_user, cmd)), 201


@manage_api.put("/users/<int:user_id>")
@require(*MANAGERS)
def edit_user(user_id: int) -> Any:
    body = _body("role", "name", "active", "password")
    cmd = EditUser(
        user_id,
        actor(),
        role=field(body, "role", str, max_len=20),
        name=field(body, "name", str, max_len=60),
        active=field(body, "active", bool),
        password=field(body, "password", str, max_len=200),
    )
    return jsonify(runtime().execute(staff_admin.edit_user, cmd))


@manage_api.post("/halls/<hall_id>/devices")
@require(*MANAGERS)
def add_device(hall_id: str) -> Any:
    body = _body("kind", "name", "window_id")
    cmd = AddDevice(
        hall_id,
        actor(),
        kind=field(body, "kind", str, required=True, max_len=20),
        name=field(body, "name", str, required=True, max_len=100),
        window_id=field(body, "window_id", int),
    )
    return jsonify(runtime().execute(staff_admin.add_device, cmd)), 201


@manage_api.post("/devices/<int:device_id>/revoke")
@require(*MANAGERS)
def revoke_device(device_id: int) -> Any:
    _body()
    cmd = DeviceCommand(device_id, actor())
    return jsonify(runtime().execute(staff_admin.revoke_device, cmd))
