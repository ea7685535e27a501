"""Anti-hoarding limits counted inside a use case's transaction (防黄牛): numbers per kiosk and
minute, numbers per person and day, bookings per phone number and day. A refused or failed
request rolls its count back with everything else, so only what was issued is counted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from server.domain.hall import Hall
from server.domain.limits import (
    HallLimits,
    KioskRateLimited,
    RateLimited,
    TicketLimitReached,
    Window,
    day_window,
    ensure_within,
    window_of,
)


class LimitStore(Protocol):
    def of_hall(self, hall_id: str) -> HallLimits: ...
    def hit(self, scope: str, subject: str, window: Window) -> int: ...
    def unlock_sign_in(self, username: str) -> bool: ...


class PhoneBookingLimitReached(RateLimited):
    """One phone number has made `limit` bookings today."""

    code = "phone_booking_limit_reached"


def count_ticket(
    limits: LimitStore,
    hall: Hall,
    day: date,
    now: datetime,
    kiosk_id: int | None,
    id_hash: str | None,
) -> None:
    """Count a number about to be issued: by the kiosk (per minute) and the person (per day)."""
    settings = limits.of_hall(hall.id)
    if kiosk_id is not None:
        minute = window_of(now, 60)
        issued = limits.hit("kiosk", f"{hall.id}:{kiosk_id}", minute)
        ensure_within(issued, settings.kiosk_tickets_per_minute, KioskRateLimited,
                      retry_after=minute.seconds_left(now))  # fmt: skip
    if id_hash is not None:
        today = day_window(day, hall.timezone)
        taken = limits.hit("id_day", f"{hall.id}:{id_hash}", today)
        ensure_within(taken, settings.tickets_per_id_per_day, TicketLimitReached,
                      retry_after=today.seconds_left(now))  # fmt: skip


def count_booking(limits: LimitStore, hall: Hall, now: datetime, phone_hash: str) -> None:
    """Count a booking made today with this phone number (its keyed hash, never the number)."""
    settings = limits.of_hall(hall.id)
    today = day_window(hall.service_day(now), hall.timezone)
    made = limits.hit("phone_day", f"{hall.id}:{phone_hash}", today)
    ensure_within(made, settings.bookings_per_phone_per_day, PhoneBookingLimitReached,
                  retry_after=today.seconds_left(now))  # fmt: skip
