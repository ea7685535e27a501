"""Appointments (预约): slots from the opening hours on working days, booking rules, the
check-in window and no-show blocking. Time is passed in; nothing here reads a clock.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from server.domain.errors import (
    BookingBlocked,
    BookingLimitReached,
    BookingNotOpen,
    DoubleBooking,
    SlotFull,
    SlotUnavailable,
)
from server.domain.hall import OpeningHours
from server.domain.workdays import WorkingCalendar

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at a kiosk


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class Arrival(StrEnum):
    ON_TIME = "on_time"  # within the window: a priority ticket
    EARLY = "early"  # before the window: a walk-in ticket and a notice
    LATE = "late"  # after the window: a walk-in ticket and a notice


@dataclass(frozen=True)
class AppointmentPolicy:
    """The hall's appointment settings (defaults match a district hall)."""

    slot_minutes: int = 30
    capacity: int = 4  # bookings per service and slot
    days_ahead: int = 7  # working days on offer, today included
    min_lead_minutes: int = 30  # a slot closes this long before it starts
    max_active_per_id: int = 3  # open bookings one person may hold
    max_per_id_per_day: int = 2  # bookings of one person on one day (any service)
    early_minutes: int = 30  # check-in opens this long before the slot
    late_minutes: int = 15  # ... and closes this long after it starts
    no_show_limit: int = 3  # this many no-shows within `no_show_window_days` ...
    no_show_window_days: int = 30
    block_days: int = 30  # ... block booking for this long after the last one (per ID, per phone)
    sms_url: str = "none://"  # the SMS code step: none:// (off), log://, record://, a plug-in
    sms_code_minutes: int = 10  # a code is valid this long
    sms_per_phone_per_day: int = 5  # codes sent to one phone in a day

    @property
    def phone_verification(self) -> bool:
        """Whether a booking from the public page needs the code sent to its phone."""
        return not self.sms_url.startswith("none:")


@dataclass(frozen=True)
class Slot:
    day: date
    start: time
    end: time

    @property
    def key(self) -> str:
        return f"{self.day.isoformat()}T{self.start.strftime('%H:%M')}"

    def starts_at(self, timezone: str) -> datetime:
        return datetime.combine(self.day, self.start, ZoneInfo(timezone))


def hours_on(
    hours: OpeningHours, calendar: WorkingCalendar, day: date
) -> tuple[tuple[time, time], ...]:
    """Opening periods of a day for appointments: none on a non-working day; a make-up
    weekend working day (调休) keeps Monday's hours."""
    if not calendar.is_workday(day):
        return ()
    weekday = 0 if calendar.is_makeup_day(day) else day.weekday()
    return hours.periods.get(weekday, ())


def day_slots(hours: OpeningHours, calendar: WorkingCalendar, day: date,
              policy: AppointmentPolicy) -> list[Slot]:  # fmt: skip
    """Whole slots inside each opening period; the lunch break is the gap between periods."""
    step = timedelta(minutes=policy.slot_minutes)
    slots = []
    for start, end in hours_on(hours, calendar, day):
        at = datetime.combine(day, start)
        while at + step <= datetime.combine(day, end):
            slots.append(Slot(day, at.time(), (at + step).time()))
            at += step
    return slots


def offered_days(calendar: WorkingCalendar, today: date, policy: AppointmentPolicy) -> list[date]:
    return calendar.next_workdays(today, policy.days_ahead)


def find_slot(hours: OpeningHours, calendar: WorkingCalendar, day: date, start: time,
              policy: AppointmentPolicy) -> Slot:  # fmt: skip
    for slot in day_slots(hours, calendar, day, policy):
        if slot.start == start:
            return slot
    raise SlotUnavailable(day=day.isoformat(), start=start.strftime("%H:%M"))


@dataclass
class Appointment:
    id: int | None
    hall_id: str
    code: str
    service_code: str
    day: date
    start: time
    end: time
    starts_at: datetime  # the slot's start as an aware datetime
    id_hash: str
    id_masked: str
    name_masked: str
    phone_masked: str
    created_at: datetime
    status: AppointmentStatus = AppointmentStatus.BOOKED
    checked_in_at: datetime | None = None
    arrival: Arrival | None = None
    ticket_id: int | None = None
    history: list[dict[str, str]] = field(default_factory=list)
    phone_hash: str | None = None  # keyed hashes: no-shows per phone, places per address
    address_hash: str | None = None

    @property
    def slot(self) -> Slot:
        return Slot(self.day, self.start, self.end)

    def is_open(self, now: datetime, policy: AppointmentPolicy) -> bool:
        """Booked and not yet past its check-in window."""
        late = self.starts_at + timedelta(minutes=policy.late_minutes)
        return self.status is AppointmentStatus.BOOKED and now <= late

    def missed(self, now: datetime, policy: AppointmentPolicy) -> bool:
        """A no-show: never checked in, and the check-in window is over."""
        if self.status is AppointmentStatus.NO_SHOW:
            return True
        late = self.starts_at + timedelta(minutes=policy.late_minutes)
        return self.status is AppointmentStatus.BOOKED and now > late

    def ensure_changeable(self, now: datetime, policy: AppointmentPolicy) -> None:
        """Only a booking still ahead may be cancelled or moved: a missed one stays a no-show."""
        if self.missed(now, policy):
            raise BookingNotOpen(action="change", state=AppointmentStatus.NO_SHOW.value)
        self._ensure_booked("change")

    def cancel(self, now: datetime) -> None:
        self._ensure_booked("cancel")
        self.status = AppointmentStatus.CANCELLED
        self.history.append({"action": "cancel", "at": now.isoformat()})

    def move_to(self, slot: Slot, starts_at: datetime, now: datetime) -> None:
        self._ensure_booked("change")
        self.history.append({"action": "change", "at": now.isoformat(), "from": self.slot.key})
        self.day, self.start, self.end, self.starts_at = slot.day, slot.start, slot.end, starts_at

    def check_in(self, now: datetime, policy: AppointmentPolicy) -> Arrival:
        """Record the arrival; only a booked appointment checks in, once."""
        self._ensure_booked("check_in")
        arrival = arrival_of(self.starts_at, now, policy)
        self.status, self.checked_in_at, self.arrival = AppointmentStatus.CHECKED_IN, now, arrival
        self.history.append({"action": "check_in", "at": now.isoformat(), "arrival": arrival})
        return arrival

    def _ensure_booked(self, action: str) -> None:
        if self.status is not AppointmentStatus.BOOKED:
            raise BookingNotOpen(action=action, state=self.status.value)


def arrival_of(starts_at: datetime, now: datetime, policy: AppointmentPolicy) -> Arrival:
    """On time within [start - early, start + late], both edges included."""
    if now < starts_at - timedelta(minutes=policy.early_minutes):
        return Arrival.EARLY
    if now > starts_at + timedelta(minutes=policy.late_minutes):
        return Arrival.LATE
    return Arrival.ON_TIME


def blocked_until(
    history: Iterable[Appointment], now: datetime, policy: AppointmentPolicy
) -> datetime | None:
    """Repeated no-shows block booking until `block_days` after the last one (or None)."""
    since = now - timedelta(days=policy.no_show_window_days)
    missed = sorted(a.starts_at for a in history if a.missed(now, policy) and a.starts_at >= since)
    if len(missed) < policy.no_show_limit:
        return None
    until = missed[-1] + timedelta(days=policy.block_days)
    return until if until > now else None


def ensure_bookable(
    slot_start: datetime,
    slot_key: str,
    taken: int,
    person: Sequence[Appointment],
    service_code: str,
    now: datetime,
    policy: AppointmentPolicy,
    ignore: Appointment | None = None,
    by_phone: Sequence[Appointment] = (),
) -> None:
    """The rules of one booking (or change, `ignore` being the booking moved); `by_phone`
    are the bookings made with its phone number (no-shows block a phone as an ID)."""
    if slot_start - timedelta(minutes=policy.min_lead_minutes) < now:
        raise SlotUnavailable(day=slot_start.date().isoformat(), start=slot_start.strftime("%H:%M"))
    for history, by in ((person, "id"), (by_phone, "phone")):
        until = blocked_until(history, now, policy)
        if until is not None:
            raise BookingBlocked(until=until.date().isoformat(), by=by)
    others = [a for a in person if a is not ignore and a.is_open(now, policy)]
    for a in others:
        if a.slot.key == slot_key:
            raise DoubleBooking(slot=slot_key)
        if a.service_code == service_code and a.day == slot_start.date():
            raise DoubleBooking(slot=slot_key)
    if len(others) >= policy.max_active_per_id:
        raise BookingLimitReached(limit=policy.max_active_per_id, per="active")
    if sum(a.day == slot_start.date() for a in others) >= policy.max_per_id_per_day:
        raise BookingLimitReached(limit=policy.max_per_id_per_day, per="day")
    if taken >= policy.capacity:
        raise SlotFull(slot=slot_key)


def new_code() -> str:
    """An 8-character booking code, unguessable and easy to read out."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def mask_phone(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 7 else "*" * len(digits)


def valid_phone(phone: str) -> bool:
    """A mainland mobile number: 11 digits starting with 1 (spaces and dashes allowed)."""
    digits = phone.replace(" ", "").replace("-", "")
    return len(digits) == 11 and digits.isascii() and digits.isdigit() and digits[0] == "1"
