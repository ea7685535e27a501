"""The OpenAPI description of the face check-in and kiosk-help routes (server/web/faces_api.py
documents the shapes)."""

from __future__ import annotations

from typing import Any

from server.services.face_check_in import DIMENSIONS, HELP_REASONS
from server.web import idempotency


def openapi_paths(op: Any, param: Any) -> dict[str, Any]:
    booking = [param("hall_id"), param("code")]
    public = {"security": False, "errors": (400, 404, 409, 422, 429, 503)}
    return {
        "/halls/{hall_id}/appointments/{code}/face": {
            "parameters": booking,
            "post": op(
                "Consent to face check-in: the selfie's template is kept (sealed), not the photo",
                "Object",
                "FaceEnrolBody",
                "201",
                **public,
            ),  # fmt: skip
        },
        "/halls/{hall_id}/appointments/{code}/face/withdraw": {
            "parameters": booking,
            "post": op(
                "Withdraw the consent: the template is deleted",
                "Object",
                "FaceWithdrawBody",
                **public,
            ),  # fmt: skip
        },
        "/devices/me/face-check-in": {
            "parameters": [idempotency.PARAMETER],
            "post": op(
                "A kiosk checks an appointment in by the live face's embedding",
                "Ticket",
                "FaceCheckInBody",
                "201",
                errors=(400, 401, 403, 404, 409, 422, 429),
            ),  # fmt: skip
        },
        "/devices/me/help": {
            "post": op(
                "A kiosk calls for staff (kiosk.help to the managers)",
                "Object",
                "KioskHelpBody",
                "201",
                errors=(400, 401, 403, 404, 409, 422),
            ),  # fmt: skip
        },
    }


def openapi_schemas() -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string"}

    def body(required: list[str], **props: Any) -> dict[str, Any]:
        return {"type": "object", "required": required, "additionalProperties": False,
                "properties": props}  # fmt: skip

    return {
        "FaceEnrolBody": body(
            ["id_number", "consent", "photo"],
            id_number=text,
            consent={"type": "boolean"},
            photo={"type": "string", "description": "base64 JPEG or PNG (a data: URL is fine)"},
        ),  # fmt: skip
        "FaceWithdrawBody": body(["id_number"], id_number=text),
        "FaceCheckInBody": body(
            ["embedding"],
            embedding={
                "type": "array",
                "items": {"type": "number"},
                "minItems": DIMENSIONS,
                "maxItems": DIMENSIONS,
            },
        ),  # fmt: skip
        "KioskHelpBody": body(
            ["reason"], reason={"enum": list(HELP_REASONS)}, service=text, ticket_token=text
        ),
    }
