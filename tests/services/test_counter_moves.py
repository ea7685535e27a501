"""At the counter: recall, start, finish, no-show and rejoin, transfer, cancel."""

from __future__ import annotations

from datetime import date

import pytest

from server.domain.errors import (
    IllegalMove,
    QueueEmpty,
    RecallLimitReached,
    RejoinNotAllowed,
    UnknownService,
)
from server.domain.ticket import Outcome
from server.services import counter, tickets
from server.services.commands import Finish, TicketCommand, Transfer
from server.services.counter import AcceptedCase
from server.services.events import CaseChanged, TicketChanged
from tests.fakes import HALL

MONDAY = date(2026, 11, 23)


def kinds(desk, ticket_id: int) -> list[str]:
    return [e["kind"] for e in desk.uow.db.ticket_events.values() if e["ticket_id"] == ticket_id]


def test_a_recall_announces_again_up_to_the_limit(desk):
    desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    desk.forget_events()
    assert [desk.act(counter.recall, window).recall_count for _ in range(3)] == [1, 2, 3]
    with pytest.raises(RecallLimitReached) as refused:
        desk.act(counter.recall, window)
    assert refused.value.params == {"number": "A001", "limit": 3}
    recalled = desk.published(TicketChanged)
    assert [e.kind for e in recalled] == ["recalled"] * 3
    assert desk.run.read(lambda uow: uow.tickets.get(1)).recall_count == 3


def test_finishing_frees_the_window_and_adds_to_the_days_service_times(desk):
    ticket = desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    desk.act(counter.start, window)
    desk.run.clock.advance(minutes=7)
    done = desk.finish(window, ticket_id=ticket.id)
    assert done.status == "done" and done.case is None
    assert kinds(desk, ticket.id) == ["issued", "call", "start", "finish"]
    served = desk.run.read(lambda uow: uow.counters.day_values(HALL, MONDAY, "served"))
    assert served == {"served:social_security": 1, "served_seconds:social_security": 420}
    assert desk.run.read(lambda uow: uow.tickets.at_window(window)) is None
    assert desk.uow.events_of(TicketChanged)[-1].kind == "done"


def test_an_action_on_a_ticket_the_window_no_longer_holds_is_refused(desk):
    first, _ = desk.issue(), desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    desk.finish(window)
    desk.call(window)
    before = desk.uow.db.snapshot()
    with pytest.raises(IllegalMove) as refused:
        desk.finish(window, ticket_id=first.id)  # a stale console
    assert refused.value.params["state"] == "stale"
    assert desk.uow.db.snapshot() == before


def test_a_no_show_rejoins_once_right_behind_the_tickets_already_called(desk):
    a1, a2, _ = desk.issue(), desk.issue(), desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    assert desk.act(counter.mark_no_show, window).status == "no_show"
    assert desk.call(window).number == a2.number
    desk.finish(window)
    back = desk.run.run(tickets.rejoin, TicketCommand(a1.token, desk.kiosk))
    assert back.status == "waiting" and back.ahead == 0
    assert desk.call(window).number == "A001", "ahead of A003, which was never called"
    desk.act(counter.mark_no_show, window)
    with pytest.raises(RejoinNotAllowed) as refused:
        desk.run.run(tickets.rejoin, TicketCommand(a1.token, desk.kiosk))
    assert refused.value.params["already"] is True


def test_a_no_show_rejoins_only_within_the_halls_minutes(desk):
    ticket = desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    desk.act(counter.mark_no_show, window)
    desk.run.clock.advance(minutes=31)
    with pytest.raises(RejoinNotAllowed):
        desk.run.run(tickets.rejoin, TicketCommand(ticket.token, desk.kiosk))
    assert desk.run.read(lambda uow: uow.tickets.get(ticket.id)).status == "no_show"


def test_a_transfer_to_a_service_keeps_the_number_and_the_place(desk):
    desk.issue()
    desk.run.clock.advance(minutes=1)
    desk.issue("household")
    window = desk.sign_in(2)
    desk.call(window)
    cmd = Transfer(window, desk.clerk, to_service="household", note="需户口本")
    moved = desk.run.run(counter.transfer, cmd)
    assert moved.number == "A001" and moved.service.code == "household"
    assert moved.status == "waiting" and moved.note == "需户口本"
    assert desk.call(window).number == "A001", "its place in line came with it"
    notes = desk.run.read(lambda uow: uow.counter_reads.ticket_notes(1))
    assert [(n["from_window_id"], n["text"]) for n in notes] == [(window, "需户口本")]


def test_a_ticket_sent_to_a_window_is_first_there_and_nowhere_else(desk):
    first, second = desk.issue(), desk.issue()
    clerk2 = desk.run.staff("clerk2")
    two, three = desk.sign_in(2), desk.sign_in(3, clerk2)
    desk.call(two)
    moved = desk.run.run(counter.transfer, Transfer(two, desk.clerk, to_window_id=three))
    assert moved.target_window_id == three
    assert desk.call(two).number == second.number, "window 2 skips it"
    assert desk.call(three, clerk2).number == first.number


def test_a_transfer_needs_a_known_target(desk):
    desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    with pytest.raises(IllegalMove):
        desk.run.run(counter.transfer, Transfer(window, desk.clerk))
    with pytest.raises(UnknownService):
        desk.run.run(counter.transfer, Transfer(window, desk.clerk, to_service="passports"))
    assert desk.run.read(lambda uow: uow.tickets.get(1)).status == "called"


def test_accepting_a_promised_matter_opens_a_case_with_a_working_day_deadline(desk):
    desk.issue("civil_affairs"), desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    done = desk.finish(window, outcome=Outcome.ACCEPTED)
    assert done.case == AcceptedCase("20261123-0001", "2026-11-30", "accepted")
    (opened,) = desk.published(CaseChanged)
    assert opened.kind == "opened" and opened.case.window_id == window
    desk.call(window)
    instant = desk.run.run(counter.finish, Finish(window, desk.clerk, outcome=Outcome.ACCEPTED))
    assert instant.case is None, "an instant matter never becomes a case"


def test_a_cancelled_ticket_leaves_the_line(desk):
    ticket = desk.issue()
    cancelled = desk.run.run(tickets.cancel, TicketCommand(ticket.token, desk.kiosk))
    assert cancelled.status == "cancelled"
    window = desk.sign_in(2)
    with pytest.raises(QueueEmpty):
        desk.call(window)
