"""Appointments (预约) and cases (办件), idempotent requests and the booking guards (防刷号).

The kiosk reads these codes, never `not_found`."""

from __future__ import annotations

from server.domain.errors.base import DomainError, IllegalMove, Kind


class IllegalCaseMove(IllegalMove):
    """A case (办件) move its state does not allow: worded for cases, not tickets."""

    code = "illegal_case_move"


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
