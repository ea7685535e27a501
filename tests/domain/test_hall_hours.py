"""A hall's opening hours, its service day in its own time zone, and its rule defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from server.domain.errors import HallClosed
from server.domain.hall import Hall, HallRules, OpeningHours, RoutingPolicy

WEEKDAY = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
HOURS = OpeningHours({0: WEEKDAY, 1: WEEKDAY, 5: ((time(9, 0), time(12, 0)),), 6: ()})
MONDAY = date(2026, 11, 23)


def hall(hours: OpeningHours = HOURS) -> Hall:
    return Hall("dingcheng", "鼎城区政务服务中心", "Dingcheng", "Asia/Shanghai", hours, HallRules())


def local(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss)


@pytest.mark.parametrize(
    ("hh", "mm", "ss", "is_open"),
    [
        (8, 29, 59, False),
        (8, 30, 0, True),
        (11, 59, 59, True),
        (12, 0, 0, False),
        (13, 29, 59, False),
        (13, 30, 0, True),
        (17, 29, 59, True),
        (17, 30, 0, False),
        (0, 0, 0, False),
    ],
)
def test_a_period_includes_its_start_and_excludes_its_end(
    hh: int, mm: int, ss: int, is_open: bool
) -> None:
    assert HOURS.is_open(local(MONDAY, hh, mm, ss)) is is_open


def test_days_without_periods_or_not_listed_are_closed() -> None:
    sunday, wednesday = date(2026, 11, 29), date(2026, 11, 25)

    assert not HOURS.is_open(local(sunday, 10, 0))
    assert not HOURS.is_open(local(wednesday, 10, 0))


def test_each_weekday_has_its_own_periods() -> None:
    saturday = date(2026, 11, 28)

    assert HOURS.is_open(local(saturday, 9, 0))
    assert not HOURS.is_open(local(saturday, 14, 0))


def test_hours_not_enforced_are_always_open() -> None:
    relaxed = OpeningHours(HOURS.periods, enforce=False)

    assert relaxed.is_open(local(date(2026, 11, 29), 3, 0))
    assert OpeningHours({}, enforce=False).is_open(local(MONDAY, 23, 59))


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime(2026, 11, 22, 15, 59, 59, tzinfo=UTC), date(2026, 11, 22)),
        (datetime(2026, 11, 22, 16, 0, tzinfo=UTC), date(2026, 11, 23)),
        (datetime(2026, 11, 22, 17, 0, tzinfo=UTC), date(2026, 11, 23)),
        (datetime(2026, 11, 23, 15, 59, 59, tzinfo=UTC), date(2026, 11, 23)),
    ],
)
def test_the_service_day_is_the_calendar_day_in_shanghai(utc: datetime, day: date) -> None:
    assert hall().service_day(utc) == day


def test_local_time_is_in_the_halls_time_zone() -> None:
    shown = hall().local(datetime(2026, 11, 22, 17, 0, tzinfo=UTC))

    assert (shown.date(), shown.time()) == (MONDAY, time(1, 0))
    assert shown.utcoffset() == timedelta(hours=8)


def test_ensure_open_passes_during_opening_hours_in_local_time() -> None:
    hall().ensure_open(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))  # Monday 10:00 in Shanghai


@pytest.mark.parametrize(
    "utc",
    [
        datetime(2026, 11, 22, 17, 0, tzinfo=UTC),  # Monday 01:00 in Shanghai
        datetime(2026, 11, 23, 4, 0, tzinfo=UTC),  # Monday 12:00, lunch
        datetime(2026, 11, 23, 9, 30, tzinfo=UTC),  # Monday 17:30, just closed
        datetime(2026, 11, 29, 2, 0, tzinfo=UTC),  # Sunday 10:00
    ],
)
def test_ensure_open_refuses_outside_opening_hours(utc: datetime) -> None:
    with pytest.raises(HallClosed) as refused:
        hall().ensure_open(utc)

    assert refused.value.params == {"hall": "dingcheng"}


def test_a_hall_that_does_not_enforce_hours_is_never_closed() -> None:
    hall(OpeningHours(HOURS.periods, enforce=False)).ensure_open(
        datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
    )


def test_rule_defaults_are_the_plain_rules_the_example_hall_tunes() -> None:
    rules = HallRules()

    assert (rules.recall_limit, rules.rejoin_within_minutes, rules.transfer_keeps_place) == (
        3,
        30.0,
        True,
    )
    assert (rules.max_pause_minutes, rules.call_guard_seconds) == (15.0, 1.0)
    # The plain rules (help whenever the general line has one ticket, oldest first); the
    # example hall sets the tuned K = 2 with shortest-first help (docs/routing.md).
    assert rules.routing == RoutingPolicy(
        specialist_help_min_general_waiting=1, specialist_help_shortest_first=False, aging="red"
    )
