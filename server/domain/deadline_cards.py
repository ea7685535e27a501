"""Deadline cards (红黄牌预警) of anything due by a day: a case's promise (承诺时限), a bad
rating's follow-up (差评回访), a missing material's promise date (容缺受理).

Rules, on the hall's local day `today`, for a thing due by the end of its day `due`:
- Working days left count today and the due day, both included; 0 once overdue.
- Red once the due day has passed (the promise broke with it), from the day after it on; the
  working days over count from that day to today, at least 1.
- Yellow while at most `yellow_days` working days are left; from the first day on which that
  was so: the `yellow_days`-th working day back from the due day and the days off just before
  it (no fewer working days are left on them), never before the clock `started`.
- No card otherwise.
- Most urgent first: red, then yellow, then no card; the nearest due day first, none last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from server.domain.alerts import Level
from server.domain.workdays import MAX_SPAN, WorkingCalendar

_RANK = {Level.RED: 0, Level.YELLOW: 1}


@dataclass(frozen=True)
class Card:
    level: Level
    since: date  # the first local day at this level
    days_left: int


@dataclass(frozen=True)
class Countdown:
    """Where a deadline stands on a day: its card, the working days left or over."""

    card: Card | None
    days_left: int
    days_over: int | None  # None until overdue


def is_overdue(today: date, due: date) -> bool:
    return today > due


def working_days_left(calendar: WorkingCalendar, today: date, due: date) -> int:
    """Working days in [today, due]: 0 once overdue."""
    return calendar.working_days_between(today, due)


def working_days_over(calendar: WorkingCalendar, today: date, due: date) -> int | None:
    """Working days from the day after `due` to `today`, at least 1 once overdue; else None."""
    if not is_overdue(today, due):
        return None
    return max(1, calendar.working_days_between(due + timedelta(days=1), today))


def countdown(
    calendar: WorkingCalendar,
    today: date,
    due: date,
    *,
    yellow_days: int,
    started: date | None = None,
) -> Countdown:
    """The card of a thing due by the end of `due`, and its working days left or over."""
    left = working_days_left(calendar, today, due)
    over = working_days_over(calendar, today, due)
    if over is not None:
        return Countdown(Card(Level.RED, due + timedelta(days=1), 0), left, over)
    if left > yellow_days:
        return Countdown(None, left, None)
    since = _yellow_since(calendar, due, yellow_days, started)
    return Countdown(Card(Level.YELLOW, since, left), left, None)


def urgency(level: Level | None, due: date | None) -> tuple[int, date]:
    """Sort key, most urgent first: red, yellow, no card; then the nearest due day, none last."""
    return (_RANK.get(level, 2) if level is not None else 2, due or date.max)


def _yellow_since(
    calendar: WorkingCalendar, due: date, yellow_days: int, started: date | None
) -> date:
    """The first day on which at most `yellow_days` working days are left up to `due`."""
    day, left = due, int(calendar.is_workday(due))
    for _ in range(MAX_SPAN):
        if started is not None and day <= started:
            return started
        before = day - timedelta(days=1)
        if left + calendar.is_workday(before) > yellow_days:
            return day
        day, left = before, left + calendar.is_workday(before)
    return day
