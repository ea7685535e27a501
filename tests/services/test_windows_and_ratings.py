"""A window's own states (sign in, pause, resume) and the rating after service (好差评)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.domain.catalogue import WindowState
from server.domain.errors import (
    AlreadyRated,
    FollowUpClosed,
    IllegalMove,
    NotRateable,
    WindowBusy,
    WindowTaken,
)
from server.domain.rating import RatingLevel
from server.services import manage, tickets, windows
from server.services.commands import CloseFollowUp, Pause, Rate, WindowCommand
from server.services.events import Audited, FollowUpDone, LinesStale, Rated, WindowChanged
from server.services.views import IssuedTicket
from tests.fakes import CITIZEN, HALL


def window_of(desk, window_id: int):
    return desk.run.read(lambda uow: uow.windows.get(window_id))


def test_pause_and_resume_keep_the_reason_and_tell_the_hall(desk):
    window = desk.sign_in(2)
    desk.forget_events()
    desk.run.clock.advance(minutes=1)
    paused = desk.run.run(windows.pause, Pause(window, desk.clerk, reason="lunch"))
    assert paused.state == "paused" and paused.pause_reason == "lunch"
    stored = window_of(desk, window)
    assert stored.state is WindowState.PAUSED and stored.state_since == desk.run.clock.now()
    with pytest.raises(IllegalMove):
        desk.run.run(windows.pause, Pause(window, desk.clerk, reason="again"))
    resumed = desk.act(windows.resume, window)
    assert resumed.state == "open" and resumed.pause_reason == ""
    assert [type(e) for e in desk.uow.published] == [WindowChanged, LinesStale] * 2
    assert window_of(desk, window).version == 3, "sign-in, pause, resume: one version each"


def test_signing_in_elsewhere_closes_the_clerks_old_window(desk):
    two = desk.sign_in(2)
    three = desk.sign_in(3)
    old, new = window_of(desk, two), window_of(desk, three)
    assert old.clerk_id is None and old.state is WindowState.CLOSED
    assert new.clerk_id == desk.clerk.user_id and new.state is WindowState.OPEN


def test_a_window_with_a_ticket_on_it_is_not_left(desk):
    desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    with pytest.raises(WindowBusy):
        desk.act(windows.sign_out, window)
    with pytest.raises(WindowBusy):
        desk.sign_in(3)  # moving would leave the ticket behind
    assert window_of(desk, window).clerk_id == desk.clerk.user_id


def test_a_window_another_clerk_holds_is_taken(desk):
    window = desk.sign_in(2)
    other = desk.run.staff("clerk2")
    with pytest.raises(WindowTaken):
        desk.run.run(windows.sign_in, WindowCommand(window, other))


def served(desk) -> IssuedTicket:
    ticket = desk.issue()
    window = desk.sign_in(2)
    desk.call(window)
    desk.finish(window)
    return ticket


def test_a_good_rating_is_kept_once_and_announced(desk):
    ticket = served(desk)
    rated = desk.run.run(tickets.rate, Rate(ticket.token, CITIZEN, level=RatingLevel.SATISFIED))
    assert rated.level == 4 and rated.follow_up is False
    assert [e.rating.level for e in desk.published(Rated)] == [4]
    assert desk.uow.db.follow_ups == {}
    with pytest.raises(AlreadyRated):
        desk.run.run(tickets.rate, Rate(ticket.token, CITIZEN, level=RatingLevel.DISSATISFIED))
    assert len(desk.uow.db.ratings) == 1 and len(desk.published(Rated)) == 1


def test_a_bad_rating_opens_a_follow_up_due_by_the_end_of_the_next_working_day(desk):
    ticket = served(desk)
    bad = Rate(ticket.token, CITIZEN, level=RatingLevel.VERY_DISSATISFIED, reasons=("态度差",))
    assert desk.run.run(tickets.rate, bad).follow_up is True
    (follow_up,) = desk.run.read(lambda uow: uow.followups.open(HALL))
    assert follow_up["ticket"] == "A001" and follow_up["reasons"] == ["态度差"]
    assert follow_up["window"] == 2 and follow_up["closed_at"] is None
    # Monday's rating: due by the end of Tuesday in Shanghai (16:00 UTC)
    assert follow_up["due_at"] == datetime(2026, 11, 24, 16, 0, tzinfo=UTC).isoformat()


def test_a_bad_rating_on_friday_is_due_on_monday(desk):
    desk.run.clock.set(datetime(2026, 11, 27, 2, 0, tzinfo=UTC))  # Friday 10:00
    ticket = served(desk)
    desk.run.run(tickets.rate, Rate(ticket.token, CITIZEN, level=RatingLevel.DISSATISFIED))
    (follow_up,) = desk.run.read(lambda uow: uow.followups.open(HALL))
    assert follow_up["due_at"] == datetime(2026, 11, 30, 16, 0, tzinfo=UTC).isoformat()


def test_only_a_finished_ticket_is_rated(desk):
    ticket = desk.issue()
    with pytest.raises(NotRateable):
        desk.run.run(tickets.rate, Rate(ticket.token, CITIZEN))
    assert desk.uow.db.ratings == {} and desk.published(Rated) == []


def test_a_manager_closes_a_follow_up_once_with_what_was_done(desk):
    ticket = served(desk)
    desk.run.run(tickets.rate, Rate(ticket.token, CITIZEN, level=RatingLevel.DISSATISFIED))
    follow_up_id = desk.run.read(lambda uow: uow.followups.open(HALL))[0]["id"]
    manager = desk.run.staff("boss", "manager")
    closed = desk.run.run(manage.close_follow_up, CloseFollowUp(follow_up_id, manager, "回访"))
    assert closed.closed_by == manager.user_id and closed.note == "回访"
    assert desk.run.read(lambda uow: uow.followups.open(HALL)) == []
    (done,) = desk.published(FollowUpDone)
    (audited,) = desk.published(Audited)
    assert done.follow_up.id == follow_up_id
    assert audited.entry.action == "followup.close" and audited.entry.actor.name == "Boss"
    with pytest.raises(FollowUpClosed):
        desk.run.run(manage.close_follow_up, CloseFollowUp(follow_up_id, manager, "again"))
