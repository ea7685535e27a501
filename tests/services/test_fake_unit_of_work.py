"""The fake unit of work keeps the SQL one's promises: all or nothing, events after commit,
copies handed out, versions checked, unique keys kept, times in UTC."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import IntegrityError

from server.domain.errors import ConcurrentUpdate, DomainError
from server.domain.ticket import Outcome
from server.services import appointments
from server.services.events import LinesStale
from tests.fakes import HALL
from tests.services.people import PHONE, ZHANG

MONDAY = date(2026, 11, 23)


def test_a_failed_unit_of_work_leaves_everything_as_it_was_and_publishes_nothing(desk):
    desk.issue()
    before = desk.uow.db.snapshot()
    desk.forget_events()

    def breaks(uow, ctx):
        ticket = uow.tickets.get(1)
        ticket.cancel(ctx.now)
        uow.tickets.save(ticket)
        uow.counters.increment(HALL, MONDAY, "prefix:A")
        uow.staff.add("ghost", "password!", "clerk", HALL, "")
        uow.collect(LinesStale(HALL))
        raise DomainError()

    with pytest.raises(DomainError):
        desk.run.run(breaks)
    assert desk.uow.db.snapshot() == before
    assert desk.uow.published == [] and desk.uow.rollbacks == 1
    assert desk.issue().id == 2, "ids given inside it are given again, as SQLite does"


def test_events_are_published_only_once_the_unit_of_work_commits(desk):
    with desk.uow as uow:
        uow.collect(LinesStale(HALL))
        assert desk.uow.published == []
    assert desk.uow.published == [LinesStale(HALL)]


def test_what_a_repository_hands_out_is_a_copy(desk):
    ticket = desk.issue()
    with desk.uow as uow:
        loaded = uow.tickets.get(ticket.id)
        loaded.number = "Z999"
        window = uow.windows.list(HALL)[1]
        window.clerk_id = 42  # changed, never saved
    assert desk.run.read(lambda uow: uow.tickets.get(ticket.id)).number == "A001"
    assert desk.run.read(lambda uow: uow.windows.list(HALL)[1]).clerk_id is None


def test_a_stale_version_is_a_concurrent_update(desk):
    desk.issue("civil_affairs")
    window_id = desk.window(2)
    old_ticket = desk.run.read(lambda uow: uow.tickets.get(1))
    old_window = desk.run.read(lambda uow: uow.windows.get(window_id))
    desk.sign_in(2)
    desk.call(window_id)  # both rows move on
    case = desk.finish(window_id, outcome=Outcome.ACCEPTED).case
    assert case is not None
    number = case.number
    old_case = desk.run.read(lambda uow: uow.cases.by_number(HALL, number))
    desk.run.read(lambda uow: uow.cases.save(uow.cases.by_number(HALL, number)))
    for save, stale in ((lambda uow, x: uow.tickets.save(x), old_ticket),
                        (lambda uow, x: uow.windows.save(x), old_window),
                        (lambda uow, x: uow.cases.save(x), old_case)):  # fmt: skip
        with pytest.raises(ConcurrentUpdate):
            desk.run.read(lambda uow, save=save, stale=stale: save(uow, stale))


def test_a_booking_saved_without_reading_its_latest_version_is_a_concurrent_update(desk):
    """As SqlAppointments: the version checked is the one this unit of work read last."""
    cmd = appointments.Book(hall_id=HALL, service_code="household", day=MONDAY,
                            start=time(11, 0), name="张三", id_number=ZHANG,
                            phone=PHONE)  # fmt: skip
    code = desk.run.run(appointments.book, cmd).code
    stale = desk.run.read(lambda uow: uow.appointments.by_code(HALL, code))
    desk.run.read(lambda uow: uow.appointments.save(uow.appointments.by_code(HALL, code)))
    with pytest.raises(ConcurrentUpdate):
        desk.run.read(lambda uow: uow.appointments.save(stale))
    with desk.uow as uow:  # read again, then saved: fine
        uow.appointments.by_code(HALL, code)
        uow.appointments.save(stale)


def test_unique_keys_are_kept(desk):
    desk.issue(id_number=ZHANG)
    copy = desk.run.read(lambda uow: uow.tickets.get(1))
    with pytest.raises(IntegrityError, match="hall_id, tickets.day, tickets.number"):
        desk.run.read(lambda uow: uow.tickets.add(replace(copy, token="other")))
    with pytest.raises(IntegrityError, match="users.username"):
        desk.run.staff("clerk1")


def test_units_of_work_take_turns(desk):
    with desk.uow, pytest.raises(RuntimeError, match="take turns"):
        desk.uow.__enter__()


def test_times_are_stored_in_utc_and_naive_ones_refused(desk):
    ticket_id = desk.issue().id
    ticket = desk.run.read(lambda uow: uow.tickets.get(ticket_id))
    shanghai = ticket.issued_at.astimezone(ZoneInfo("Asia/Shanghai"))
    desk.run.read(lambda uow: uow.tickets.save(replace(ticket, issued_at=shanghai)))
    again = desk.run.read(lambda uow: uow.tickets.get(ticket.id))
    assert again.issued_at == shanghai and again.issued_at.utcoffset().total_seconds() == 0
    naive = replace(again, called_at=datetime(2026, 11, 23, 10, 0))
    with pytest.raises(ValueError, match="naive"):
        desk.run.read(lambda uow: uow.tickets.save(naive))
