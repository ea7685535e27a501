"""Red and yellow warnings (红黄牌预警): raised once, stored, cleared when the cause goes."""

from __future__ import annotations

from server.services import snapshot, windows
from server.services.commands import Pause
from server.services.events import AlertCleared, AlertRaised
from tests.fakes import HALL


def refresh(desk) -> int:
    return desk.run.run(snapshot.refresh_alerts, HALL)


def test_a_window_paused_too_long_is_warned_of_once_then_cleared(desk):
    window = desk.sign_in(2)
    desk.run.run(windows.pause, Pause(window, desk.clerk, reason="会议"))
    desk.run.clock.advance(minutes=16)  # the hall allows 15
    assert refresh(desk) == 1 and refresh(desk) == 0, "announced once"
    ((raised),) = desk.published(AlertRaised)
    assert raised.alert.kind == "window_paused" and raised.alert.level == "yellow"
    assert raised.alert.reason == "会议"
    desk.run.clock.advance(minutes=15)  # twice the allowance: red
    assert refresh(desk) == 1
    (active,) = desk.run.read(lambda uow: uow.alerts.active(HALL))
    assert active.level == "red" and active.subject == f"window:{window}"
    desk.act(windows.resume, window)
    assert refresh(desk) == 1
    ((cleared),) = desk.published(AlertCleared)
    assert cleared.alert.subject == f"window:{window}"
    assert desk.run.read(lambda uow: uow.alerts.active(HALL)) == []


def test_the_longest_waits_are_warned_of_red_first(desk):
    desk.issue("medical_insurance")  # yellow at 20, red at 40 minutes
    desk.run.clock.advance(minutes=15)
    desk.issue("consultation")  # yellow at 10, red at 20
    desk.run.clock.advance(minutes=10)
    assert refresh(desk) == 2
    levels = [(a.data["number"], a.level) for a in desk.run.read(lambda u: u.alerts.active(HALL))]
    assert levels == [("B001", "yellow"), ("Z001", "yellow")]
    desk.run.clock.advance(minutes=10)
    refresh(desk)
    levels = [(a.data["number"], a.level) for a in desk.run.read(lambda u: u.alerts.active(HALL))]
    assert levels == [("Z001", "red"), ("B001", "yellow")], "red before yellow"
