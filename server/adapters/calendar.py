"""The working calendar from the `chinese_calendar` package (State Council holiday notices).

The package knows the years its release was published for; later days fall back to the
weekday rule (Monday-Friday) until the package is updated.
"""

from __future__ import annotations

from functools import cache

from server.domain.workdays import WorkingCalendar


@cache
def chinese_working_calendar() -> WorkingCalendar:
    """Holidays and make-up working days as the installed `chinese_calendar` lists them."""
    from chinese_calendar import constants

    return WorkingCalendar.of(constants.holidays.keys(), constants.workdays.keys())
