"""Rating right after service (办完即评, 好差评) on the five national levels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from zoneinfo import ZoneInfo

from server.domain.alerts import Level
from server.domain.deadline_cards import Countdown, countdown
from server.domain.errors import AlreadyRated, NotRateable
from server.domain.ticket import Ticket, TicketStatus
from server.domain.workdays import WorkingCalendar

FOLLOW_UP_YELLOW_DAYS = 1  # a follow-up turns yellow on its last working day


class RatingLevel(IntEnum):
    VERY_SATISFIED = 5  # 非常满意
    SATISFIED = 4  # 满意
    BASICALLY_SATISFIED = 3  # 基本满意
    DISSATISFIED = 2  # 不满意
    VERY_DISSATISFIED = 1  # 非常不满意

    @property
    def is_bad(self) -> bool:
        return self <= RatingLevel.DISSATISFIED


@dataclass(frozen=True)
class Rating:
    ticket_id: int
    hall_id: str
    window_id: int | None
    level: RatingLevel
    reasons: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class FollowUp:
    """A bad rating opens a follow-up that a manager must close (差评整改)."""

    hall_id: str
    ticket_id: int
    opened_at: datetime
    due_at: datetime | None = None  # the end of the last working day allowed (see below)


def follow_up_due_on(calendar: WorkingCalendar, opened_on: date, working_days: int) -> date:
    """The last day of a follow-up opened on the hall's local day `opened_on`: the
    `working_days`-th working day after it (a rating on Friday with 1 day is due Monday)."""
    return calendar.add_working_days(opened_on, max(1, working_days))


def end_of_day(day: date, timezone: str) -> datetime:
    """The hall's local midnight after `day`: the moment a follow-up due that day is overdue."""
    return datetime.combine(day + timedelta(days=1), time(0), ZoneInfo(timezone))


def due_day(due_at: datetime, timezone: str) -> date:
    """The local day a follow-up is due (the day before the midnight stored as due_at)."""
    return (due_at.astimezone(ZoneInfo(timezone)) - timedelta(microseconds=1)).date()


def follow_up_countdown(
    calendar: WorkingCalendar, today: date, due_on: date, opened_on: date | None = None
) -> Countdown:
    """Red once the due day has passed; yellow while at most FOLLOW_UP_YELLOW_DAYS working
    days are left (today included): the due day itself and the days off just before it."""
    return countdown(calendar, today, due_on, yellow_days=FOLLOW_UP_YELLOW_DAYS, started=opened_on)


def follow_up_card(calendar: WorkingCalendar, today: date, due_on: date) -> Level | None:
    card = follow_up_countdown(calendar, today, due_on).card
    return card.level if card else None


def rate(
    ticket: Ticket, level: RatingLevel, reasons: tuple[str, ...], already_rated: bool, now: datetime
) -> tuple[Rating, FollowUp | None]:
    """Rate a finished ticket once; a bad rating also opens a follow-up."""
    if ticket.status is not TicketStatus.DONE or ticket.id is None:
        raise NotRateable(number=ticket.number, state=ticket.status.value)
    if already_rated:
        raise AlreadyRated(number=ticket.number)
    rating = Rating(ticket.id, ticket.hall_id, ticket.window_id, level, reasons, now)
    follow_up = FollowUp(ticket.hall_id, ticket.id, now) if level.is_bad else None
    return rating, follow_up
