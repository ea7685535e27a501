"""REST for face check-in (刷脸签到) and the kiosk's call for staff (issue 6).

Public (the citizen's phone), bound to the booking code and the booker's ID number:
  POST /halls/<hall>/appointments/<code>/face {id_number, consent: true, photo: base64 JPEG/PNG}
        -> 201 {code, face: {consented_at, expires_at}}; only the embedding is kept (sealed),
        never the photo; at most 5 uploads per booking and day
  POST /halls/<hall>/appointments/<code>/face/withdraw {id_number} -> {code, face: null, deleted}
Kiosk (device token):
  POST /devices/me/face-check-in {embedding: [128 numbers]}, Idempotency-Key
        -> 201 the same answer as /appointments/check-in (ticket view + appointment, notice?)
  POST /devices/me/help {reason, service?, ticket_token?} -> 201 {id, at, reason, message,
        device, service, ticket}; managers hear `kiosk.help`
Refusals: face_consent_required, face_no_face, face_many_faces, face_poor_quality,
face_unreadable (422), face_not_recognised / unknown_booking (404), booking_not_open (409),
face_attempts_exceeded (429), face_unavailable (503), invalid_value / bad_request (400).
Bodies: server/web/appointments_models.py.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from typing import Any

from flask import Blueprint, current_app

from server.adapters.face_engine import MATCH_THRESHOLD, SelfieReader
from server.adapters.face_store import TemplateVault, face_key, face_templates_of
from server.services import face_check_in as faces
from server.services.booking_results import CheckedInOffWindow, CheckedInTicket
from server.services.face_check_in_results import FaceEnrolled, FaceWithdrawn, KioskHelpRequest
from server.web.appointments_models import (
    FaceCheckInBody,
    FaceEnrolBody,
    FaceWithdrawBody,
    KioskHelpBody,
)
from server.web.auth import actor, require
from server.web.errors import ApiError
from server.web.idempotency import request_key
from server.web.ratelimit import limit_public
from server.web.responses import answers, reply
from server.web.runtime import Runtime
from server.web.schema import PUBLIC, IdempotencyHeaders, spec

faces_api = Blueprint("faces_api", __name__, url_prefix="/api/v1")
CODE = re.compile(r"^[A-Za-z0-9]{4,12}$")
KEEP_DAYS_ENV = "ONEWINDOW_FACE_KEEP_DAYS"
CHECKED_IN = CheckedInTicket | CheckedInOffWindow  # as /appointments/check-in answers


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


def _parts() -> dict[str, Any]:
    """This app's template vault, store factory and selfie reader (made on first use)."""
    parts = current_app.extensions.get("onewindow.faces")
    if parts is None:
        vault = TemplateVault(face_key(current_app.config["SECRET_KEY"]))
        parts = {"store_of": face_templates_of(vault), "reader": SelfieReader()}
        current_app.extensions["onewindow.faces"] = parts
    return parts


def _keep_days() -> int:
    raw = os.environ.get(KEEP_DAYS_ENV, "0").strip() or "0"
    if not (raw.isascii() and raw.isdigit()) or int(raw) > 365:  # "²" is a digit, not a number
        raise ValueError(f"{KEEP_DAYS_ENV} must be a number of days from 0 to 365, not {raw!r}")
    return int(raw)


def _code(code: str) -> str:
    if not CODE.fullmatch(code):
        raise ApiError(400, "bad_request", detail="malformed booking code")
    return code.upper()


def _photo(raw: str) -> bytes:
    if raw.startswith("data:"):
        raw = raw.partition(",")[2]
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, "bad_request", detail="photo must be base64") from None


PUBLIC_ERRORS = (400, 404, 409, 422, 429, 503)


@faces_api.post("/halls/<hall_id>/appointments/<code>/face")
@limit_public
@spec.validate(resp=answers(FaceEnrolled, 201, PUBLIC_ERRORS), security=PUBLIC)
def enrol(hall_id: str, code: str, json: FaceEnrolBody) -> Any:
    """Consent to face check-in: the selfie's template is kept (sealed), not the photo.

    Two short transactions around the slow part: the attempt is counted (and kept even if
    the photo is refused), the embedding is computed outside any transaction, then stored."""
    owner = faces.FaceOfBooking(hall_id, _code(code), json.id_number)
    if json.consent is not True:
        raise faces.FaceConsentRequired()
    photo = _photo(json.photo)
    parts = _parts()
    parts["reader"].engine()  # no face engine on this server: say so before counting a try
    runtime().execute(faces.count_enrolment_attempt, owner)
    embedding = parts["reader"].embedding_of(photo)
    del photo  # the picture is not kept, not even in memory longer than this
    cmd = faces.EnrolFace(hall_id, owner.code, owner.id_number, embedding, _keep_days())
    return reply(runtime().execute(faces.enrol, cmd, parts["store_of"]), 201)


@faces_api.post("/halls/<hall_id>/appointments/<code>/face/withdraw")
@limit_public
@spec.validate(resp=answers(FaceWithdrawn, errors=PUBLIC_ERRORS), security=PUBLIC)
def withdraw(hall_id: str, code: str, json: FaceWithdrawBody) -> Any:
    """Withdraw the consent: the template is deleted"""
    cmd = faces.FaceOfBooking(hall_id, _code(code), json.id_number)
    return reply(runtime().execute(faces.withdraw, cmd, _parts()["store_of"]))


@faces_api.post("/devices/me/face-check-in")
@require("kiosk")
@spec.validate(headers=IdempotencyHeaders,
               resp=answers(CHECKED_IN, 201, (400, 401, 403, 404, 409, 422, 429)))  # fmt: skip
def face_check_in(json: FaceCheckInBody) -> Any:
    """A kiosk checks an appointment in by the live face's embedding"""
    embedding = faces.unit_embedding(json.embedding)
    cmd = faces.FaceCheckIn(actor(), embedding, MATCH_THRESHOLD, request_key())
    result = runtime().execute(faces.check_in_by_face, cmd, _parts()["store_of"])
    return reply(result, 201, shape=CHECKED_IN)


@faces_api.post("/devices/me/help")
@require("kiosk")
@spec.validate(resp=answers(KioskHelpRequest, 201, (400, 401, 403, 404, 409, 422)))
def ask_for_help(json: KioskHelpBody) -> Any:
    """A kiosk calls for staff (kiosk.help to the managers)"""
    cmd = faces.AskForHelp(actor(), reason=json.reason, service_code=json.service,
                           ticket_token=json.ticket_token)  # fmt: skip
    return reply(runtime().execute(faces.ask_for_help, cmd, _parts()["store_of"]), 201)
