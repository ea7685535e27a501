"""Bad-rating follow-ups (差评回访) get a due day: the [cases] followup_working_days-th working
day after the rating (default 1), overdue from the hall's next midnight. Yellow on the due day
(and the days off just before it), red after; shown on the board, in the 督办 list and as a
followup_deadline warning count on the wall display.

Seeds name no time limit for follow-ups; the rule is the hall file's number of working days.
Dates: Friday 2026-11-27 (due Monday 11-30); National Day 2026 as tests/domain/test_workdays.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.domain.alerts import Level
from server.domain.rating import due_day, end_of_day, follow_up_card, follow_up_due_on
from server.services.snapshot import refresh_alerts
from tests.domain.test_workdays import NATIONAL_DAY
from tests.server.conftest import HALL, events

SHANGHAI = "Asia/Shanghai"


@pytest.mark.parametrize(
    ("opened", "days", "due"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday -> Tuesday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday, over the weekend
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # a Saturday (a village hall) -> Monday
        (date(2026, 9, 30), 1, date(2026, 10, 8)),  # over the whole National Day holiday
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # Friday -> the make-up Saturday
        (date(2026, 9, 29), 3, date(2026, 10, 9)),
        (date(2026, 11, 23), 0, date(2026, 11, 24)),  # at least one working day
    ],
)
def test_the_due_day_counts_working_days(opened, days, due):
    assert follow_up_due_on(NATIONAL_DAY, opened, days) == due


def test_due_at_is_the_halls_midnight_after_the_due_day():
    at = end_of_day(date(2026, 11, 30), SHANGHAI)
    assert at.astimezone(UTC) == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert due_day(at, SHANGHAI) == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (date(2026, 11, 27), None),  # the Friday of the rating: two working days to Monday
        (date(2026, 11, 28), Level.YELLOW),  # Saturday: only Monday is left
        (date(2026, 11, 29), Level.YELLOW),
        (date(2026, 11, 30), Level.YELLOW),  # the due day
        (date(2026, 12, 1), Level.RED),  # the day after
    ],
)
def test_card_levels_at_their_edges(today, level):
    assert follow_up_card(NATIONAL_DAY, today, date(2026, 11, 30)) is level


def bad_rating(hall):
    """A ticket served at window 2 and rated 非常不满意 now: a follow-up opens."""
    ticket = hall.issue("social_security")
    clerk = hall.clerk("clerk1", window=2)
    hall.clock.advance(seconds=5)
    assert clerk.post("/windows/2/call-next").json["number"] == ticket["number"]
    assert clerk.post("/windows/2/finish", {"outcome": "done"}).status_code == 200
    r = hall.anonymous().post(f"/tickets/{ticket['token']}/rating", {"level": 1})
    assert r.status_code == 201 and r.json["follow_up"] is True
    return clerk


def followups(hall):
    return hall.clerk("manager").get(f"/halls/{HALL}/board").json["followups"]


def late_followups(hall):
    """The 督办 list's follow-ups, as a clerk signed in now (sessions end after some hours)."""
    r = hall.clerk("clerk2").get(f"/halls/{HALL}/cases/late")
    assert r.status_code == 200, r.json
    return r.json["followups"]


def test_a_friday_rating_is_due_monday_and_turns_yellow_then_red(hall):
    hall.clock.advance(days=4)  # Friday 11-27 10:00 in Shanghai
    bad_rating(hall)
    display = hall.display()
    events(display)
    ((f,),) = [followups(hall)]
    assert f["due_at"] == "2026-11-30T16:00:00+00:00" and f["due_on"] == "2026-11-30"
    assert f["card"] is None and f["days_over"] is None
    assert late_followups(hall) == []

    hall.clock.advance(days=1)  # Saturday: only Monday is left
    hall.runtime.execute(refresh_alerts, HALL)
    ((name, warning),) = events(display, "warning.raised")
    assert warning["kind"] == "followup_deadline" and warning["level"] == "yellow"
    assert warning["count"] == 1 and warning["kind_zh"] == "差评回访时限"
    assert warning["title_zh"].startswith("1件差评回访") and "follow-up" in warning["title_en"]
    assert warning["since"].startswith("2026-11-27T16:00"), "from Saturday 00:00 in Shanghai"
    assert followups(hall)[0]["card"] == "yellow"

    hall.clock.advance(days=3)  # Tuesday 12-01: past the due day
    hall.runtime.execute(refresh_alerts, HALL)
    kinds = [(n, a["kind"], a["level"]) for n, a in events(display) if n.startswith("warning.")]
    assert ("warning.raised", "followup_deadline", "red") in kinds
    assert ("warning.cleared", "followup_deadline", "yellow") in kinds
    (late,) = late_followups(hall)
    assert late["card"] == "red" and late["days_over"] == 1 and late["ticket"].startswith("A")

    manager = hall.clerk("manager")
    closed = manager.post(f"/followups/{late['id']}/close", {"note": "已电话回访并致歉"})
    assert closed.status_code == 200, closed.json
    hall.runtime.execute(refresh_alerts, HALL)
    assert [(n, a["level"]) for n, a in events(display, "warning.cleared")] == [
        ("warning.cleared", "red")
    ]
    assert late_followups(hall) == []


def test_the_hall_file_sets_the_working_days(hall):
    from sqlalchemy import select, update

    from server.adapters import tables

    p = tables.hall_policies.c
    with hall.engine.begin() as conn:
        cards = conn.execute(select(p.cards).where(p.hall_id == HALL)).scalar_one()
        assert cards["followup_working_days"] == 1  # from the example hall file
        conn.execute(
            update(tables.hall_policies)
            .where(p.hall_id == HALL)
            .values(cards={**cards, "followup_working_days": 3})
        )
    bad_rating(hall)  # Monday 11-23 -> Thursday 11-26
    assert followups(hall)[0]["due_on"] == "2026-11-26"
