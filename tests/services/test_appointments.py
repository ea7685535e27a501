"""Appointments (预约): booking counts its slot, check-in gives a ticket by the arrival.

The clock stands at Monday 10:00; slots are 30 minutes with 4 places, check-in runs from 30
minutes before a slot to 15 minutes after its start.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from server.domain.appointments import AppointmentStatus
from server.domain.errors import (
    BookingNotToday,
    DailyCapReached,
    DoubleBooking,
    SlotFull,
    UnknownBooking,
)
from server.services import appointments
from server.services.booking_results import BookingView, CheckedInOffWindow, CheckedInTicket
from server.services.events import AppointmentChanged, LinesStale, TicketIssued
from tests.fakes import HALL, demo_hall, tuned
from tests.services.conftest import make_desk
from tests.services.people import LI, PHONE, ZHANG

MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)


def book(desk, start: str = "11:00", id_number: str = ZHANG, day: date = MONDAY,
         service: str = "social_security") -> BookingView:  # fmt: skip
    cmd = appointments.Book(hall_id=HALL, service_code=service, day=day,
                            start=time.fromisoformat(start), name="张三明",
                            id_number=id_number, phone=PHONE)  # fmt: skip
    return desk.run.run(appointments.book, cmd)


def check_in(desk, **kw) -> CheckedInTicket:
    cmd = appointments.CheckIn(hall_id=HALL, actor=desk.kiosk, **kw)
    return desk.run.run(appointments.check_in_booking, cmd)


def taken(desk, day: date = MONDAY) -> dict[str, int]:
    return desk.run.read(lambda uow: uow.counters.day_values(HALL, day, "appt:"))


def test_a_booking_is_masked_counted_in_its_slot_and_announced(desk):
    booking = book(desk)
    assert len(booking.code) == 8 and booking.status == "booked"
    assert booking.name_masked == "张*明" and booking.phone_masked == "138****5678"
    assert booking.starts_at == "2026-11-23T11:00:00+08:00"
    assert taken(desk) == {"appt:social_security:11:00": 1}
    (booked,) = desk.published(AppointmentChanged)
    assert booked.kind == "booked" and ZHANG not in repr(booked)
    stored = desk.run.read(lambda uow: uow.appointments.by_code(HALL, booking.code.lower()))
    assert stored.starts_at.isoformat() == "2026-11-23T03:00:00+00:00", "stored as UTC"


def test_a_full_slot_refuses_and_keeps_its_count():
    desk = make_desk(tuned(demo_hall(), appointments={"capacity": 1}))
    book(desk)
    desk.forget_events()
    with pytest.raises(SlotFull):
        book(desk, id_number=LI)
    assert taken(desk) == {"appt:social_security:11:00": 1}, "the refused place is given back"
    assert desk.uow.published == []


def test_one_person_books_one_place_per_slot_and_service_a_day(desk):
    book(desk)
    with pytest.raises(DoubleBooking):
        book(desk, start="14:00")  # the same service the same day
    with pytest.raises(DoubleBooking):
        book(desk, service="household")  # the same slot: one place at a time
    assert book(desk, start="14:00", service="household").status == "booked"


def test_checking_in_on_time_gives_an_appointment_ticket(desk):
    code = book(desk).code
    desk.run.clock.advance(minutes=30)  # 10:30, the window's first minute
    desk.forget_events()
    ticket = check_in(desk, booking_code=code, request_key="kiosk-1:r1")
    assert ticket.priority == "appointment" and ticket.number == "A001"
    assert ticket.appointment is not None and ticket.appointment.arrival == "on_time"
    assert not isinstance(ticket, CheckedInOffWindow), "no notice within the window"
    stored = desk.run.read(lambda uow: uow.appointments.by_code(HALL, code))
    assert stored.status is AppointmentStatus.CHECKED_IN and stored.ticket_id == ticket.id
    assert [type(e) for e in desk.uow.published] == [TicketIssued, LinesStale, AppointmentChanged]
    again = check_in(desk, booking_code=code, request_key="kiosk-1:r1")  # the kiosk's retry
    assert again.number == "A001" and len(desk.uow.db.tickets) == 1


def test_checking_in_early_gives_a_walk_in_ticket_and_a_notice(desk):
    book(desk, start="14:00")
    ticket = check_in(desk, id_number=ZHANG)
    assert isinstance(ticket, CheckedInOffWindow) and ticket.priority == "normal"
    assert ticket.appointment is not None and ticket.appointment.arrival == "early"
    assert "14:00" in ticket.notice.zh and "13:30" in ticket.notice.en


def test_a_booking_of_another_day_is_not_checked_in_today(desk):
    code = book(desk, day=TUESDAY, start="09:00").code
    with pytest.raises(BookingNotToday):
        check_in(desk, booking_code=code)
    assert desk.run.read(lambda uow: uow.appointments.by_code(HALL, code)).status == "booked"


def test_changing_moves_the_place_and_cancelling_frees_it(desk):
    code = book(desk).code
    change = appointments.ChangeBooking(hall_id=HALL, code=code, id_number=ZHANG, day=TUESDAY,
                                        start=time(9, 0))  # fmt: skip
    moved = desk.run.run(appointments.change, change)
    assert moved.code == code and moved.date == "2026-11-24"
    assert taken(desk) == {"appt:social_security:11:00": 0}
    assert taken(desk, TUESDAY) == {"appt:social_security:09:00": 1}
    stranger = appointments.CancelBooking(hall_id=HALL, code=code, id_number=LI)
    with pytest.raises(UnknownBooking):
        desk.run.run(appointments.cancel, stranger)
    cancel = appointments.CancelBooking(hall_id=HALL, code=code, id_number=ZHANG)
    assert desk.run.run(appointments.cancel, cancel).status == "cancelled"
    assert taken(desk, TUESDAY) == {"appt:social_security:09:00": 0}
    with pytest.raises(UnknownBooking):
        check_in(desk, id_number=ZHANG)


def test_a_check_in_that_gets_no_ticket_stays_booked():
    desk = make_desk(tuned(demo_hall(), services={"social_security": {"daily_cap": 0}}))
    code = book(desk).code
    desk.run.clock.advance(minutes=45)
    before = desk.uow.db.snapshot()
    desk.forget_events()
    with pytest.raises(DailyCapReached):
        check_in(desk, booking_code=code)
    assert desk.uow.db.snapshot() == before and desk.uow.published == []
    assert desk.run.read(lambda uow: uow.appointments.by_code(HALL, code)).status == "booked"
