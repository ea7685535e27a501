"""Appointments: slots from hours and working days, booking limits, check-in windows,
no-show blocking. All dates explicit; times in Shanghai."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.domain.appointments import (
    Appointment,
    AppointmentPolicy,
    AppointmentStatus,
    Arrival,
    arrival_of,
    blocked_until,
    day_slots,
    ensure_bookable,
    mask_phone,
    new_code,
    offered_days,
    valid_phone,
)
from server.domain.errors import (
    BookingBlocked,
    BookingLimitReached,
    BookingNotOpen,
    DoubleBooking,
    SlotFull,
    SlotUnavailable,
)
from server.domain.hall import OpeningHours
from tests.domain.test_workdays import NATIONAL_DAY

SH = ZoneInfo("Asia/Shanghai")
WEEKDAY = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
HOURS = OpeningHours({**{d: WEEKDAY for d in range(5)}, 5: ((time(9), time(12)),), 6: ()})
POLICY = AppointmentPolicy()
NOW = datetime(2026, 9, 28, 9, 0, tzinfo=SH)  # Monday 09:00


def at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), SH)


def booking(day: date = date(2026, 9, 29), start: str = "10:00", service: str = "civil",
            status: AppointmentStatus = AppointmentStatus.BOOKED) -> Appointment:  # fmt: skip
    begin = time.fromisoformat(start)
    return Appointment(
        id=1, hall_id="h", code=new_code(), service_code=service, day=day, start=begin,
        end=(datetime.combine(day, begin) + timedelta(minutes=30)).time(),
        starts_at=at(day, start), id_hash="x", id_masked="1", name_masked="张*",
        phone_masked="1", created_at=NOW, status=status,
    )  # fmt: skip


def test_slots_fill_the_periods_and_skip_the_lunch_break():
    slots = day_slots(HOURS, NATIONAL_DAY, date(2026, 9, 28), POLICY)
    starts = [s.start.strftime("%H:%M") for s in slots]
    assert starts[:2] == ["08:30", "09:00"] and "11:30" in starts and "12:00" not in starts
    assert "13:00" not in starts and starts[-1] == "17:00" and len(starts) == 15


def test_no_slots_on_holidays_or_weekends_and_make_up_days_keep_weekday_hours():
    assert day_slots(HOURS, NATIONAL_DAY, date(2026, 10, 2), POLICY) == []  # National Day
    assert day_slots(HOURS, NATIONAL_DAY, date(2026, 10, 17), POLICY) == []  # a Saturday
    makeup = day_slots(HOURS, NATIONAL_DAY, date(2026, 10, 10), POLICY)  # make-up Saturday
    assert len(makeup) == 15, "Monday's hours, not the Saturday morning"
    assert offered_days(NATIONAL_DAY, date(2026, 9, 29), AppointmentPolicy(days_ahead=4)) == [
        date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9),
    ]  # fmt: skip


def bookable(person=(), taken=0, day=date(2026, 9, 29), start="10:00", service="civil",
             now=NOW, policy=POLICY, ignore=None):  # fmt: skip
    key = f"{day.isoformat()}T{start}"
    ensure_bookable(at(day, start), key, taken, list(person), service, now, policy, ignore)


def test_booking_limits():
    bookable()
    with pytest.raises(SlotFull):
        bookable(taken=POLICY.capacity)
    with pytest.raises(DoubleBooking):  # the same slot twice
        bookable([booking(service="other")])
    with pytest.raises(DoubleBooking):  # the same service twice a day
        bookable([booking(start="14:00")])
    with pytest.raises(BookingLimitReached):  # per day, any service
        bookable([booking(start="08:30", service="a"), booking(start="14:00", service="b")])
    spread = [
        booking(day=date(2026, 9, 29) + timedelta(days=n), service=f"s{n}") for n in (1, 2, 3)
    ]
    with pytest.raises(BookingLimitReached):  # open bookings at once
        bookable(spread)
    done = [
        booking(status=AppointmentStatus.CANCELLED),
        booking(start="14:00", status=AppointmentStatus.CHECKED_IN),
    ]
    bookable(done)  # cancelled and used bookings do not count
    moved = booking()
    bookable([moved], ignore=moved)  # a change may keep its own slot


def test_a_slot_closes_before_it_starts():
    with pytest.raises(SlotUnavailable):
        bookable(day=date(2026, 9, 28), start="09:00")  # already begun
    with pytest.raises(SlotUnavailable):
        bookable(day=date(2026, 9, 28), start="09:29")  # 29 minutes ahead: too soon
    bookable(day=date(2026, 9, 28), start="09:30")  # exactly the lead time


@pytest.mark.parametrize(
    ("minutes", "arrival"),
    [(-31, Arrival.EARLY), (-30, Arrival.ON_TIME), (0, Arrival.ON_TIME),
     (15, Arrival.ON_TIME), (16, Arrival.LATE)],
)  # fmt: skip
def test_check_in_window_edges(minutes, arrival):
    start = at(date(2026, 9, 29), "10:00")
    assert arrival_of(start, start + timedelta(minutes=minutes), POLICY) is arrival


def test_check_in_once_and_only_when_booked():
    a = booking()
    assert a.check_in(at(date(2026, 9, 29), "09:50"), POLICY) is Arrival.ON_TIME
    assert a.status is AppointmentStatus.CHECKED_IN
    with pytest.raises(BookingNotOpen):
        a.check_in(at(date(2026, 9, 29), "09:51"), POLICY)
    passed = booking(day=date(2026, 9, 28), start="08:30")
    with pytest.raises(BookingNotOpen):  # missed: it stays a no-show
        passed.ensure_changeable(NOW, POLICY)
    booking().ensure_changeable(NOW, POLICY)
    cancelled = booking()
    cancelled.cancel(NOW)
    with pytest.raises(BookingNotOpen):
        cancelled.check_in(at(date(2026, 9, 29), "09:50"), POLICY)


def test_repeated_no_shows_block_booking_for_a_period():
    missed = [booking(day=date(2026, 9, d)) for d in (14, 15, 16)]
    now = at(date(2026, 9, 28), "09:00")
    until = blocked_until(missed, now, POLICY)
    assert until == at(date(2026, 10, 16), "10:00"), "30 days after the last no-show"
    with pytest.raises(BookingBlocked):
        bookable(missed, now=now)
    assert blocked_until(missed[:2], now, POLICY) is None, "two are not yet a pattern"
    assert blocked_until(missed, at(date(2026, 10, 16), "10:01"), POLICY) is None
    kept = [*missed[:2], booking(day=date(2026, 9, 16), status=AppointmentStatus.CHECKED_IN)]
    assert blocked_until(kept, now, POLICY) is None
    # Still within its check-in window: not missed yet.
    assert not booking(day=date(2026, 9, 28), start="08:50").missed(now, POLICY)
    assert booking(day=date(2026, 9, 28), start="08:30").missed(now, POLICY)


def test_codes_and_phones():
    codes = {new_code() for _ in range(50)}
    assert len(codes) == 50 and all(len(c) == 8 and not set(c) & set("01IO") for c in codes)
    assert valid_phone("138 1234 5678") and not valid_phone("23812345678")
    assert not valid_phone("1381234567") and not valid_phone("１３８１２３４５６７８")
    assert mask_phone("13812345678") == "138****5678"
