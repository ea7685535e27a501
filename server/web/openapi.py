"""The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from server.domain.rating import RatingLevel
from server.domain.ticket import Outcome, Priority
from server.web import (
    appointments_openapi,
    device_health_openapi,
    faces_openapi,
    idempotency,
    manage_openapi,
    sessions_openapi,
)

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _op(
    summary: str,
    ok: str = "Object",
    body: str | None = None,
    status: str = "200",
    security: bool = True,
    errors: tuple[int, ...] = (400, 401, 403, 404, 409),
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            status: {"description": "OK", "content": {JSON: {"schema": _ref(ok)}}},
            **{
                str(code): {"description": "Error", "content": {JSON: {"schema": _ref("Error")}}}
                for code in errors
            },
        },
    }
    if body:
        op["requestBody"] = {"required": False, "content": {JSON: {"schema": _ref(body)}}}
    if not security:
        op["security"] = []
    return op


def _path_param(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


WINDOW_ACTIONS = {
    "sign-in": ("Sign the clerk in to the window (opens it)", "WindowBody"),
    "sign-out": ("Sign out and close the window", "WindowBody"),
    "call-next": ("Call the next ticket by the routing policy", "WindowBody"),
    "recall": ("Call the current ticket again", "WindowBody"),
    "start": ("Start serving the current ticket", "WindowBody"),
    "finish": ("Finish the current ticket with an outcome", "FinishBody"),
    "no-show": ("Mark the current ticket a no-show (过号)", "WindowBody"),
    "transfer": ("Transfer the current ticket to a service or window", "TransferBody"),
    "pause": ("Pause the window with a reason", "PauseBody"),
    "resume": ("Resume a paused window", "WindowBody"),
    "open": ("Open the window", "WindowBody"),
    "close": ("Close the window", "WindowBody"),
}


def _paths() -> dict[str, Any]:
    hall = [_path_param("hall_id")]
    token = [_path_param("token")]
    paths: dict[str, Any] = {
        "/auth/login": {"post": _op("Sign in a user", body="Login", security=False)},
        "/auth/logout": {"post": _op("Sign out", security=False)},
        "/auth/me": {"get": _op("Who is calling")},
        "/halls/{hall_id}/catalogue": {"parameters": hall, "get": _op("Services and windows")},
        "/halls/{hall_id}/queues": {"parameters": hall, "get": _op("Lines: waiting and estimates")},
        "/halls/{hall_id}/snapshot": {"parameters": hall, "get": _op("Everything a display shows")},
        "/halls/{hall_id}/tickets": {
            "parameters": [*hall, idempotency.PARAMETER],
            "post": _op(
                "Take a number",
                "Ticket",
                "IssueBody",
                "201",
                errors=(400, 401, 403, 404, 409, 422, 429),
            ),
        },
        "/tickets/{token}": {
            "parameters": token,
            "get": _op("A ticket's state and place (public by token)", "Ticket", security=False),
        },
        "/tickets/{token}/rejoin": {
            "parameters": token,
            "post": _op("Rejoin after a no-show", "Ticket"),
        },
        "/tickets/{token}/cancel": {"parameters": token, "post": _op("Cancel a ticket", "Ticket")},
        "/tickets/{token}/rating": {
            "parameters": token,
            "post": _op("Rate a finished ticket", "Object", "RateBody", "201", security=False),
        },
        "/windows/{window_id}/snapshot": {
            "parameters": [_path_param("window_id", "integer")],
            "get": _op("What a counter shows"),
        },
    }
    for action, (summary, body) in WINDOW_ACTIONS.items():
        paths[f"/windows/{{window_id}}/{action}"] = {
            "parameters": [_path_param("window_id", "integer")],
            "post": _op(summary, "Object", body, errors=(400, 401, 403, 404, 409, 429)),
        }
    paths.update(_counter_paths())
    return paths


def _counter_paths() -> dict[str, Any]:
    """The counter console's and rating pad's routes (server/web/counter_api.py)."""
    window = [_path_param("window_id", "integer")]
    return {
        "/windows/{window_id}/console": {
            "parameters": window,
            "get": _op("The clerk's screen: window, ticket, lines, own figures"),
        },
        "/windows/{window_id}/rating": {
            "parameters": window,
            "get": _op("The ticket this window's rating pad may ask about"),
            "post": _op("The window's rating pad rates a ticket", "Object", "Object", "201"),
        },
    }


def _schemas() -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "object"}
    window_body = {"ticket_id": {"type": "integer"}}
    return {
        "Object": obj,
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string"},
                        "message": {
                            "type": "object",
                            "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
                        },
                    },
                }
            },
        },
        "Ticket": {
            "type": "object",
            "required": ["number", "status", "service"],
            "properties": {
                "number": {"type": "string"},
                "status": {"type": "string"},
                "service": obj,
                "token": {"type": "string"},
                "ahead": {"type": "integer"},
                "estimated_minutes": {"type": ["number", "null"]},
            },
        },
        "Login": {
            "type": "object",
            "required": ["username", "password"],
            "additionalProperties": False,
            "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
        },
        "IssueBody": {
            "type": "object",
            "required": ["service"],
            "additionalProperties": False,
            "properties": {
                "service": {"type": "string", "maxLength": 40},
                "priority": {"enum": [p.value for p in Priority]},
                "id_number": {"type": "string", "maxLength": 18},
                "name": {"type": "string", "maxLength": 60},
            },
        },
        "RateBody": {
            "type": "object",
            "required": ["level"],
            "additionalProperties": False,
            "properties": {
                "level": {"enum": [int(level) for level in RatingLevel]},
                "reasons": {
                    "type": "array",
                    "maxItems": 10,
                    "items": {"type": "string", "maxLength": 60},
                },
            },
        },
        "WindowBody": {"type": "object", "additionalProperties": False, "properties": window_body},
        "FinishBody": {
            "type": "object",
            "additionalProperties": False,
            "properties": {**window_body, "outcome": {"enum": [o.value for o in Outcome]}},
        },
        "PauseBody": {
            "type": "object",
            "additionalProperties": False,
            "properties": {**window_body, "reason": {"type": "string", "maxLength": 100}},
        },
        "TransferBody": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                **window_body,
                "service": {"type": "string"},
                "window_id": {"type": "integer"},
                "keep_place": {"type": "boolean"},
                "note": {"type": "string", "maxLength": 200},
            },
        },
    }


# Modules documenting other blueprints: each has openapi_paths(op, param) and openapi_schemas().
EXTENSIONS = (
    manage_openapi,
    appointments_openapi,
    faces_openapi,
    device_health_openapi,
    sessions_openapi,
)


def _limits_and_csrf(paths: dict[str, Any]) -> None:
    """Any state change may be refused for a missing CSRF token (403) or a limit (429)."""
    error = {"description": "Error", "content": {JSON: {"schema": _ref("Error")}}}
    for item in paths.values():
        for method in ("post", "put", "patch", "delete"):
            if method in item:
                for code in ("403", "429"):
                    item[method]["responses"].setdefault(code, error)


def openapi_document() -> dict[str, Any]:
    paths, schemas = _paths(), _schemas()
    for extension in EXTENSIONS:
        paths.update(extension.openapi_paths(_op, _path_param))
        schemas.update(extension.openapi_schemas())
    _limits_and_csrf(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "onewindow hall server", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"device": []}, {"session": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "device": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
