"""The end of a service day: tickets left waiting are closed, or carried over when the hall
says so."""

from __future__ import annotations

from datetime import date

from server.domain.ticket import TicketStatus
from server.services import day_end
from server.services.day_end import PastDaysEnded
from server.services.events import DayEnded, LinesStale, TicketChanged
from tests.fakes import HALL, demo_hall, tuned
from tests.services.conftest import make_desk

TUESDAY = date(2026, 11, 24)


def left_overnight(desk) -> None:
    """A001 served, A002 and B001 still waiting when the day ends."""
    desk.issue(), desk.issue(), desk.issue("medical_insurance")
    window = desk.sign_in(2)
    desk.call(window)
    desk.finish(window)
    desk.forget_events()
    desk.run.clock.advance(days=1)


def test_tickets_left_waiting_are_closed_at_the_first_tick_of_the_next_day(desk):
    left_overnight(desk)
    result = desk.run.run(day_end.end_past_days, HALL)
    assert result == PastDaysEnded(closed=["A002", "B001"], carried=[])
    statuses = [row.ticket.status for row in desk.uow.db.tickets.values()]
    assert statuses == [TicketStatus.DONE, TicketStatus.CANCELLED, TicketStatus.CANCELLED]
    cancelled = desk.published(TicketChanged)
    assert [(e.kind, e.ticket.number, e.ticket.reason) for e in cancelled] == [
        ("cancelled", "A002", "day_end"),
        ("cancelled", "B001", "day_end"),
    ]
    assert desk.published(DayEnded) == [DayEnded(HALL, "2026-11-24", ["A002", "B001"], [])]
    assert desk.uow.published[-1] == LinesStale(HALL)
    assert desk.issue().number == "A001", "the new day numbers from one"


def test_a_hall_that_carries_over_keeps_the_numbers_first_in_line():
    desk = make_desk(tuned(demo_hall(), rules={"carry_over_waiting": True}))
    left_overnight(desk)
    result = desk.run.run(day_end.end_past_days, HALL)
    assert result == PastDaysEnded(closed=[], carried=["A002", "B001"])
    waiting = desk.run.read(lambda uow: uow.tickets.waiting(HALL, TUESDAY))
    assert [t.number for t in waiting] == ["A002", "B001"]
    counters = desk.run.read(lambda uow: uow.counters.day_values(HALL, TUESDAY, "prefix:"))
    assert counters == {"prefix:A": 2, "prefix:B": 1}, "moved past the numbers carried"
    assert desk.issue().number == "A003"
    window = desk.sign_in(3)
    assert desk.call(window).number == "A002", "carried tickets keep their place"


def test_a_day_with_nothing_left_announces_nothing(desk):
    desk.run.clock.advance(days=1)
    assert desk.run.run(day_end.end_past_days, HALL) == PastDaysEnded(closed=[], carried=[])
    assert desk.uow.published == []
