"""The OpenAPI description of the manager console's routes (server/web/manage_api.py)."""

from __future__ import annotations

from typing import Any

from server.domain.catalogue import WindowKind
from server.services.records import DEVICE_KINDS, ROLES


def openapi_paths(op: Any, param: Any) -> dict[str, Any]:
    """The manager console's routes (server/web/manage_api.py documents the shapes)."""
    hall = [param("hall_id")]
    window = [param("window_id", "integer")]
    limit = {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": 500}}  # fmt: skip
    paths: dict[str, Any] = {
        "/halls/{hall_id}/board": {"parameters": hall, "get": op("The manager's live board")},
        "/halls/{hall_id}/waiting": {
            "parameters": hall,
            "get": op("Waiting tickets, oldest first", "List"),
        },
        "/halls/{hall_id}/services": {
            "parameters": hall,
            "get": op("Every service, inactive ones too", "List"),
            "post": op("Add a service", "Object", "ServiceBody", "201"),
        },
        "/halls/{hall_id}/services/{code}": {
            "parameters": [*hall, param("code")],
            "put": op("Edit or deactivate a service", "Object", "ServiceBody"),
        },
        "/halls/{hall_id}/windows": {
            "parameters": hall,
            "get": op("Windows with clerk and current ticket", "List"),
            "post": op("Add a window", "Object", "WindowEditBody", "201"),
        },
        "/windows/{window_id}": {
            "parameters": window,
            "put": op("Edit a window", "Object", "WindowEditBody"),
        },
        "/windows/{window_id}/assign": {
            "parameters": window,
            "post": op("Move a clerk to the window, or free it", "Object", "AssignBody"),
        },
        "/windows/{window_id}/services": {
            "parameters": window,
            "put": op("Change the services a window serves", "Object", "WindowServicesBody"),
        },
        "/halls/{hall_id}/tickets/{ticket_id}/reroute": {
            "parameters": [*hall, param("ticket_id", "integer")],
            "post": op("Re-route a waiting ticket", "Ticket", "RerouteBody"),
        },
        "/halls/{hall_id}/notice": {
            "parameters": hall,
            "put": op("Set the display's notice line", "Object", "NoticeBody"),
        },
        "/followups/{followup_id}/close": {
            "parameters": [param("followup_id", "integer")],
            "post": op("Close a bad-rating follow-up", "Object", "CloseFollowUpBody"),
        },
        "/halls/{hall_id}/users": {
            "parameters": hall,
            "get": op("Staff accounts (no password hashes)", "List"),
            "post": op("Add a staff account", "Object", "UserBody", "201"),
        },
        "/users/{user_id}": {
            "parameters": [param("user_id", "integer")],
            "put": op("Edit a staff account", "Object", "UserEditBody"),
        },
        "/halls/{hall_id}/devices": {
            "parameters": hall,
            "get": op("Devices with presence and printer state", "List"),
            "post": op("Issue a device token (shown once)", "Object", "DeviceBody", "201"),
        },
        "/devices/{device_id}/revoke": {
            "parameters": [param("device_id", "integer")],
            "post": op("Revoke a device token at once"),
        },
        "/halls/{hall_id}/audit": {
            "parameters": [*hall, limit],
            "get": op("The latest changes, newest first", "List"),
        },
    }
    return paths


def openapi_schemas() -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string"}
    number: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0}
    kinds = {"type": "array", "items": {"enum": [k.value for k in WindowKind]}}
    codes = {"type": "array", "items": text}

    def body(required: list[str], **props: Any) -> dict[str, Any]:
        return {"type": "object", "required": required, "additionalProperties": False,
                "properties": props}  # fmt: skip

    service = {
        "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
        "name_zh": text, "name_en": text, "prefix": {"type": "string", "pattern": "^[A-Z]$"},
        "window_kinds": kinds, "expected_minutes": number, "yellow_minutes": number,
        "red_minutes": number, "promised_days": {"type": "integer", "minimum": 0},
        "daily_cap": {"type": ["integer", "null"], "minimum": 1}, "category": text,
        "active": {"type": "boolean"},
    }  # fmt: skip
    window = {"number": {"type": "integer", "minimum": 1}, "name_zh": text, "name_en": text,
              "kind": {"enum": [k.value for k in WindowKind]}, "services": codes}  # fmt: skip
    return {
        "List": {"type": "array", "items": {"type": "object"}},
        "ServiceBody": body([], **service),
        "WindowEditBody": body([], **window),
        "AssignBody": body(["user_id"], user_id={"type": ["integer", "null"]}),
        "WindowServicesBody": body(["services"], services=codes),
        "RerouteBody": body([], service=text, window_id={"type": "integer"}),
        "NoticeBody": body(["notice_zh", "notice_en"], notice_zh=text, notice_en=text),
        "CloseFollowUpBody": body(["note"], note=text),
        "UserBody": body(
            ["username", "password", "role"],
            username=text,
            password=text,
            role={"enum": list(ROLES)},
            name=text,
        ),  # fmt: skip
        "UserEditBody": body(
            [],
            role={"enum": list(ROLES)},
            name=text,
            active={"type": "boolean"},
            password=text,
        ),  # fmt: skip
        "DeviceBody": body(
            ["kind", "name"],
            kind={"enum": list(DEVICE_KINDS)},
            name=text,
            window_id={"type": ["integer", "null"]},
        ),  # fmt: skip
    }
