"""Use cases of face check-in (刷脸签到) and the kiosk's call for staff (人证核验未通过).

A citizen who consents at booking leaves a face template (the embedding only, sealed by the
store); at the kiosk the embedding of the live face is matched 1:N against the templates of
today's open bookings of the hall, and the match checks in through the same path as a card or
a QR code. No anti-spoofing is claimed: a clerk can always override.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from server.domain import personal
from server.domain.appointments import Appointment, AppointmentStatus
from server.domain.errors import DomainError, Kind, UnknownBooking, UnknownTicket, invalid
from server.domain.idempotency import fingerprint
from server.i18n import both
from server.services import views
from server.services.appointments import check_in_booking, policy_of
from server.services.booking_results import CheckedInTicket
from server.services.commands import Actor, CheckIn
from server.services.context import Context
from server.services.events import KioskHelp
from server.services.face_check_in_results import (
    FaceConsent,
    FaceEnrolAttempt,
    FaceEnrolled,
    FaceWithdrawn,
    HelpingDevice,
    HelpMessage,
    HelpTicketRef,
    KioskHelpRequest,
)
from server.services.unit_of_work import UnitOfWork

MATCH_MARGIN = 0.05  # the best match must beat the second best by this much
ENROL_ATTEMPTS_PER_DAY = 5  # selfie uploads per booking and day
DIMENSIONS = 128
HELP_REASONS = ("identity_failed", "identity_no_face", "identity_manual", "other")


class FaceConsentRequired(DomainError):
    code = "face_consent_required"
    kind = Kind.REJECTED


class FaceAttemptsExceeded(DomainError):
    code = "face_attempts_exceeded"
    kind = Kind.LIMIT_REACHED


class FaceNotRecognised(DomainError):
    """No consented booking of today matches the face clearly enough."""

    code = "face_not_recognised"
    kind = Kind.NOT_FOUND


class FacePhotoRefused(DomainError):
    """The selfie cannot be used: `why` is no_face, many_faces, poor_quality or unreadable."""

    code = "face_photo_refused"
    kind = Kind.REJECTED
    REASONS = ("no_face", "many_faces", "poor_quality", "unreadable")

    def __init__(self, why: str, **params: Any) -> None:
        super().__init__(**params)
        self.code = f"face_{why}" if why in self.REASONS else "face_poor_quality"


class FaceEngineUnavailable(DomainError):
    code = "face_unavailable"
    kind = Kind.UNAVAILABLE


class FaceTemplateStore(Protocol):
    def put(self, hall_id: str, appointment_id: int, day: date, embedding: Sequence[float],
            consented_at: datetime, expires_at: datetime) -> None: ...  # fmt: skip
    def drop(self, appointment_id: int) -> bool: ...
    def of_day(self, hall_id: str, day: date, now: datetime) -> dict[int, list[float]]: ...
    def add_help_request(self, hall_id: str, device_id: int, at: datetime, reason: str,
                         service_code: str | None, ticket_id: int | None) -> int: ...  # fmt: skip


StoreOf = Callable[[UnitOfWork], FaceTemplateStore]


@dataclass(frozen=True)
class FaceOfBooking:
    hall_id: str
    code: str
    id_number: str


@dataclass(frozen=True)
class EnrolFace:
    hall_id: str
    code: str
    id_number: str
    embedding: tuple[float, ...]
    keep_days: int = 0  # kept until the end of the booking's day plus this many days


@dataclass(frozen=True)
class FaceCheckIn:
    actor: Actor
    embedding: tuple[float, ...]
    # The embedding model's cosine above which two faces are one person: the face engine's
    # number (server/adapters/face_engine.py), handed in so the rule needs no driver.
    match_threshold: float
    request_key: str | None = None


@dataclass(frozen=True)
class AskForHelp:
    actor: Actor
    reason: str
    service_code: str | None = None
    ticket_token: str | None = None


def unit_embedding(values: Sequence[Any]) -> tuple[float, ...]:
    """A 128-number embedding scaled to length one; anything else is a typed refusal."""
    if len(values) != DIMENSIONS or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and abs(v) <= 1e6 for v in values
    ):
        raise invalid("embedding", f"{DIMENSIONS} numbers of at most 1e6",
                      f"须为 {DIMENSIONS} 个不超过 1e6 的数值")  # fmt: skip
    floats = [float(v) for v in values]
    norm = math.sqrt(sum(v * v for v in floats))
    if norm == 0:
        raise invalid("embedding", "not all zero", "不能全为零")
    return tuple(v / norm for v in floats)


def best_match(
    live: Sequence[float],
    gallery: Mapping[int, Sequence[float]],
    threshold: float,
    margin: float = MATCH_MARGIN,
) -> int | None:
    """The gallery key whose template is most like `live`, if above the threshold and clearly
    ahead of the second best; None otherwise (no guess between two look-alikes)."""
    scores = sorted(((_cosine(live, t), k) for k, t in gallery.items()), reverse=True)
    if not scores or scores[0][0] < threshold:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < margin:
        return None
    return scores[0][1]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


# Enrolment at booking (the citizen's phone).


def count_enrolment_attempt(cmd: FaceOfBooking, uow: UnitOfWork, ctx: Context) -> FaceEnrolAttempt:
    """Before a selfie is processed: the booking is the caller's and open, and the attempts
    of the day are bounded (committed on its own, so failed selfies count too)."""
    hall, a = _own_open_booking(cmd, uow, ctx)
    tries = uow.counters.increment(hall.id, hall.service_day(ctx.now), f"face:{a.code}")
    if tries > ENROL_ATTEMPTS_PER_DAY:
        raise FaceAttemptsExceeded(limit=ENROL_ATTEMPTS_PER_DAY)
    return FaceEnrolAttempt(tries, ENROL_ATTEMPTS_PER_DAY)


def enrol(cmd: EnrolFace, store_of: StoreOf, uow: UnitOfWork, ctx: Context) -> FaceEnrolled:
    """Keep the booking's face template (replacing an earlier one) with its consent and expiry."""
    hall, a = _own_open_booking(FaceOfBooking(cmd.hall_id, cmd.code, cmd.id_number), uow, ctx)
    assert a.id is not None
    expires = datetime.combine(a.day + timedelta(days=1 + max(cmd.keep_days, 0)), time(0),
                               ZoneInfo(hall.timezone)).astimezone(UTC)  # fmt: skip
    store_of(uow).put(hall.id, a.id, a.day, unit_embedding(cmd.embedding), ctx.now, expires)
    a.history.append({"action": "face_consent", "at": ctx.now.isoformat()})
    uow.appointments.save(a)
    return FaceEnrolled(a.code, FaceConsent(ctx.now.isoformat(), expires.isoformat()))


def withdraw(cmd: FaceOfBooking, store_of: StoreOf, uow: UnitOfWork, ctx: Context) -> FaceWithdrawn:
    """Consent withdrawn: the template is deleted at once (any state of the booking)."""
    hall = uow.halls.get(cmd.hall_id)
    a = uow.appointments.by_code(hall.id, cmd.code)
    if ctx.hash_id(personal.normalise_id_number(cmd.id_number)) != a.id_hash:
        raise UnknownBooking()
    assert a.id is not None
    deleted = store_of(uow).drop(a.id)
    if deleted:
        a.history.append({"action": "face_withdrawn", "at": ctx.now.isoformat()})
        uow.appointments.save(a)
    return FaceWithdrawn(a.code, None, deleted)


def _own_open_booking(cmd: FaceOfBooking, uow: UnitOfWork,
                      ctx: Context) -> tuple[Any, Appointment]:  # fmt: skip
    hall = uow.halls.get(cmd.hall_id)
    a = uow.appointments.by_code(hall.id, cmd.code)
    if ctx.hash_id(personal.normalise_id_number(cmd.id_number)) != a.id_hash:
        raise UnknownBooking()
    a.ensure_changeable(ctx.now, policy_of(uow, hall))
    return hall, a


# Check-in at the kiosk.


def check_in_by_face(cmd: FaceCheckIn, store_of: StoreOf, uow: UnitOfWork,
                     ctx: Context) -> CheckedInTicket:  # fmt: skip
    """Match the live embedding against today's consented open bookings, then check in as a
    card or QR would (priority within the window, a walk-in ticket and notice outside it:
    a CheckedInOffWindow)."""
    hall_id = cmd.actor.hall_id
    if hall_id is None:
        raise FaceNotRecognised()
    live = unit_embedding(cmd.embedding)
    # A retry is the same face: the digest of the embedding, not of a booking (none is named).
    digest = ctx.hash_id(fingerprint("face", [round(v, 6) for v in live]))
    if cmd.request_key and uow.tickets.by_request_key(hall_id, cmd.request_key) is not None:
        again = CheckIn(hall_id, cmd.actor, request_key=cmd.request_key, request_digest=digest)
        return check_in_booking(again, uow, ctx)
    hall = uow.halls.get(hall_id)
    today = hall.service_day(ctx.now)
    store = store_of(uow)
    booked = {a.id: a for a in uow.appointments.on_day(hall.id, today)
              if a.status is AppointmentStatus.BOOKED}  # fmt: skip
    gallery = {k: v for k, v in store.of_day(hall.id, today, ctx.now).items() if k in booked}
    found = best_match(live, gallery, cmd.match_threshold)
    if found is None:
        raise FaceNotRecognised()
    a = booked[found]
    cmd_in = CheckIn(hall.id, cmd.actor, booking_code=a.code, request_key=cmd.request_key,
                     request_digest=digest)  # fmt: skip
    result = check_in_booking(cmd_in, uow, ctx)
    store.drop(found)  # its purpose is served: the template goes at once
    return result


# The kiosk calls for staff.


def ask_for_help(cmd: AskForHelp, store_of: StoreOf, uow: UnitOfWork,
                 ctx: Context) -> KioskHelpRequest:  # fmt: skip
    """Record a kiosk's call for staff and tell the managers (and clerks, for a ticket whose
    identity is to be checked at the window)."""
    if cmd.reason not in HELP_REASONS:
        raise invalid("reason", f"one of {', '.join(HELP_REASONS)}", "原因无效")
    device_id, hall_id = cmd.actor.device_id, cmd.actor.hall_id
    assert device_id is not None and hall_id is not None
    ticket = None
    if cmd.ticket_token:
        ticket = uow.tickets.by_token(cmd.ticket_token)
        if ticket.hall_id != hall_id:
            raise UnknownTicket()
    service_code = ticket.service_code if ticket else cmd.service_code
    service = uow.halls.services(hall_id).get(service_code) if service_code else None
    if service_code and service is None:
        raise invalid("service", "a service of this hall", "没有这个事项")
    device = uow.devices.get(device_id)
    request_id = store_of(uow).add_help_request(
        hall_id, device_id, ctx.now, cmd.reason, service_code, ticket.id if ticket else None
    )
    view = KioskHelpRequest(
        id=request_id,
        at=ctx.now.isoformat(),
        reason=cmd.reason,
        message=HelpMessage(**both(f"kiosk_help.{cmd.reason}", kiosk=device.name)),
        device=HelpingDevice(device.id, device.name),
        service=views.service_ref(service, service_code) if service_code else None,
        ticket=HelpTicketRef(ticket.id, ticket.number) if ticket else None,
    )
    uow.collect(KioskHelp(hall_id, view))
    return view
