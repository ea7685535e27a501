"""OpenAPI of a kiosk's heartbeat (POST /devices/me/status): printer, ID-card reader, camera.

Every part is optional, at least one is sent; a part the kiosk leaves out keeps its last
state. The answer is the kiosk's device view (online, printer, reader, camera, faults).
"""

from __future__ import annotations

from typing import Any

from server.domain.device_health import CAMERA_STATES, PAPER_STATES, READER_STATES, REASON


def openapi_paths(op: Any, param: Any) -> dict[str, Any]:
    summary = "A kiosk's heartbeat: its printer, ID-card reader and camera"
    return {"/devices/me/status": {"post": op(summary, "Object", "StatusBody")}}


def openapi_schemas() -> dict[str, Any]:
    reason = {"type": ["string", "null"], "pattern": REASON.pattern, "maxLength": 40}

    def body(required: list[str], **props: Any) -> dict[str, Any]:
        return {"type": "object", "required": required, "additionalProperties": False,
                "properties": props}  # fmt: skip

    def part(states: tuple[str, ...]) -> dict[str, Any]:
        return body(["state"], state={"enum": list(states)}, reason=reason)

    return {
        "StatusBody": {
            **body(
                [],
                printer=body(
                    [], online={"type": ["boolean", "null"]}, paper={"enum": list(PAPER_STATES)}
                ),
                reader=part(READER_STATES),
                camera=part(CAMERA_STATES),
            ),
            "minProperties": 1,
        },
    }
