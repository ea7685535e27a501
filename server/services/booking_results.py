"""What the booking use cases answer (server/services/appointments.py, booking_guards.py):
frozen dataclasses whose fields are the wire's keys; personal data masked."""

from __future__ import annotations

from dataclasses import dataclass

from server.services.views import IssuedTicket, ServiceRef


@dataclass(frozen=True, slots=True)
class HallName:
    """A hall by its id and names (the booking page's and the report's header)."""

    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class BookableServices:
    """The hall, the services one may book, and whether a booking needs an SMS code."""

    hall: HallName
    services: list[ServiceRef]
    phone_verification: bool


@dataclass(frozen=True, slots=True)
class BookingSlot:
    """A slot of a day on offer and its places left (0 once past or too soon)."""

    start: str
    end: str
    left: int


@dataclass(frozen=True, slots=True)
class BookingDay:
    """A working day on offer (a make-up working day too) and its slots."""

    date: str
    makeup: bool
    slots: list[BookingSlot]


@dataclass(frozen=True, slots=True)
class SlotsOnOffer:
    """A service's working days on offer, each slot with its places left."""

    service: ServiceRef
    capacity: int
    days: list[BookingDay]


@dataclass(frozen=True, slots=True)
class BookingView:
    """A booking as the citizen and the staff see it: masked personal data only."""

    code: str
    service: ServiceRef
    date: str
    start: str
    end: str
    starts_at: str
    status: str
    arrival: str | None
    name_masked: str
    id_masked: str
    phone_masked: str
    hall: HallName


@dataclass(frozen=True, slots=True)
class CheckedInBooking:
    """The booking a check-in ticket was taken for, and how its holder arrived."""

    code: str
    date: str
    start: str
    arrival: str | None


@dataclass(frozen=True, slots=True)
class CheckInNotice:
    """Why a check-in outside the window got a walk-in ticket, Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class CheckedInTicket(IssuedTicket):
    """The ticket of a check-in and its booking (null only for a retry whose booking is
    gone); a priority ticket within the window."""

    appointment: CheckedInBooking | None


@dataclass(frozen=True, slots=True)
class CheckedInOffWindow(CheckedInTicket):
    """A check-in too early or too late: a walk-in ticket and the notice saying why."""

    notice: CheckInNotice


@dataclass(frozen=True, slots=True)
class PhoneCodeSent:
    """An SMS code sent: to which (masked) phone, until when, and when to ask again."""

    sent: bool
    phone_masked: str
    expires_at: str
    minutes: int
    resend_after: int


@dataclass(frozen=True, slots=True)
class PhoneCodeTry:
    """The count of tries of the phone's live code (0: none is live)."""

    attempt: int
