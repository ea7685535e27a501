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
invalid_value (400). Supervision reports, exports and the case list: server/web/supervision_api.py
(its own blueprint, mounted inside this one). Answers: the use cases' result types
(server/services/booking_results.py, case_results.py); bodies and queries:
server/web/appointments_models.py.
"""

from __future__ import annotations

import io
import re
from typing import Any

from flask import Blueprint, Response, current_app

from server.adapters.sms import open_sender
from server.domain.booking_guard import Proof
from server.domain.errors import UnknownBooking
from server.services import appointments, booking_guards, cases
from server.services.booking_guards import SendPhoneCode, TryPhoneCode
from server.services.booking_results import (
    BookableServices,
    BookingView,
    CheckedInOffWindow,
    CheckedInTicket,
    PhoneCodeSent,
    SlotsOnOffer,
)
from server.services.case_results import ApplicantCases, CaseDetail, CaseView, LateCases
from server.services.commands import STAFF_ROLES, Book, CancelBooking, ChangeBooking, CheckIn
from server.web.appointments_models import (
    BookBody,
    CancelBody,
    CaseMoveBody,
    ChangeBody,
    CheckInBody,
    LookupBody,
    PhoneCodeBody,
    SlotsQuery,
)
from server.web.auth import actor, current_principal, require
from server.web.errors import ApiError
from server.web.idempotency import request_key
from server.web.ratelimit import limit_public
from server.web.responses import answers, reply
from server.web.runtime import Runtime
from server.web.schema import PUBLIC, IdempotencyHeaders, spec
from server.web.sign_in import client_address
from server.web.supervision_api import supervision_api

appointments_api = Blueprint("appointments_api", __name__, url_prefix="/api/v1")
appointments_api.register_blueprint(supervision_api)  # its routes under /api/v1 as well
STAFF = tuple(STAFF_ROLES)
CODE = re.compile(r"^[A-Za-z0-9]{4,12}$")
PUBLIC_ERRORS = (400, 404, 409, 422, 429)
CHECKED_IN = CheckedInTicket | CheckedInOffWindow  # a notice only outside the window


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


def _code(code: str) -> str:
    if not CODE.fullmatch(code):
        raise ApiError(400, "bad_request", detail="malformed booking code")
    return code.upper()


@appointments_api.get("/halls/<hall_id>/appointments/services")
@spec.validate(resp=answers(BookableServices), security=PUBLIC)
def bookable_services(hall_id: str) -> Any:
    """The hall and the services one may book"""
    return reply(runtime().read(appointments.bookable_services, hall_id))


@appointments_api.get("/halls/<hall_id>/appointments/slots")
@spec.validate(resp=answers(SlotsOnOffer), security=PUBLIC)
def slots(hall_id: str, query: SlotsQuery) -> Any:
    """Working days and slots on offer, places left"""
    return reply(runtime().read(appointments.list_slots, hall_id, query.service))


@appointments_api.post("/halls/<hall_id>/appointments")
@limit_public
@spec.validate(resp=answers(BookingView, 201, (400, 403, 404, 409, 422, 428, 429)),
               security=PUBLIC)  # fmt: skip
def book(hall_id: str, json: BookBody) -> Any:
    """Book a slot (预约); many bookings from one address: 428 challenge_required (a proof of
    work to send back); an SMS code when the hall verifies phones.

    Two short transactions when a phone code comes: its try is counted (and kept even if the
    code is wrong), then the booking checks and uses it."""
    proof = json.proof
    cmd = Book(
        hall_id=hall_id,
        service_code=json.service,
        day=json.date,
        start=json.start,
        name=json.name,
        id_number=json.id_number,
        phone=json.phone,
        address=None if _trusted(hall_id) else client_address(),
        proof=None if proof is None else Proof(proof.challenge, proof.nonce),
        phone_code=json.phone_code,
    )
    if cmd.phone_code and cmd.address is not None:
        runtime().execute(booking_guards.count_phone_code_try, TryPhoneCode(hall_id, cmd.phone))
    return reply(runtime().execute(appointments.book, cmd), 201)


@appointments_api.post("/halls/<hall_id>/appointments/phone-code")
@limit_public
@spec.validate(resp=answers(PhoneCodeSent, 201, (400, 404, 409, 422, 429, 503)),
               security=PUBLIC)  # fmt: skip
def send_phone_code(hall_id: str, json: PhoneCodeBody) -> Any:
    """Send a booking's SMS code to the phone (when the hall verifies phones)"""
    cmd = SendPhoneCode(hall_id, json.phone, None if _trusted(hall_id) else client_address())
    return reply(runtime().execute(booking_guards.send_phone_code, cmd, open_sender), 201)


def _trusted(hall_id: str) -> bool:
    """Staff or a kiosk of this hall: booking for someone, not counted per client address."""
    p = current_principal()
    return p is not None and p.role in (*STAFF, "kiosk") and p.hall_id in (None, hall_id)


@appointments_api.post("/halls/<hall_id>/appointments/<code>/change")
@limit_public
@spec.validate(resp=answers(BookingView, errors=PUBLIC_ERRORS), security=PUBLIC)
def change(hall_id: str, code: str, json: ChangeBody) -> Any:
    """Move a booking to another slot"""
    cmd = ChangeBooking(hall_id, _code(code), json.id_number, json.date, json.start)
    return reply(runtime().execute(appointments.change, cmd))


@appointments_api.post("/halls/<hall_id>/appointments/<code>/cancel")
@limit_public
@spec.validate(resp=answers(BookingView, errors=PUBLIC_ERRORS), security=PUBLIC)
def cancel(hall_id: str, code: str, json: CancelBody) -> Any:
    """Cancel a booking"""
    cmd = CancelBooking(hall_id, _code(code), json.id_number)
    return reply(runtime().execute(appointments.cancel, cmd))


@appointments_api.get("/halls/<hall_id>/appointments/<code>/qr.svg")
@spec.validate(resp=answers(None), security=PUBLIC)
def qr(hall_id: str, code: str) -> Any:
    """The booking code as a QR image (SVG) for the kiosk's scanner: it holds only the code"""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(_code(code), image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    out = io.BytesIO()
    image.save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml")


@appointments_api.post("/halls/<hall_id>/appointments/check-in")
@require(*STAFF, "kiosk")
@spec.validate(headers=IdempotencyHeaders,
               resp=answers(CHECKED_IN, 201, (400, 401, 403, 404, 409, 422, 429)))  # fmt: skip
def check_in(hall_id: str, json: CheckInBody) -> Any:
    """Check an appointment in: a ticket (priority within the window)"""
    code = json.booking_code
    if code and not CODE.fullmatch(code):  # a QR of something else: no such booking
        raise UnknownBooking()
    cmd = CheckIn(
        hall_id=hall_id,
        actor=actor(),
        booking_code=code.upper() if code else None,
        id_number=json.id_number,
        request_key=request_key(),
    )
    return reply(runtime().execute(appointments.check_in_booking, cmd), 201, CHECKED_IN)


@appointments_api.post("/halls/<hall_id>/cases/lookup")
@limit_public
@spec.validate(resp=answers(ApplicantCases, errors=PUBLIC_ERRORS), security=PUBLIC)
def look_up_cases(hall_id: str, json: LookupBody) -> Any:
    """The applicant's own cases, masked"""
    cmd = cases.LookUpCases(hall_id, json.case_number, json.id_number,
                            need_number=not _trusted(hall_id))  # fmt: skip
    return reply(runtime().read(cases.look_up, cmd))


@appointments_api.get("/halls/<hall_id>/cases/late")
@require(*STAFF)
@spec.validate(resp=answers(LateCases))
def late_cases(hall_id: str) -> Any:
    """督办: running cases with a yellow or red deadline card"""
    return reply(runtime().read(cases.late_cases, hall_id))


@appointments_api.get("/halls/<hall_id>/cases/<number>")
@require(*STAFF)
@spec.validate(resp=answers(CaseDetail))
def case_detail(hall_id: str, number: str) -> Any:
    """A case with its timed steps"""
    return reply(runtime().read(cases.case_detail, hall_id, number))


@appointments_api.post("/halls/<hall_id>/cases/<number>/moves")
@require(*STAFF)
@spec.validate(resp=answers(CaseView))
def move_case(hall_id: str, number: str, json: CaseMoveBody) -> Any:
    """Move a case one step (review, approve, reject, ready, deliver, materials)"""
    cmd = cases.MoveCase(
        hall_id=hall_id,
        number=number,
        action=json.action,
        actor=actor(),
        reason=json.reason or "",
        remedy=json.remedy or "",
        method=json.method,
        tracking=json.tracking or "",
        received=tuple(json.received or ()),
        missing=tuple(json.missing or ()),
        promise_date=json.promise_date,
    )
    return reply(runtime().execute(cases.move_case, cmd))
