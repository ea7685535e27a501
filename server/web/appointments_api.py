"""REST for appointments (预约) and cases (办件): each view parses, runs one use case, renders.

Public (the citizen's phone, no sign-in; personal data masked in every answer):
  GET  /halls/<hall>/appointments/services -> {hall: {id, name_zh, name_en},
        services: [{code, name_zh, name_en}], phone_verification: bool (the SMS code step)}
  GET  /halls/<hall>/appointments/slots?service=CODE -> {service, capacity,
        days: [{date, makeup, slots: [{start, end, left}]}]}       working days on offer
  POST /halls/<hall>/appointments {service, date, start, name, id_number, phone,
        proof?: {challenge, nonce}, phone_code?} -> 201
        booking = {code, service, date, start, end, starts_at, status, arrival,
                   name_masked, id_masked, phone_masked, hall}
        guards (server/domain/booking_guard.py), for callers without a staff or kiosk sign-in:
        past [limits] challenge_after_per_address bookings from one address today the answer
        is 428 challenge_required {challenge, bits, expires_at}: send again with proof.nonce
        such that sha256("<challenge>:<nonce>") begins with `bits` zero bits
  POST /halls/<hall>/appointments/phone-code {phone} -> 201 {sent, phone_masked, expires_at,
        minutes, resend_after}; when [appointments] sms_url is set, a booking needs its phone_code
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
slot_full, double_booking, slot_share_reached (409), booking_limit_reached,
address_booking_limit_reached, phone_booking_limit_reached (429), booking_blocked (403),
challenge_required (428), phone_code_required / phone_code_wrong (422),
phone_code_attempts_exceeded, phone_code_too_soon, phone_code_limit_reached (429),
phone_verification_off (404), sms_unavailable (503), idempotency_key_reused (422),
unknown_case (404), id_number_required / case_number_required / invalid_id_number (422),
invalid_value (400). Supervision reports and exports: server/web/supervision_api.py.
"""

from __future__ import annotations

import io
import re
from datetime import date, time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from server.adapters.sms import open_sender
from server.domain.booking_guard import Proof
from server.domain.cases import Delivery
from server.domain.errors import UnknownBooking
from server.services import appointments, booking_guards, cases
from server.services.booking_guards import SendPhoneCode, TryPhoneCode
from server.services.commands import STAFF_ROLES, Book, CancelBooking, ChangeBooking, CheckIn
from server.web.auth import actor, current_principal, require
from server.web.errors import ApiError
from server.web.idempotency import request_key
from server.web.parsing import enum_field, field, json_body, reject_unknown
from server.web.ratelimit import limit_public
from server.web.runtime import Runtime
from server.web.sign_in import client_address

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
    if not re.fullmatch(r"[0-9]{2}:[0-9]{2}", raw):
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
    """Two short transactions when a phone code comes: its try is counted (and kept even if
    the code is wrong), then the booking checks and uses it."""
    body = json_body()
    reject_unknown(body, "service", "date", "start", "name", "id_number", "phone", "proof",
                   "phone_code")  # fmt: skip
    cmd = Book(
        hall_id=hall_id,
        service_code=field(body, "service", str, required=True, max_len=40),
        day=_date(body, "date"),  # type: ignore[arg-type]
        start=_time(body, "start"),
        name=field(body, "name", str, required=True, max_len=30),
        id_number=field(body, "id_number", str, required=True, max_len=18),
        phone=field(body, "phone", str, required=True, max_len=20),
        address=None if _trusted(hall_id) else client_address(),
        proof=_proof(body),
        phone_code=field(body, "phone_code", str, max_len=10),
    )
    if cmd.phone_code and cmd.address is not None:
        runtime().execute(booking_guards.count_phone_code_try, TryPhoneCode(hall_id, cmd.phone))
    return jsonify(runtime().execute(appointments.book, cmd)), 201


@appointments_api.post("/halls/<hall_id>/appointments/phone-code")
@limit_public
def send_phone_code(hall_id: str) -> Any:
    body = json_body()
    reject_unknown(body, "phone")
    cmd = SendPhoneCode(hall_id, field(body, "phone", str, required=True, max_len=20),
                        None if _trusted(hall_id) else client_address())  # fmt: skip
    return jsonify(runtime().execute(booking_guards.send_phone_code, cmd, open_sender)), 201


def _trusted(hall_id: str) -> bool:
    """Staff or a kiosk of this hall: booking for someone, not counted per client address."""
    p = current_principal()
    return p is not None and p.role in (*STAFF, "kiosk") and p.hall_id in (None, hall_id)


def _proof(body: dict[str, Any]) -> Proof | None:
    raw = field(body, "proof", dict)
    if raw is None:
        return None
    reject_unknown(raw, "challenge", "nonce")
    return Proof(field(raw, "challenge", str, required=True, max_len=100),
                 field(raw, "nonce", str, required=True, max_len=20))  # fmt: skip


@appointments_api.post("/halls/<hall_id>/appointments/<code>/change")
@limit_public
def change(hall_id: str, code: str) -> Any:
    body = json_body()
    reject_unknown(body, "id_number", "date", "start")
    cmd = ChangeBooking(
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
    cmd = CancelBooking(hall_id, _code(code), id_number)
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
    code = field(body, "booking_code", str, max_len=80)
    if code and not CODE.fullmatch(code):  # a QR of something else: no such booking
        raise UnknownBooking()
    cmd = CheckIn(
        hall_id=hall_id,
        actor=actor(),
        booking_code=code.upper() if code else None,
        id_number=field(body, "id_number", str, max_len=18),
        request_key=request_key(),
    )
    return jsonify(runtime().execute(appointments.check_in, cmd)), 201


@appointments_api.post("/halls/<hall_id>/cases/lookup")
@limit_public
def look_up_cases(hall_id: str) -> Any:
    body = json_body()
    reject_unknown(body, "case_number", "id_number")
    trusted = _trusted(hall_id)
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
