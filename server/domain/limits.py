"""Limits that stop guessing and hoarding (黄牛): fixed time windows, sign-in lockout, the
hall's anti-hoarding settings and the typed refusals. Pure: time is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.domain.errors import DomainError, Kind


@dataclass(frozen=True)
class HallLimits:
    """The hall file's [limits] (defaults fit a district hall)."""

    kiosk_tickets_per_minute: int = 30  # numbers one kiosk may issue in a minute
    tickets_per_id_per_day: int = 5  # numbers one person may take in a day, all services
    bookings_per_phone_per_day: int = 10  # bookings made with one phone in a day (a household)
    # Public phone pages (book, change, cancel, case look-up, rating): requests per client
    # address and minute. A hall's guest Wi-Fi puts many phones behind one address: be generous.
    public_requests_per_minute: int = 60
    # The public booking page, per client address (server/domain/booking_guard.py): bookings
    # a day, the share of one slot's places, and the bookings a day after which each further
    # one needs a proof of work of `challenge_bits` (0: never).
    bookings_per_address_per_day: int = 20
    address_slot_share: float = 0.5
    challenge_after_per_address: int = 3
    challenge_bits: int = 17


@dataclass(frozen=True)
class SignInPolicy:
    """Staff sign-in: `max_failures` wrong passwords for one user name within
    `failure_window_minutes` lock that name for `lock_minutes`; one client address may fail
    `per_address` times per `address_window_minutes` (any user names; a success does not
    count, so a hall's staff behind one address sign in freely)."""

    max_failures: int = 5
    failure_window_minutes: int = 15
    lock_minutes: int = 15
    per_address: int = 30
    address_window_minutes: int = 15


@dataclass(frozen=True)
class Window:
    """One fixed time window: its number (the same for every process), start and end."""

    index: int
    starts_at: datetime
    ends_at: datetime

    def seconds_left(self, now: datetime) -> int:
        return max(1, int((self.ends_at - now).total_seconds() + 0.999))


def window_of(now: datetime, seconds: int) -> Window:
    """The fixed window of `seconds` that `now` falls in, counted from the Unix epoch."""
    index = int(now.timestamp()) // seconds
    start = datetime.fromtimestamp(index * seconds, UTC)
    return Window(index, start, start + timedelta(seconds=seconds))


def lock_ends(now: datetime, policy: SignInPolicy) -> datetime:
    return now + timedelta(minutes=policy.lock_minutes)


def seconds_until(now: datetime, then: datetime) -> int:
    return max(1, int((then - now).total_seconds() + 0.999))


class RateLimited(DomainError):
    """Too many requests: `retry_after` seconds until the next window (the Retry-After header)."""

    code = "too_many_requests"
    kind = Kind.LIMIT_REACHED


class SignInLocked(RateLimited):
    """Too many wrong passwords for this user name: worded the same whether it exists or not."""

    code = "login_locked"


class KioskRateLimited(RateLimited):
    code = "kiosk_rate_limited"


class TicketLimitReached(RateLimited):
    """One person has taken `limit` numbers today (any service)."""

    code = "ticket_limit_reached"


class AddressBookingLimitReached(RateLimited):
    """`limit` bookings came from this client address today."""

    code = "address_booking_limit_reached"


class PhoneCodeTooSoon(RateLimited):
    """A code went to this phone a moment ago: wait `retry_after` seconds."""

    code = "phone_code_too_soon"


class PhoneCodeLimitReached(RateLimited):
    """`limit` codes went to this phone (or from this address) today."""

    code = "phone_code_limit_reached"


def ensure_within(count: int, limit: int, error: type[RateLimited], **params: object) -> None:
    """Refuse the request that made a window's count go past its limit."""
    if count > limit:
        raise error(limit=limit, **params)


def day_window(day: date, timezone: str) -> Window:
    """The hall's service day as a window: it ends at the next local midnight."""
    zone = ZoneInfo(timezone)
    starts = datetime.combine(day, time(0), zone).astimezone(UTC)
    ends = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
    return Window(day.toordinal(), starts, ends)
