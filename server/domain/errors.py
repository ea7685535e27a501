"""Domain errors: each has a stable code, parameters and a kind; the web edge words them in zh
and en and maps the kind to an HTTP status (server/web/status.py)."""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar


class Kind(Enum):
    """What sort of refusal an error is, in the domain's words (the web edge picks a status)."""

    CONFLICT = "conflict"  # the state does not allow the move now
    NOT_FOUND = "not_found"  # no such thing (or none the caller may know of)
    INVALID = "invalid"  # a field of an edit is out of range or malformed
    REJECTED = "rejected"  # a proof or key the request carries is missing, wrong or unusable
    NOT_ALLOWED = "not_allowed"  # not this actor's to do
    LIMIT_REACHED = "limit_reached"  # too many, or too soon
    CHALLENGE = "challenge"  # solve the challenge first, then ask again
    UNAVAILABLE = "unavailable"  # a part the hall relies on is out of reach; nothing was kept


class DomainError(Exception):
    """A rule refused an action; nothing was changed."""

    code = "domain_error"
    kind: ClassVar[Kind] = Kind.CONFLICT

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class IllegalMove(DomainError):
    code = "illegal_move"


class IllegalCaseMove(IllegalMove):
    """A case (办件) move its state does not allow: worded for cases, not tickets."""

    code = "illegal_case_move"


class NotFound(DomainError):
    code = "not_found"
    kind = Kind.NOT_FOUND


class UnknownService(DomainError):
    code = "unknown_service"
    kind = Kind.NOT_FOUND


class UnknownWindow(DomainError):
    code = "unknown_window"
    kind = Kind.NOT_FOUND


class UnknownTicket(DomainError):
    code = "unknown_ticket"
    kind = Kind.NOT_FOUND


class DailyCapReached(DomainError):
    code = "daily_cap_reached"


class HallClosed(DomainError):
    code = "hall_closed"


class InvalidIdNumber(DomainError):
    code = "invalid_id_number"
    kind = Kind.REJECTED


class WindowNotOpen(DomainError):
    code = "window_not_open"


class WindowBusy(DomainError):
    code = "window_busy"


class CallTooSoon(DomainError):
    code = "call_too_soon"
    kind = Kind.LIMIT_REACHED


class QueueEmpty(DomainError):
    code = "queue_empty"


class NotYourWindow(DomainError):
    code = "not_your_window"
    kind = Kind.NOT_ALLOWED


class RecallLimitReached(DomainError):
    code = "recall_limit_reached"


class RejoinNotAllowed(DomainError):
    code = "rejoin_not_allowed"


class AlreadyRated(DomainError):
    code = "already_rated"


class NotRateable(DomainError):
    code = "not_rateable"


class ServiceNotServedHere(DomainError):
    code = "service_not_served_here"


class AlreadyWaiting(DomainError):
    """One person holds one live ticket per service (stops number hoarding)."""

    code = "already_waiting"


class WindowTaken(DomainError):
    code = "window_taken"


class ConcurrentUpdate(DomainError):
    """Someone else changed the row first; the use case is retried."""

    code = "concurrent_update"


class InvalidValue(DomainError):
    """A field of an edit is out of range or malformed: `field` names it, `reason` says how."""

    code = "invalid_value"
    kind = Kind.INVALID


def invalid(field: str, reason: str, reason_zh: str) -> InvalidValue:
    """A bad value of `field`, with why in English and Chinese (the edge picks the words)."""
    return InvalidValue(field=field, reason=reason, reason_zh=reason_zh)


class NotYourHall(DomainError):
    """A manager acting on something of another hall."""

    code = "not_your_hall"
    kind = Kind.NOT_ALLOWED


class RoleNotAllowed(DomainError):
    """A manager may not make (or edit) an admin."""

    code = "role_not_allowed"
    kind = Kind.NOT_ALLOWED


class ServiceExists(DomainError):
    code = "service_exists"


class PrefixTaken(DomainError):
    code = "prefix_taken"


class ServiceInUse(DomainError):
    """Tickets of the service still wait today: re-route them before deactivating it."""

    code = "service_in_use"


class WindowNumberTaken(DomainError):
    code = "window_number_taken"


class UsernameTaken(DomainError):
    code = "username_taken"


class OwnAccount(DomainError):
    """A manager may not lock themselves out (deactivate or demote their own account)."""

    code = "own_account"


class UnknownUser(DomainError):
    code = "unknown_user"
    kind = Kind.NOT_FOUND


class UnknownDevice(DomainError):
    code = "unknown_device"
    kind = Kind.NOT_FOUND


class UnknownFollowUp(DomainError):
    code = "unknown_followup"
    kind = Kind.NOT_FOUND


class FollowUpClosed(DomainError):
    code = "followup_closed"


class TicketNotWaiting(DomainError):
    code = "ticket_not_waiting"


class RatingExpired(DomainError):
    """The ticket was finished too long ago to be rated on the window's pad."""

    code = "rating_expired"


# -- appointments (预约) and cases (办件); the kiosk reads these codes, never `not_found`
class UnknownBooking(DomainError):
    code = "unknown_booking"
    kind = Kind.NOT_FOUND


class BookingNotOpen(DomainError):
    """Cancelled, already checked in or missed: `state` says which."""

    code = "booking_not_open"


class BookingNotToday(DomainError):
    code = "booking_not_today"


class SlotUnavailable(DomainError):
    """No such slot, a non-working day, or too close to its start."""

    code = "slot_unavailable"


class SlotFull(DomainError):
    code = "slot_full"


class DoubleBooking(DomainError):
    code = "double_booking"


class BookingLimitReached(DomainError):
    code = "booking_limit_reached"
    kind = Kind.LIMIT_REACHED


class BookingBlocked(DomainError):
    """Repeated no-shows: booking is blocked until `until`."""

    code = "booking_blocked"
    kind = Kind.NOT_ALLOWED


class UnknownCase(DomainError):
    code = "unknown_case"
    kind = Kind.NOT_FOUND


class IdNumberRequired(DomainError):
    """A case look-up needs the applicant's ID number: no one sees another person's case."""

    code = "id_number_required"
    kind = Kind.REJECTED


class CaseNumberRequired(DomainError):
    """A look-up from a phone names the case: an ID number alone lists cases only at a kiosk."""

    code = "case_number_required"
    kind = Kind.REJECTED


# -- idempotent requests and the booking guards (防刷号)
class IdempotencyKeyReused(DomainError):
    """The caller's Idempotency-Key came with another request than the one it first named."""

    code = "idempotency_key_reused"
    kind = Kind.REJECTED


class ChallengeRequired(DomainError):
    """Many bookings came from this address today: solve `challenge` (a proof of work of
    `bits` leading zero bits) and send the booking again with the nonce."""

    code = "challenge_required"
    kind = Kind.CHALLENGE


class SlotShareReached(DomainError):
    """One client address holds `limit` places of this slot already."""

    code = "slot_share_reached"


class PhoneVerificationOff(DomainError):
    """This hall does not verify phone numbers by SMS: no code is sent."""

    code = "phone_verification_off"
    kind = Kind.NOT_FOUND


class PhoneCodeRequired(DomainError):
    code = "phone_code_required"
    kind = Kind.REJECTED


class PhoneCodeWrong(DomainError):
    """Not the code sent to this phone, or it expired: ask for a new one."""

    code = "phone_code_wrong"
    kind = Kind.REJECTED


class PhoneCodeAttemptsExceeded(DomainError):
    """The code was tried `limit` times: ask for a new one."""

    code = "phone_code_attempts_exceeded"
    kind = Kind.LIMIT_REACHED


class SmsUnavailable(DomainError):
    """The SMS gateway did not take the message: nothing was kept; try again later."""

    code = "sms_unavailable"
    kind = Kind.UNAVAILABLE
