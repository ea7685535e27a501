"""Working days (工作日) of the Chinese calendar: weekends, public holidays, make-up days.

The rules take explicit sets (so tests name their dates); an adapter fills them from the
`chinese_calendar` package. Deadlines of promised matters count working days only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_SPAN = 3660  # no deadline or look-up walks further than ten years of days


@dataclass(frozen=True)
class WorkingCalendar:
    """Monday to Friday are working days, except `holidays`; `workdays` are make-up days
    (调休上班) that fall on a weekend."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> WorkingCalendar:
        return cls(frozenset(holidays), frozenset(workdays))

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def is_makeup_day(self, day: date) -> bool:
        return day in self.workdays and day.weekday() >= 5

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself never counts): the deadline
        of a matter accepted on `start` and promised within `days` working days."""
        if days < 1:
            raise ValueError("days must be at least 1")
        day, left = start, days
        for _ in range(MAX_SPAN):
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
                if left == 0:
                    return day
        raise ValueError("no working day within ten years")

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days lie in [first, last] (0 when last is before first)."""
        count, day = 0, first
        while day <= last:
            count += self.is_workday(day)
            day += timedelta(days=1)
        return count

    def next_workdays(self, start: date, count: int) -> list[date]:
        """`count` working days from `start` on (start included when it is one)."""
        out: list[date] = []
        day = start
        for _ in range(MAX_SPAN):
            if len(out) == count:
                break
            if self.is_workday(day):
                out.append(day)
            day += timedelta(days=1)
        return out
