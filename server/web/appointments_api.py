"""REST for appointments (预约) and cases (办件): each view parses, runs one use case, renders.

Public (the citizen's phone, no sign-in; personal data masked in every answer):
  GET  /halls/<hall>/appointments/services -> {hall: {id, name_zh, name_en},
        services: [{code, name_zh, name_en}]}
  GET  /halls/<hall>/appointments/slots?service=CODE -> {service, capacity,
        days: [{date, makeup, slots: [{start, end, left}]}]}       working days on offer
  POST /halls/<hall>/appointments {service, date, start, name, id_number, phone} -> 201
        booking = {code, service, date, start, end, starts_at, status, arrival,
                   name_masked, id_masked, phone_masked, hall}
  POST /halls/<hall>/appointments/<code>/change {id_number, date, start} -> booking
  POST /halls/<hall>/appointments/<code>/cancel {id_number} -> booking
  GET  /halls/<hall>/appointments/<code>/qr.svg -> the booking code as a QR (SVG)
  POST /halls/<hall>/cases/lookup {case_number, id_number} -> {cases: [public case]}
        public case = {number, service, status, accepted_on, deadline, days_left, card,
                       name_masked, id_masked, missing, promise_date, reason, remedy,
                       delivery, tracking}; a kiosk (device token) or staff may omit
                       case_number to list the card holder's cases
Kiosk (device token) and staff:
  POST /halls/<hall>/appointments/check-in {booking_code | id_number}, Idempotency-Key
        -> 201 ticket view + {token, appointment: {code, date, start, arrival},
                              notice?: {zh, en}}   (notice: early/late, a walk-in ticket)
Staff (clerk, manager, admin):
  GET  /halls/<hall>/cases/late -> {at, cases: [case], followups: [followup with a card]}
        督办: yellow/red cards, red first (all cases by state: supervision_api.py)
  GET  /halls/<hall>/cases/<number> -> case + {steps: [{action, at, from, to, actor_id,
        actor_name, window, ...}]}
  POST /halls/<hall>/cases/<number>/moves {action: review|approve|reject|ready|deliver|
        materials, reason, remedy, method: window|post|cabinet, tracking, received: [str],
        missing: [str], promise_date} -> case
Refusals: unknown_booking (404), booking_not_open, booking_not_today, slot_unavailable,
slot_full, double_booking (409), booking_limit_reached (429), booking_blocked (403),
unknown_case (404), id_number_required / case_number_required / invalid_id_number (422),
invalid_value (400). Supervision reports and exports: server/web/supervision_api.py.
"""

from __future__ import annotations

import io
import re
from datetime import date, time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from server.domain.cases import Delivery
from server.domain.errors import UnknownBooking
from server.services import appointments, cases
from server.services.commands import STAFF_ROLES
from server.web.auth import actor, current_principal, require
from server.web.errors import ApiError
from server.web.parsing import enum_field, field, json_body, reject_unknown
from server.web.ratelimit import limit_public
from server.web.runtime import Runtime

appointments_api = Blueprint("appointments_api", __name__, url_prefix="/api/v1")
STAFF = tuple(STAFF_ROLES)
CODE = re.compile(r"^[A-Za-z0-9]{4,12}$")


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


def _date(body: dict[str, Any], name: str, required: bool = True) -> date | None:
    raw = field(body, name, str, required=required, max_len=10)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ApiError(400, "bad_request", detail=f"{name} must be YYYY-MM-DD") from None


def _time(body: dict[str, Any], name: str) -> time:
    raw = field(body, name, str, required=True, max_len=5)
    if not re.fullmatch(r"\d{2}:\d{2}", raw):
        raise ApiError(400, "bad_request", detail=f"{name} must be HH:MM")
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise ApiError(400, "bad_request", detail=f"{name} must be HH:MM") from None


def _code(code: str) -> str:
    if not CODE.fullmatch(code):
        raise ApiError(400, "bad_request", detail="malformed booking code")
    return code.upper()


@appointments_api.get("/halls/<hall_id>/appointments/services")
def bookable_services(hall_id: str) -> Any:
    return jsonify(runtime().read(appointments.bookable_services, hall_id))


@appointments_api.get("/halls/<hall_id>/appointments/slots")
def slots(hall_id: str) -> Any:
    service = request.args.get("service", "")
    if not service or len(service) > 40:
        raise ApiError(400, "bad_request", detail="service is required")
    return jsonify(runtime().read(appointments.list_slots, hall_id, service))


@appointments_api.post("/halls/<hall_id>/appointments")
@limit_public
def book(hall_id: str) -> Any:
    body = json_body()
    reject_unknown(body, "service", "date", "start", "name", "id_number", "phone")
    cmd = appointments.Book(
        hall_id=hall_id,
        service_code=field(body, "service", str, required=True, max_len=40),
        day=_date(body, "date"),  # type: ignore[arg-type]
        start=_time(body, "start"),
        name=field(body, "name", str, required=True, max_len=30),
        id_number=field(body, "id_number", str, required=True, max_len=18),
        phone=field(body, "phone", str, required=True, max_len=20),
    )
    return jsonify(runtime().execute(appointments.book, cmd)), 201


@appointments_api.post("/halls/<hall_id>/appointments/<code>/change")
@limit_public
def change(hall_id: str, code: str) -> Any:
    body = json_body()
    reject_unknown(body, "id_number", "date", "start")
    cmd = appointments.ChangeBooking(
        hall_id, _code(code), field(body, "id_number", str, required=True, max_len=18),
        _date(body, "date"), _time(body, "start"),  # type: ignore[arg-type]
    )  # fmt: skip
    return jsonify(runtime().execute(appointments.change, cmd))


@appointments_api.post("/halls/<hall_id>/appointments/<code>/cancel")
@limit_public
def cancel(hall_id: str, code: str) -> Any:
    body = json_body()
    reject_unknown(body, "id_number")
    id_number = field(body, "id_number", str, required=True, max_len=18)
    cmd = appointments.CancelBooking(hall_id, _code(code), id_number)
    return jsonify(runtime().execute(appointments.cancel, cmd))


@appointments_api.get("/halls/<hall_id>/appointments/<code>/qr.svg")
def qr(hall_id: str, code: str) -> Any:
    """The booking code as a QR for the kiosk's scanner: it holds nothing but the code."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(_code(code), image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    out = io.BytesIO()
    image.save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml")


@appointments_api.post("/halls/<hall_id>/appointments/check-in")
@require(*STAFF, "kiosk")
def check_in(hall_id: str) -> Any:
    body = json_body()
    reject_unknown(body, "booking_code", "id_number")
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 80):
        raise ApiError(400, "bad_request", detail="Idempotency-Key must be 1-80 characters")
    code = field(body, "booking_code", str, max_len=80)
    if code and not CODE.fullmatch(code):  # a QR of something else: no such booking
        raise UnknownBooking()
    cmd = appointments.CheckIn(
        hall_id=hall_id,
        actor=actor(),
        booking_code=code.upper() if code else None,
        id_number=field(body, "id_number", str, max_len=18),
        request_key=key,
    )
    return jsonify(runtime().execute(appointments.check_in, cmd)), 201


@appointments_api.post("/halls/<hall_id>/cases/lookup")
@limit_public
def look_up_cases(hall_id: str) -> Any:
    body = json_body()
    reject_unknown(body, "case_number", "id_number")
    p = current_principal()
    trusted = p is not None and p.role in (*STAFF, "kiosk") and p.hall_id in (None, hall_id)
    cmd = cases.LookUpCases(
        hall_id,
        field(body, "case_number", str, max_len=20),
        field(body, "id_number", str, max_len=18),
        need_number=not trusted,
    )
    return jsonify(runtime().read(cases.look_up, cmd))


@appointments_api.get("/halls/<hall_id>/cases/late")
@require(*STAFF)
def late_cases(hall_id: str) -> Any:
    return jsonify(runtime().read(cases.late_cases, hall_id))


@appointments_api.get("/halls/<hall_id>/cases/<number>")
@require(*STAFF)
def case_detail(hall_id: str, number: str) -> Any:
    return jsonify(runtime().read(cases.case_detail, hall_id, number))


@appointments_api.post("/halls/<hall_id>/cases/<number>/moves")
@require(*STAFF)
def move_case(hall_id: str, number: str) -> Any:
    body = json_body()
    reject_unknown(body, "action", "reason", "remedy", "method", "tracking", "received",
                   "missing", "promise_date")  # fmt: skip
    cmd = cases.MoveCase(
        hall_id=hall_id,
        number=number,
        action=field(body, "action", str, required=True, max_len=20),
        actor=actor(),
        reason=field(body, "reason", str, max_len=500) or "",
        remedy=field(body, "remedy", str, max_len=500) or "",
        method=enum_field(body, "method", Delivery) if body.get("method") else None,
        tracking=field(body, "tracking", str, max_len=60) or "",
        received=_strings(body, "received"),
        missing=_strings(body, "missing"),
        promise_date=_date(body, "promise_date", required=False),
    )
    return jsonify(runtime().execute(cases.move_case, cmd))


def _strings(body: dict[str, Any], name: str) -> tuple[str, ...]:
    items = field(body, name, list) or []
    if len(items) > 30 or not all(isinstance(i, str) and 0 < len(i) <= 100 for i in items):
        raise ApiError(400, "bad_request", detail=f"{name} must be up to 30 short strings")
    return tuple(items)


# The supervision routes register on this blueprint when their module is imported.
from server.web import supervision_api  # noqa: E402, F401
