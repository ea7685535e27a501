"""Call-next: which ticket a window takes, and when it may not call at all."""

from __future__ import annotations

import pytest

from server.domain.errors import (
    CallTooSoon,
    NotYourWindow,
    QueueEmpty,
    WindowBusy,
    WindowNotOpen,
)
from server.domain.ticket import Priority
from server.services import counter, windows
from server.services.commands import Pause, WindowCommand
from server.services.events import LinesStale, TicketChanged, WindowChanged
from tests.fakes import HALL


def test_a_general_window_takes_any_general_matter_oldest_first(desk):
    desk.issue("medical_insurance"), desk.issue("household"), desk.issue("social_security")
    window = desk.sign_in(2)
    assert desk.call(window).number == "B001"
    desk.finish(window)
    assert desk.call(window).number == "D001"
    desk.finish(window)
    assert desk.call(window).number == "A001"


def test_green_channel_and_appointments_go_first(desk):
    desk.issue(), desk.issue()
    desk.issue("household", priority=Priority.DISABLED)
    window = desk.sign_in(2)
    assert desk.call(window).number == "D001"


def test_a_normal_ticket_past_its_red_wait_ranks_with_green_channel_ones(desk):
    desk.issue()  # A001 at 10:00:10
    desk.run.clock.advance(minutes=41)  # social security turns red at 40
    desk.issue("household", priority=Priority.ELDERLY)
    window = desk.sign_in(2)
    assert desk.call(window).number == "A001", "aged: its place in line counts again"


def test_a_general_window_never_takes_a_specialised_matter(desk):
    desk.issue("business_registration")
    window = desk.sign_in(2)
    with pytest.raises(QueueEmpty):
        desk.call(window)


def test_a_specialised_window_serves_its_own_line_first(desk):
    desk.issue(), desk.issue("business_registration")
    window = desk.sign_in(5)
    assert desk.call(window).number == "F001"


def test_a_specialised_window_helps_once_the_general_line_is_long_enough(desk):
    window = desk.sign_in(5)
    desk.issue()  # A001 (8 minutes expected)
    with pytest.raises(QueueEmpty):
        desk.call(window)  # one general ticket: below K = 2, no help
    desk.issue("medical_insurance")  # B001 (7 minutes expected)
    assert desk.call(window).number == "B001", "helping, it takes the shortest matter"


def test_a_call_is_announced_to_the_window_the_line_and_the_ticket(desk):
    desk.issue()
    window = desk.sign_in(2)
    desk.forget_events()
    called = desk.call(window)
    assert called.status == "called" and called.window is not None and called.window.number == 2
    changed, window_changed, stale = desk.uow.published
    assert isinstance(changed, TicketChanged) and changed.kind == "called"
    assert changed.window == called.window and changed.token
    assert isinstance(window_changed, WindowChanged)
    assert window_changed.window.current.number == "A001"
    assert stale == LinesStale(HALL)
    assert desk.uow.serialised == [HALL], "it picked under the hall's call lock"


def test_a_second_call_within_the_guard_is_refused(desk):
    desk.issue(), desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    desk.finish(window)
    with pytest.raises(CallTooSoon):
        desk.act(counter.call_next, window)  # the same second: a double click


def test_a_busy_window_finishes_first(desk):
    desk.issue(), desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    before = desk.uow.db.snapshot()
    with pytest.raises(WindowBusy) as refused:
        desk.call(window)
    assert refused.value.params == {"window": 2, "number": "A001"}
    assert desk.uow.db.snapshot() == before


def test_a_paused_or_closed_window_calls_no_one(desk):
    desk.issue()
    window = desk.sign_in(2)
    desk.run.run(windows.pause, Pause(window, desk.clerk, reason="break"))
    with pytest.raises(WindowNotOpen):
        desk.call(window)
    desk.act(windows.resume, window)
    desk.act(windows.sign_out, window)
    with pytest.raises(NotYourWindow):
        desk.call(window)  # signed out: no longer this clerk's


def test_only_the_windows_clerk_or_a_manager_calls_there(desk):
    desk.issue(), desk.issue()
    window = desk.sign_in(2)
    other = desk.run.staff("clerk2")
    with pytest.raises(NotYourWindow):
        desk.call(window, other)
    manager = desk.run.staff("boss", "manager")
    assert desk.call(window, manager).number == "A001"


def test_an_empty_line_changes_nothing(desk):
    window = desk.sign_in(2)
    before = desk.uow.db.snapshot()
    desk.forget_events()
    with pytest.raises(QueueEmpty):
        desk.run.run(counter.call_next, WindowCommand(window, desk.clerk))
    assert desk.uow.db.snapshot() == before and desk.uow.published == []
