"""The OpenAPI description of the appointments, cases and supervision routes
(server/web/appointments_api.py and supervision_api.py document the shapes)."""

from __future__ import annotations

from typing import Any

from server.domain.cases import CaseStatus, Delivery
from server.services.cases import ACTIONS
from server.web import idempotency


def openapi_paths(op: Any, param: Any) -> dict[str, Any]:
    """This blueprint's routes for the OpenAPI document (shapes in the module docstring)."""
    hall, code, number = [param("hall_id")], param("code"), param("number")
    service = {"name": "service", "in": "query", "required": True, "schema": {"type": "string"}}
    public = {"security": False, "errors": (400, 404, 409, 422, 429)}
    return {
        **_supervision_paths(op, param),
        "/halls/{hall_id}/appointments/services": {
            "parameters": hall,
            "get": op("The hall and the services one may book", security=False),
        },
        "/halls/{hall_id}/appointments/slots": {
            "parameters": [*hall, service],
            "get": op("Working days and slots on offer, places left", security=False),
        },
        "/halls/{hall_id}/appointments": {
            "parameters": hall,
            "post": op(
                "Book a slot (预约); many bookings from one address: 428 challenge_required "
                "(a proof of work to send back); SMS code when the hall verifies phones",
                "Object",
                "BookBody",
                "201",
                security=False,
                errors=(400, 403, 404, 409, 422, 428, 429),
            ),  # fmt: skip
        },
        "/halls/{hall_id}/appointments/phone-code": {
            "parameters": hall,
            "post": op(
                "Send a booking's SMS code to the phone (when the hall verifies phones)",
                "Object",
                "PhoneCodeBody",
                "201",
                security=False,
                errors=(400, 404, 409, 422, 429, 503),
            ),  # fmt: skip
        },
        "/halls/{hall_id}/appointments/{code}/change": {
            "parameters": [*hall, code],
            "post": op("Move a booking to another slot", "Object", "ChangeBody", **public),
        },
        "/halls/{hall_id}/appointments/{code}/cancel": {
            "parameters": [*hall, code],
            "post": op("Cancel a booking", "Object", "CancelBody", **public),
        },
        "/halls/{hall_id}/appointments/{code}/qr.svg": {
            "parameters": [*hall, code],
            "get": op("The booking code as a QR image (SVG)", security=False),
        },
        "/halls/{hall_id}/appointments/check-in": {
            "parameters": [*hall, idempotency.PARAMETER],
            "post": op(
                "Check an appointment in: a ticket (priority within the window)",
                "Ticket",
                "CheckInBody",
                "201",
                errors=(400, 401, 403, 404, 409, 422, 429),  # 422: id_number invalid/required
            ),  # fmt: skip
        },
        "/halls/{hall_id}/cases/lookup": {
            "parameters": hall,
            "post": op("The applicant's own cases, masked", "Object", "LookupBody", **public),
        },
        "/halls/{hall_id}/cases/late": {
            "parameters": hall,
            "get": op("督办: running cases with a yellow or red deadline card"),
        },
        "/halls/{hall_id}/cases/{number}": {
            "parameters": [*hall, number],
            "get": op("A case with its timed steps"),
        },
        "/halls/{hall_id}/cases/{number}/moves": {
            "parameters": [*hall, number],
            "post": op(
                "Move a case one step (review, approve, reject, ready, deliver, materials)",
                "Object",
                "CaseMoveBody",
            ),  # fmt: skip
        },
    }


def openapi_schemas() -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string"}
    day = {"type": "string", "format": "date"}
    hhmm = {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"}
    texts = {"type": "array", "items": text, "maxItems": 30}

    def body(required: list[str], **props: Any) -> dict[str, Any]:
        return {"type": "object", "required": required, "additionalProperties": False,
                "properties": props}  # fmt: skip

    return {
        "BookBody": body(
            ["service", "date", "start", "name", "id_number", "phone"],
            service=text,
            date=day,
            start=hhmm,
            name=text,
            id_number=text,
            phone=text,
            proof=body(
                ["challenge", "nonce"],
                challenge=text,
                nonce={"type": "string", "pattern": "^[0-9]{1,20}$"},
            ),
            phone_code=text,
        ),  # fmt: skip
        "PhoneCodeBody": body(["phone"], phone=text),
        "ChangeBody": body(["id_number", "date", "start"], id_number=text, date=day, start=hhmm),
        "CancelBody": body(["id_number"], id_number=text),
        "CheckInBody": body([], booking_code=text, id_number=text),
        "LookupBody": body(["id_number"], case_number=text, id_number=text),  # number: see above
        "CaseMoveBody": body(
            ["action"],
            action={"enum": list(ACTIONS)},
            reason=text,
            remedy=text,
            method={"enum": [d.value for d in Delivery]},
            tracking=text,
            received=texts,
            missing=texts,
            promise_date=day,
        ),  # fmt: skip
    }


def _supervision_paths(op: Any, param: Any) -> dict[str, Any]:
    hall = [param("hall_id")]
    period = [
        {"name": "from", "in": "query", "required": True,
         "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"}},
    ]  # fmt: skip
    fmt = {"name": "format", "in": "query", "required": False,
           "schema": {"enum": ["csv", "xlsx"]}}  # fmt: skip
    states = ["all", "running", *(s.value for s in CaseStatus)]
    listing = [
        {"name": "state", "in": "query", "required": False, "schema": {"enum": states}},
        {"name": "department", "in": "query", "required": False,
         "schema": {"type": "string", "maxLength": 100}},
        {"name": "from", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"}},
        {"name": "page", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
    ]  # fmt: skip
    return {
        "/halls/{hall_id}/cases": {
            "parameters": [*hall, *listing],
            "get": op("All cases by state, department and day of acceptance (masked, paged)"),
        },
        "/halls/{hall_id}/reports": {
            "parameters": [*hall, *period],
            "get": op("Supervision figures of a day or a month (one page)"),
        },
        "/halls/{hall_id}/exports/{kind}": {
            "parameters": [*hall, param("kind"), *period, fmt],
            "get": op("Tickets, cases or ratings of a date range as CSV or XLSX"),
        },
    }
