"""Working days: weekends, public holidays and make-up days, with explicit dates.

Mid-Autumn and National Day 2026 (as chinese_calendar 1.11 lists them): holidays Friday
09-25 and 10-01 .. 10-07; make-up working days Sunday 09-20 and Saturday 10-10.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from server.adapters.calendar import chinese_working_calendar
from server.domain.workdays import WorkingCalendar

NATIONAL_DAY = WorkingCalendar.of(
    holidays=[date(2026, 9, 25), *(date(2026, 10, d) for d in range(1, 8))],
    workdays=[date(2026, 9, 20), date(2026, 10, 10)],
)


def test_weekends_holidays_and_make_up_days():
    cal = NATIONAL_DAY
    assert cal.is_workday(date(2026, 9, 30))  # Wednesday
    assert not cal.is_workday(date(2026, 10, 1))  # Thursday, a holiday
    assert not cal.is_workday(date(2026, 10, 3))  # Saturday in the holiday
    assert cal.is_workday(date(2026, 10, 10)) and cal.is_makeup_day(date(2026, 10, 10))
    assert not cal.is_workday(date(2026, 10, 11))  # an ordinary Sunday
    assert not cal.is_makeup_day(date(2026, 10, 9))  # a Friday is no make-up day


@pytest.mark.parametrize(
    ("accepted", "days", "deadline"),
    [
        (date(2026, 9, 28), 1, date(2026, 9, 29)),
        (date(2026, 9, 28), 2, date(2026, 9, 30)),
        (date(2026, 9, 28), 3, date(2026, 10, 8)),  # jumps the whole holiday
        (date(2026, 9, 28), 5, date(2026, 10, 10)),  # ... and lands on the make-up Saturday
        (date(2026, 9, 28), 6, date(2026, 10, 12)),
        (date(2026, 10, 3), 1, date(2026, 10, 8)),  # accepted on a holiday (a village hall)
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Friday + 1 = the make-up Sunday
        (date(2026, 9, 24), 1, date(2026, 9, 28)),  # over Mid-Autumn and the weekend
        (date(2026, 11, 20), 5, date(2026, 11, 27)),  # an ordinary week: Friday to Friday
    ],
)
def test_deadline_counts_working_days_after_acceptance(accepted, days, deadline):
    assert NATIONAL_DAY.add_working_days(accepted, days) == deadline


def test_working_days_between_counts_both_ends():
    cal = NATIONAL_DAY
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 4
    assert cal.working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert cal.working_days_between(date(2026, 10, 12), date(2026, 10, 10)) == 0
    assert cal.next_workdays(date(2026, 9, 30), 3) == [
        date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9),
    ]  # fmt: skip


def test_a_deadline_of_no_days_is_refused():
    with pytest.raises(ValueError):
        NATIONAL_DAY.add_working_days(date(2026, 9, 28), 0)


def test_the_adapter_agrees_with_chinese_calendar_on_national_day_2026():
    real = chinese_working_calendar()
    start = date(2026, 9, 14)
    for offset in range(35):
        day = start + timedelta(days=offset)
        assert real.is_workday(day) == NATIONAL_DAY.is_workday(day), day
    assert real.add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 10)
