"""Deadline cards (红黄牌): one rule for cases, follow-ups and material promises, each rule
of server/domain/deadline_cards.py at its edges.

Dates: National Day 2026 as tests/domain/test_workdays.py (holidays 10-01 .. 10-07, make-up
working Saturday 10-10). Wednesday 09-30 is the last working day before the holiday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from server.domain.alerts import Level
from server.domain.cases import CardPolicy, Case
from server.domain.deadline_cards import Card, Countdown, countdown, urgency
from server.domain.rating import follow_up_countdown
from tests.domain.test_workdays import NATIONAL_DAY

WED, HOLIDAY, THU_AFTER = date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 8)


def on(today: date, due: date, yellow_days: int = 1, started: date | None = None) -> Countdown:
    return countdown(NATIONAL_DAY, today, due, yellow_days=yellow_days, started=started)


def test_working_days_left_count_today_and_the_due_day_and_none_once_overdue() -> None:
    assert on(date(2026, 9, 29), THU_AFTER, yellow_days=0).days_left == 3  # Tue, Wed, Thu
    assert on(THU_AFTER, THU_AFTER).days_left == 1
    assert on(date(2026, 10, 9), THU_AFTER).days_left == 0


def test_red_from_the_day_after_the_due_day_with_at_least_one_working_day_over() -> None:
    assert on(WED, WED).card == Card(Level.YELLOW, date(2026, 9, 30), 1)
    red = on(HOLIDAY, WED)  # a holiday: no working day over yet, still the promise broke
    assert red == Countdown(Card(Level.RED, HOLIDAY, 0), 0, 1)
    assert on(THU_AFTER, WED).days_over == 1
    assert on(date(2026, 10, 9), WED).days_over == 2
    assert on(date(2026, 10, 9), WED).card == Card(Level.RED, HOLIDAY, 0)


def test_yellow_from_the_last_working_days_and_the_days_off_just_before_them() -> None:
    assert on(WED, THU_AFTER).card is None, "Wednesday and Thursday: two working days left"
    yellow = on(date(2026, 10, 3), THU_AFTER)
    assert yellow == Countdown(Card(Level.YELLOW, HOLIDAY, 1), 1, None)
    two = on(date(2026, 10, 2), date(2026, 10, 9), yellow_days=2)  # Thursday and Friday left
    assert two.card == Card(Level.YELLOW, HOLIDAY, 2)
    assert on(WED, date(2026, 10, 9), yellow_days=2).card is None


def test_yellow_never_starts_before_the_clock_did() -> None:
    late_start = on(date(2026, 10, 4), THU_AFTER, started=date(2026, 10, 3))
    assert late_start.card == Card(Level.YELLOW, date(2026, 10, 3), 1)
    assert on(date(2026, 10, 4), THU_AFTER, started=WED).card == Card(Level.YELLOW, HOLIDAY, 1)


def test_a_due_day_off_is_yellow_from_the_last_working_day_before_it() -> None:
    sunday = date(2026, 10, 11)  # after the make-up Saturday 10-10
    assert on(date(2026, 10, 10), sunday).card == Card(Level.YELLOW, date(2026, 10, 10), 1)
    assert on(date(2026, 10, 9), sunday).card is None


def test_no_card_while_more_working_days_are_left_than_the_yellow_days() -> None:
    assert on(date(2026, 9, 28), THU_AFTER, yellow_days=3) == Countdown(None, 4, None)


def test_most_urgent_first_red_yellow_then_the_rest_nearest_due_day_first() -> None:
    items = [
        (None, date(2026, 10, 1)),
        (Level.YELLOW, date(2026, 10, 9)),
        (None, None),
        (Level.RED, date(2026, 10, 2)),
        (Level.YELLOW, date(2026, 10, 8)),
        (Level.RED, date(2026, 9, 1)),
    ]
    assert sorted(items, key=lambda x: urgency(*x)) == [
        (Level.RED, date(2026, 9, 1)),
        (Level.RED, date(2026, 10, 2)),
        (Level.YELLOW, date(2026, 10, 8)),
        (Level.YELLOW, date(2026, 10, 9)),
        (None, date(2026, 10, 1)),
        (None, None),
    ]


def test_cases_and_follow_ups_read_the_same_rule() -> None:
    case = Case.accept(
        calendar=NATIONAL_DAY, on=WED, at=datetime(2026, 9, 30, 2, tzinfo=UTC),
        promised_days=1, hall_id="h", number="20260930-0001", service_code="x", ticket_id=1,
    )  # fmt: skip
    assert case.deadline == THU_AFTER
    for day in (WED, HOLIDAY, date(2026, 10, 5), THU_AFTER, date(2026, 10, 9)):
        expected = on(day, THU_AFTER, started=WED)
        assert case.countdown(NATIONAL_DAY, day, CardPolicy()) == expected
        assert follow_up_countdown(NATIONAL_DAY, day, THU_AFTER, WED) == expected


def test_a_missing_material_is_overdue_the_day_after_its_promise_date() -> None:
    case = Case.accept(
        calendar=NATIONAL_DAY, on=WED, at=datetime(2026, 9, 30, 2, tzinfo=UTC),
        promised_days=5, hall_id="h", number="20260930-0002", service_code="x", ticket_id=1,
    )  # fmt: skip
    case.record_materials(("身份证",), ("户口簿",), HOLIDAY, datetime(2026, 9, 30, 3, tzinfo=UTC))
    assert not case.material_overdue(HOLIDAY)
    assert case.material_overdue(date(2026, 10, 2))
